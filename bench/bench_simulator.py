"""Payer simulator throughput: 837P in -> 999 + 277CA at once -> 835s when due.

    uv run python bench/bench_simulator.py [--claims 10000]

The reference in the same run is pyx12 validating the simulator's largest 835 (claims/s).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from rcm.clearinghouse.simulator import SimulatorConnector
from rcm.edi import build_837, validate_x12
from rcm.edi.examples import envelope, example_batch


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=10_000)
    args = parser.parse_args()
    content = build_837(example_batch(args.claims), envelope(1)).encode()
    today = [date(2026, 11, 23)]
    with tempfile.TemporaryDirectory(prefix="bench-sim-") as tmp:
        connector = SimulatorConnector.from_options(state_dir=Path(tmp), clock=lambda: today[0])
        started = time.perf_counter()
        connector.send_batch("000000001", "batch1.x12", content)
        acks = connector.fetch_responses()
        received = time.perf_counter() - started
        today[0] += timedelta(days=60)
        started = time.perf_counter()
        remits = connector.fetch_responses()
        released = time.perf_counter() - started
        outcomes = Counter(d.outcome.value for d in connector.simulator.decisions())
        largest = max(remits, key=lambda f: len(f.content))
        started = time.perf_counter()
        valid = validate_x12(largest.content).valid
        checked = time.perf_counter() - started
        claims_in_largest = largest.content.count(b"\nCLP*")
    print(f"simulator: {args.claims:,} claims; outcomes {dict(sorted(outcomes.items()))}")
    print(
        f"  receive (parse, decide, 999 + 277CA): {received:.2f} s = {args.claims / received:,.0f} claims/s "
        f"({len(acks)} files)"
    )
    print(
        f"  release (835s):                     {released:.2f} s = {args.claims / released:,.0f} claims/s "
        f"({len(remits)} files)"
    )
    print(
        f"  reference: pyx12 validation of the largest 835 ({claims_in_largest:,} CLP): {checked:.2f} s = "
        f"{claims_in_largest / checked:,.0f} claims/s, valid={valid}"
    )


if __name__ == "__main__":
    main()
