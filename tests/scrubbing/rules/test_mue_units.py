from __future__ import annotations

import dataclasses
from decimal import Decimal

from rcm.codesets.mue import MueLimit
from rcm.scrubbing.lookups import InMemoryMue, Lookups
from rcm.scrubbing.rules.mue_units import MUE_UNITS_EXCEEDED, check_mue
from tests.scrubbing.builders import make_claim, make_line

# Synthetic limits: not CMS data.
LOOKUPS = dataclasses.replace(
    Lookups(), mue=InMemoryMue([MueLimit("97110", 4, 1), MueLimit("J1100", 10, 3), MueLimit("81002", 2, 2)])
)


def test_units_at_the_limit_pass() -> None:
    claim = make_claim(
        lines=(make_line(1, "97110", units=Decimal(4)), make_line(2, "J1100", units=Decimal(10)))
    )
    assert check_mue(claim, LOOKUPS) == []


def test_line_edit_counts_units_on_one_line() -> None:
    findings = check_mue(make_claim(lines=(make_line(1, "97110", units=Decimal(5)),)), LOOKUPS)
    assert [(f.rule_id, f.line_number, f.carc, f.field) for f in findings] == [
        (MUE_UNITS_EXCEEDED, 1, "151", "units")
    ]
    assert "5 units of 97110" in findings[0].message and "allows 4" in findings[0].message


def test_line_edit_allows_the_units_split_over_lines() -> None:
    claim = make_claim(
        lines=(make_line(1, "97110", units=Decimal(4)), make_line(2, "97110", units=Decimal(3)))
    )
    assert check_mue(claim, LOOKUPS) == []


def test_date_of_service_edit_sums_the_day() -> None:
    claim = make_claim(
        lines=(make_line(1, "81002", units=Decimal(1)), make_line(2, "81002", units=Decimal(2)))
    )
    findings = check_mue(claim, LOOKUPS)
    assert [(f.rule_id, f.line_number) for f in findings] == [(MUE_UNITS_EXCEEDED, 2)]


def test_codes_without_an_mue_are_not_limited() -> None:
    assert check_mue(make_claim(lines=(make_line(units=Decimal(99)),)), LOOKUPS) == []
