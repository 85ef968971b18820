from __future__ import annotations

from typing import Any

import pytest

from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.place_of_service import (
    POS_CLAIM_TYPE_MISMATCH,
    POS_INVALID,
    POS_MISSING,
    TYPE_OF_BILL_INVALID,
    check_place_of_service,
)
from tests.scrubbing.builders import error_ids, make_claim, make_line

LOOKUPS = Lookups()


def _institutional(**overrides: Any) -> ClaimContext:
    values: dict[str, Any] = {"claim_type": "institutional", "type_of_bill": "131", "place_of_service": None}
    values.update(overrides)
    return make_claim(lines=(make_line(revenue_code="0450"),), **values)


@pytest.mark.parametrize("pos", ["11", "02", "10", "22", "66", "99"])
def test_active_pos_codes_pass(pos: str) -> None:
    assert check_place_of_service(make_claim(place_of_service=pos), LOOKUPS) == []


@pytest.mark.parametrize("pos", ["00", "30", "1", "AA"])
def test_unknown_pos_fails(pos: str) -> None:
    findings = check_place_of_service(make_claim(place_of_service=pos), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(POS_INVALID, "58")]


def test_line_pos_is_checked() -> None:
    claim = make_claim(lines=(make_line(place_of_service="98"),))
    assert [(f.rule_id, f.line_number) for f in check_place_of_service(claim, LOOKUPS)] == [(POS_INVALID, 1)]


def test_professional_claim_needs_pos() -> None:
    assert error_ids(check_place_of_service(make_claim(place_of_service=None), LOOKUPS)) == {POS_MISSING}


def test_institutional_claim_uses_type_of_bill() -> None:
    assert check_place_of_service(_institutional(), LOOKUPS) == []


def test_institutional_claim_with_pos_is_inconsistent() -> None:
    findings = check_place_of_service(_institutional(place_of_service="11"), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(POS_CLAIM_TYPE_MISMATCH, "5")]


@pytest.mark.parametrize("type_of_bill", [None, "13", "931", "0131X"])
def test_missing_or_malformed_type_of_bill(type_of_bill: str | None) -> None:
    findings = check_place_of_service(_institutional(type_of_bill=type_of_bill), LOOKUPS)
    assert error_ids(findings) == {TYPE_OF_BILL_INVALID}


def test_type_of_bill_frequency_must_match_a_corrected_claim() -> None:
    corrected = _institutional(type_of_bill="0137", frequency_code="7")
    assert check_place_of_service(corrected, LOOKUPS) == []
    mismatch = _institutional(type_of_bill="131", frequency_code="7")
    assert error_ids(check_place_of_service(mismatch, LOOKUPS)) == {TYPE_OF_BILL_INVALID}
