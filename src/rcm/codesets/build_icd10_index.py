"""Rebuild `data/icd10cm_validity.tsv.gz` from CDC releases.

The packaged index was built from the CDC files bundled in three simple-icd-10-cm wheels:

    pip download --no-deps simple-icd-10-cm==1.2.0 -d /tmp/icd   # icd10cm-order-Jan-2021.txt
    pip download --no-deps simple-icd-10-cm==1.4.0 -d /tmp/icd   # code-list-April-2025.txt
    pip download --no-deps simple-icd-10-cm==1.5.0 -d /tmp/icd   # code-list-April-2026.txt
    uv run python -m rcm.codesets.build_icd10_index \\
        2021-01-01=/tmp/icd/simple_icd_10_cm-1.2.0-py3-none-any.whl \\
        2025-04-01=/tmp/icd/simple_icd_10_cm-1.4.0-py3-none-any.whl \\
        2026-04-01=/tmp/icd/simple_icd_10_cm-1.5.0-py3-none-any.whl --verify

Each argument is `EFFECTIVE_DATE=PATH`; PATH is a wheel (its bundled CDC code file is used) or a
CDC/CMS text file (`icd10cm-codes-YYYY.txt`, `icd10cm_order_YYYY.txt`). `--verify` checks that
the leaves we derive for the installed simple-icd-10-cm release equal its own `is_leaf` (its
tabular XML also carries a few non-ICD-10-CM `QA...` placeholders, which we ignore).
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from datetime import date
from pathlib import Path

from rcm.codesets.icd10 import (
    INDEX_RESOURCE,
    Icd10CodeSet,
    Icd10Release,
    is_code_shape,
    parse_cdc_code_file,
    write_index,
)

_WHEEL_MEMBER = re.compile(r"simple_icd_10_cm/data/(code-list-.+|icd10cm-order-.+)\.txt$")
_MONTH_YEAR = re.compile(r"([A-Z][a-z]+)-(\d{4})")
_MONTHS = {"Jan": "January", "Apr": "April", "Oct": "October"}
DEFAULT_OUTPUT = Path(__file__).parent / "data" / INDEX_RESOURCE


def _label(stem: str) -> str:
    """'code-list-April-2026' -> 'CDC ICD-10-CM April 2026'."""
    match = _MONTH_YEAR.search(stem)
    return f"CDC ICD-10-CM {_MONTHS.get(match.group(1), match.group(1))} {match.group(2)}" if match else stem


def read_release(spec: str) -> tuple[Icd10Release, frozenset[str]]:
    effective, _, raw_path = spec.partition("=")
    path = Path(raw_path)
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as wheel:
            member = next(n for n in wheel.namelist() if _WHEEL_MEMBER.search(n))
            text = wheel.read(member).decode("latin-1")
        label = _label(Path(member).stem)
    else:
        text, label = path.read_text(encoding="latin-1"), path.name
    return Icd10Release(label, date.fromisoformat(effective)), parse_cdc_code_file(io.StringIO(text))


def build(specs: list[str]) -> Icd10CodeSet:
    codeset = Icd10CodeSet([], {})
    for spec in specs:
        release, billable = read_release(spec)
        codeset = codeset.with_release(release, billable)
        print(f"{release.effective_from}  {len(billable):>6} billable  {release.label}")
    return codeset


def verify_against_installed(codeset: Icd10CodeSet) -> None:
    import simple_icd_10_cm as icd

    leaves = {
        c.replace(".", "")
        for c in icd.get_all_codes(with_dots=True)
        if icd.is_category_or_subcategory(c) and icd.is_leaf(c) and is_code_shape(c)
    }
    ours = codeset.billable_codes(codeset.releases[-1])
    if leaves != ours:
        sample = sorted(leaves ^ ours)[:20]
        raise SystemExit(f"mismatch with simple-icd: {len(leaves ^ ours)} codes differ, e.g. {sample}")
    print(f"verified: {len(ours)} leaves match simple-icd-10-cm is_leaf")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("releases", nargs="+", metavar="DATE=PATH")
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args(argv)
    codeset = build(args.releases)
    if args.verify:
        verify_against_installed(codeset)
    write_index(codeset, args.output)
    print(f"wrote {args.output} ({len(codeset)} codes, {args.output.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
