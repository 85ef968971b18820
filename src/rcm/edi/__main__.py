"""`python -m rcm.edi parse FILE [--lenient]`: print a JSON summary, or the X12 error (exit 2)."""

from __future__ import annotations

import argparse
import json
import sys

from rcm.edi.errors import X12Error
from rcm.edi.summary import summarize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m rcm.edi")
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="summarize an X12 file (835, 837, 999, 277, TA1)")
    parse.add_argument("path")
    parse.add_argument(
        "--lenient", action="store_true", help="record SE/GE/IEA count mismatches instead of failing"
    )
    args = parser.parse_args(argv)
    try:
        print(json.dumps(summarize(args.path, strict=not args.lenient), indent=2))
    except X12Error as exc:
        print(json.dumps(exc.to_dict(), indent=2), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
