from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.required_fields import (
    CLAIM_LINE_COUNT,
    PATIENT_CONTROL_NUMBER_LONG,
    REQUIRED_FIELD_INVALID,
    REQUIRED_FIELD_MISSING,
    check_required_fields,
)
from tests.scrubbing.builders import error_ids, ids, make_claim, make_line

LOOKUPS = Lookups()


def _findings(**changes: Any) -> list[tuple[str, str | None, str | None]]:
    claim = dataclasses.replace(make_claim(), **changes)
    return [(f.rule_id, f.field, f.carc) for f in check_required_fields(claim, LOOKUPS)]


def test_complete_claim_passes() -> None:
    assert check_required_fields(make_claim(), LOOKUPS) == []


def test_missing_member_id_draws_carc_31() -> None:
    assert _findings(subscriber_member_id=None) == [(REQUIRED_FIELD_MISSING, "subscriber_member_id", "31")]


@pytest.mark.parametrize(
    "field",
    [
        "payer_id",
        "payer_name",
        "billing_provider_name",
        "billing_provider_city",
        "subscriber_last_name",
        "subscriber_address_line1",
        "subscriber_gender",
        "subscriber_zip",
    ],
)
def test_each_required_field(field: str) -> None:
    assert _findings(**{field: "  "}) == [(REQUIRED_FIELD_MISSING, field, "16")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("billing_provider_zip", "62701"),
        ("billing_provider_tax_id", "12-3456789"),
        ("billing_provider_state", "XX"),
        ("billing_provider_address_line1", "PO Box 12"),
        ("subscriber_gender", "X"),
        ("subscriber_zip", "6270"),
    ],
)
def test_fields_of_the_wrong_shape(field: str, value: str) -> None:
    assert _findings(**{field: value}) == [(REQUIRED_FIELD_INVALID, field, "16")]


def test_dependent_patient_needs_their_own_demographics() -> None:
    dependent = make_claim(patient_relationship="19", patient_first_name="Tom", patient_last_name="Lovelace")
    missing = {f.field for f in check_required_fields(dependent, LOOKUPS)}
    demographics = {"patient_address_line1", "patient_city", "patient_state", "patient_zip", "patient_gender"}
    assert missing == demographics | {"patient_birth_date"}


def test_birth_date_after_the_date_of_service() -> None:
    assert _findings(subscriber_birth_date=date(2026, 6, 2)) == [
        (REQUIRED_FIELD_INVALID, "subscriber_birth_date", "16")
    ]


def test_claim_needs_one_to_fifty_lines() -> None:
    assert error_ids(check_required_fields(make_claim(lines=()), LOOKUPS)) == {CLAIM_LINE_COUNT}
    fifty = tuple(make_line(n) for n in range(1, 51))
    assert check_required_fields(make_claim(lines=fifty), LOOKUPS) == []
    fifty_one = tuple(make_line(n) for n in range(1, 52))
    assert error_ids(check_required_fields(make_claim(lines=fifty_one), LOOKUPS)) == {CLAIM_LINE_COUNT}


def test_patient_control_number_length() -> None:
    assert ids(check_required_fields(make_claim(claim_id="C" * 21), LOOKUPS)) == {PATIENT_CONTROL_NUMBER_LONG}
    assert error_ids(check_required_fields(make_claim(claim_id="C" * 39), LOOKUPS)) == {
        REQUIRED_FIELD_INVALID
    }


def test_replacement_and_void_claims_need_the_original_claim_number() -> None:
    assert _findings(frequency_code="7") == [(REQUIRED_FIELD_MISSING, "payer_claim_control_number", "16")]
    assert _findings(frequency_code="8", payer_claim_control_number="2226150012345") == []


def test_institutional_lines_need_a_four_digit_revenue_code() -> None:
    lines = (make_line(1, revenue_code="0450"), make_line(2, revenue_code="450"), make_line(3))
    claim = make_claim(lines=lines, claim_type="institutional", type_of_bill="131", place_of_service=None)
    findings = [(f.rule_id, f.line_number, f.field) for f in check_required_fields(claim, LOOKUPS)]
    assert findings == [
        (REQUIRED_FIELD_INVALID, 2, "revenue_code"),
        (REQUIRED_FIELD_MISSING, 3, "revenue_code"),
    ]


def test_x12_delimiters_in_any_text_are_refused() -> None:
    claim = make_claim(subscriber_last_name="O*Brien", lines=(make_line(modifiers=("2~",)),))
    findings = [(f.rule_id, f.field, f.line_number) for f in check_required_fields(claim, LOOKUPS)]
    assert findings == [
        (REQUIRED_FIELD_INVALID, "subscriber_last_name", None),
        (REQUIRED_FIELD_INVALID, "modifiers", 1),
    ]
    assert "reserved X12 delimiter" in check_required_fields(claim, LOOKUPS)[0].message
