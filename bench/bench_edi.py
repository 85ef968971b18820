"""X12 benchmark: our streaming 835 parser against pyx12's loop-aware reader, and 837P build speed.

    uv run python bench/bench_edi.py            # pyx12 on the full 100,000-claim file if it fits ~3 min
    uv run python bench/bench_edi.py --quick    # pyx12 on a 5,000-claim subset, extrapolated (labelled)

Each parser runs in its own subprocess so peak RSS (VmHWM) is its own. The ratio is
ours / pyx12 in claims per second, measured in the same run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rcm.edi import ClaimPayment, RemittanceEnd, build_837, stream_835, validate_x12
from rcm.edi.build_835 import write_835
from rcm.edi.examples import envelope, example_batch, example_remittance, example_remittance_claims

PYX12_BUDGET_SECONDS = 180
SUBSET_CLAIMS = 5_000
PROBE_CLAIMS = 2_000


def generate_835(directory: Path, claims: int) -> Path:
    path = directory / f"remittance_{claims}.835"
    header, plb = example_remittance(claims)
    with path.open("w", encoding="ascii") as out:
        write_835(out, header, example_remittance_claims(claims), plb, envelope())
    return path


def child_ours(path: str) -> dict[str, object]:
    start = time.perf_counter()
    claims = reversals = 0
    balanced = True
    for event in stream_835(path):
        if isinstance(event, ClaimPayment):
            claims += 1
            reversals += event.is_reversal
        elif isinstance(event, RemittanceEnd):
            balanced = balanced and event.balance().balanced
    return {
        "claims": claims,
        "reversals": reversals,
        "balanced": balanced,
        "seconds": time.perf_counter() - start,
    }


def child_pyx12(path: str) -> dict[str, object]:
    import logging

    import pyx12.error_handler
    import pyx12.params
    import pyx12.x12context

    logging.disable(logging.CRITICAL)
    start = time.perf_counter()
    claims = 0
    with open(path, encoding="ascii") as handle:
        reader = pyx12.x12context.X12ContextReader(
            pyx12.params.params(), pyx12.error_handler.errh_null(), handle
        )
        for tree in reader.iter_segments("2100"):
            claims += tree.id == "2100"
    return {"claims": claims, "seconds": time.perf_counter() - start}


def run_child(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def measure_pyx12(directory: Path, path: Path, claims: int, quick: bool) -> tuple[dict[str, float], str]:
    if quick:
        subset = run_child("pyx12", generate_835(directory, SUBSET_CLAIMS))
        return subset, f"subset of {SUBSET_CLAIMS:,} claims, extrapolated (--quick)"
    probe = run_child("pyx12", generate_835(directory, PROBE_CLAIMS))
    estimate = probe["seconds"] * claims / PROBE_CLAIMS
    if estimate > PYX12_BUDGET_SECONDS:
        subset = run_child("pyx12", generate_835(directory, SUBSET_CLAIMS))
        return (
            subset,
            f"subset of {SUBSET_CLAIMS:,} claims, extrapolated (full run estimated {estimate:.0f} s)",
        )
    return run_child("pyx12", path), "full file"


def bench_835(directory: Path, claims: int, quick: bool) -> None:
    started = time.perf_counter()
    path = generate_835(directory, claims)
    size_mb = path.stat().st_size / 1e6
    print(f"835: generated {claims:,} claims ({size_mb:.1f} MB) in {time.perf_counter() - started:.1f} s")
    ours = run_child("ours", path)
    theirs, how = measure_pyx12(directory, path, claims, quick)
    ours_rate = ours["claims"] / ours["seconds"]
    theirs_rate = theirs["claims"] / theirs["seconds"]
    print(
        f"  ours  stream_835 (streaming)       {ours['seconds']:8.2f} s {ours_rate:>10,.0f} claims/s"
        f"   peak RSS {ours['rss_mb']:6.1f} MB   reversals {ours['reversals']:,}  balanced {ours['balanced']}"
    )
    print(
        f"  pyx12 X12ContextReader (2100 loops) {theirs['seconds']:8.2f} s {theirs_rate:>10,.0f} claims/s"
        f"   peak RSS {theirs['rss_mb']:6.1f} MB   [{how}]"
    )
    ratio = ours_rate / theirs_rate
    print(
        f"  ratio ours/pyx12: {ratio:.0f}x (target >= 50x: {'met' if ratio >= 50 else 'NOT met'}); "
        f"ours streams under 200 MB: {'yes' if ours['rss_mb'] < 200 else 'NO'}"
    )


def bench_837(directory: Path, claims: int) -> None:
    batch = example_batch(claims)
    timings = []
    for control in range(1, 4):
        started = time.perf_counter()
        text = build_837(batch, envelope(control))
        timings.append(time.perf_counter() - started)
    rate = claims / min(timings)
    path = directory / "batch.837"
    path.write_text(text, encoding="ascii")
    started = time.perf_counter()
    result = validate_x12(path)
    validation = time.perf_counter() - started
    print(
        f"837P: built {claims:,} claims in {min(timings):.3f} s (best of 3) = {rate:,.0f} claims/s "
        f"(target >= 20,000: {'met' if rate >= 20_000 else 'NOT met'})"
    )
    print(
        f"  pyx12 validation of the same file: {validation:.1f} s ({claims / validation:,.0f} claims/s), "
        f"{'valid, 0 errors' if result.valid else f'{len(result.issues)} issues'}; "
        f"build is {validation / min(timings):.0f}x faster than validation"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--quick", action="store_true", help="pyx12 on a 5,000-claim subset, extrapolated")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        from _child import peak_rss_mb

        kind, path = args.child
        result = child_ours(path) if kind == "ours" else child_pyx12(path)
        result["rss_mb"] = peak_rss_mb()
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory(prefix="bench-edi-") as tmp:
        bench_835(Path(tmp), args.claims, args.quick)
        bench_837(Path(tmp), args.batch)


if __name__ == "__main__":
    main()
