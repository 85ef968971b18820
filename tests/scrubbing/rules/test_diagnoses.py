from __future__ import annotations

import dataclasses

from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.diagnoses import (
    DX_DUPLICATE,
    DX_POINTER_INVALID,
    DX_POINTER_MISSING,
    DX_POINTERS_TOO_MANY,
    DX_PRINCIPAL_MISSING,
    DX_TOO_MANY,
    check_diagnoses,
)
from tests.scrubbing.builders import error_ids, ids, make_claim, make_line

LOOKUPS = Lookups()
TWELVE = (
    "E11.9",
    "I10",
    "E78.5",
    "K21.9",
    "F41.1",
    "J44.9",
    "N39.0",
    "G47.00",
    "Z12.31",
    "H52.13",
    "L70.0",
    "R51.9",
)


def test_pointers_to_existing_diagnoses_pass() -> None:
    claim = make_claim(lines=(make_line(diagnosis_pointers=(1, 2)),))
    assert check_diagnoses(claim, LOOKUPS) == []


def test_missing_principal_diagnosis() -> None:
    claim = make_claim(diagnoses=(), lines=(make_line(diagnosis_pointers=()),))
    assert DX_PRINCIPAL_MISSING in error_ids(check_diagnoses(claim, LOOKUPS))


def test_pointer_to_a_missing_diagnosis() -> None:
    findings = check_diagnoses(make_claim(lines=(make_line(diagnosis_pointers=(1, 3)),)), LOOKUPS)
    assert [(f.rule_id, f.line_number, f.field) for f in findings] == [
        (DX_POINTER_INVALID, 1, "diagnosis_pointers")
    ]
    assert "points to diagnosis 3, but the claim has 2" in findings[0].message


def test_pointer_zero_is_invalid() -> None:
    assert error_ids(check_diagnoses(make_claim(lines=(make_line(diagnosis_pointers=(0,)),)), LOOKUPS)) == {
        DX_POINTER_INVALID
    }


def test_professional_line_without_pointer() -> None:
    assert error_ids(check_diagnoses(make_claim(lines=(make_line(diagnosis_pointers=()),)), LOOKUPS)) == {
        DX_POINTER_MISSING
    }


def test_twelve_diagnoses_and_four_pointers_are_the_limits() -> None:
    at_limit = make_claim(diagnoses=TWELVE, lines=(make_line(diagnosis_pointers=(1, 2, 3, 12)),))
    assert check_diagnoses(at_limit, LOOKUPS) == []
    over = make_claim(diagnoses=(*TWELVE, "Z23"), lines=(make_line(diagnosis_pointers=(1, 2, 3, 4, 5)),))
    assert error_ids(check_diagnoses(over, LOOKUPS)) == {DX_TOO_MANY, DX_POINTERS_TOO_MANY}


def test_institutional_claims_carry_more_diagnoses_and_no_pointers() -> None:
    claim = make_claim(
        claim_type="institutional",
        type_of_bill="131",
        place_of_service=None,
        diagnoses=(*TWELVE, "Z23"),
        lines=(make_line(diagnosis_pointers=(), revenue_code="0450"),),
    )
    assert check_diagnoses(claim, LOOKUPS) == []


def test_repeated_diagnosis_is_a_warning() -> None:
    findings = check_diagnoses(dataclasses.replace(make_claim(), diagnoses=("E11.9", "E119")), LOOKUPS)
    assert ids(findings) == {DX_DUPLICATE} and error_ids(findings) == set()
