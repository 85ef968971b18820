from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rcm.codesets.hcpcs import CodeStatus, HcpcsCodeSet, parse_hcpcs_file
from rcm.errors import InvalidInput

SAMPLE = Path(__file__).parent / "data" / "hcpcs_sample_anweb.txt"


def _records() -> HcpcsCodeSet:
    with SAMPLE.open() as handle:
        return HcpcsCodeSet(parse_hcpcs_file(handle))


def test_parses_procedures_and_modifiers_and_skips_continuations() -> None:
    codes = _records()
    assert sorted(codes.codes) == ["A4550", "G0438", "G0439", "G9001", "G9002", "J1100"]
    assert sorted(codes.modifiers) == ["GA", "GT"]
    record = codes.codes["G9001"]
    assert (record.added, record.action_effective, record.terminated, record.action_code) == (
        date(2020, 1, 1),
        date(2026, 1, 1),
        date(2025, 12, 31),
        "D",
    )
    assert codes.codes["G0438"].short_description == "SYNTH ANNUAL VISIT FIRST"


@pytest.mark.parametrize(
    ("code", "on", "status"),
    [
        ("G0439", date(2026, 6, 1), CodeStatus.VALID),
        ("G9001", date(2025, 12, 31), CodeStatus.VALID),
        ("G9001", date(2026, 1, 1), CodeStatus.NOT_EFFECTIVE),
        ("G9002", date(2026, 6, 30), CodeStatus.NOT_EFFECTIVE),
        ("G9002", date(2026, 7, 1), CodeStatus.VALID),
        ("G1234", date(2026, 6, 1), CodeStatus.NOT_FOUND),
    ],
)
def test_status_on_a_date(code: str, on: date, status: CodeStatus) -> None:
    assert _records().status(code, on) is status


def test_short_or_foreign_lines_are_refused_with_their_line_number() -> None:
    with pytest.raises(InvalidInput, match="line 2: not a CMS HCPCS fixed-width record"):
        list(parse_hcpcs_file([SAMPLE.read_text().splitlines()[0], "G0439 a short line"]))


def test_bad_date_is_refused() -> None:
    line = SAMPLE.read_text().splitlines()[4]
    broken = line[:268] + "20261399" + line[276:]
    with pytest.raises(InvalidInput, match=r"line 1: bad date '20261399' \(expected YYYYMMDD\)"):
        list(parse_hcpcs_file([broken]))
