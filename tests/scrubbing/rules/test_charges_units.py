from __future__ import annotations

import dataclasses
from decimal import Decimal

from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.charges_units import (
    CHARGE_NOT_POSITIVE,
    TOTAL_CHARGE_MISMATCH,
    UNITS_NOT_POSITIVE,
    check_charges_units,
)
from tests.scrubbing.builders import error_ids, make_claim, make_line

LOOKUPS = Lookups()


def test_positive_charges_and_units_that_add_up_pass() -> None:
    claim = make_claim(lines=(make_line(1, charge_cents=1), make_line(2, "36415", units=Decimal("0.5"))))
    assert check_charges_units(claim, LOOKUPS) == []


def test_zero_charge() -> None:
    findings = check_charges_units(make_claim(lines=(make_line(charge_cents=0),)), LOOKUPS)
    assert [(f.rule_id, f.line_number, f.field) for f in findings] == [
        (CHARGE_NOT_POSITIVE, 1, "charge_cents")
    ]
    assert "$0.00" in findings[0].message


def test_negative_charge() -> None:
    assert error_ids(check_charges_units(make_claim(lines=(make_line(charge_cents=-500),)), LOOKUPS)) == {
        CHARGE_NOT_POSITIVE
    }


def test_zero_units() -> None:
    findings = check_charges_units(make_claim(lines=(make_line(units=Decimal(0)),)), LOOKUPS)
    assert [(f.rule_id, f.field) for f in findings] == [(UNITS_NOT_POSITIVE, "units")]


def test_total_must_equal_the_sum_of_lines() -> None:
    claim = dataclasses.replace(make_claim(), total_charge_cents=12501)
    findings = check_charges_units(claim, LOOKUPS)
    assert [f.rule_id for f in findings] == [TOTAL_CHARGE_MISMATCH]
    assert "$125.01" in findings[0].message and "$125.00" in findings[0].message
