from __future__ import annotations

import dataclasses
from datetime import date

from rcm.codesets.icd10 import Icd10CodeSet, Icd10Release
from rcm.scrubbing.findings import Severity
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.icd10_validity import (
    ICD10_CODESET_NOT_LOADED,
    ICD10_CODESET_STALE,
    ICD10_INVALID_FOR_DOS,
    ICD10_NOT_BILLABLE,
    ICD10_VALIDITY_UNCERTAIN,
    check_icd10,
)
from tests.scrubbing.builders import error_ids, ids, make_claim, make_line

LOOKUPS = Lookups()


def test_billable_codes_for_the_date_of_service_pass() -> None:
    assert check_icd10(make_claim(diagnoses=("E11.9", "I10", "M17.11")), LOOKUPS) == []


def test_header_code_is_not_billable() -> None:
    findings = check_icd10(make_claim(diagnoses=("E11",)), LOOKUPS)
    assert [(f.rule_id, f.carc, f.field) for f in findings] == [(ICD10_NOT_BILLABLE, "146", "diagnoses")]
    assert "'E11' is a category header" in findings[0].message


def test_code_deleted_before_the_date_of_service_is_invalid() -> None:
    # T40.7X1A was billable in FY2021 and replaced by T40.711A in FY2025
    old = make_claim(
        diagnoses=("T40.7X1A",), lines=(make_line(service_date=date(2021, 6, 1)),), today=date(2021, 7, 1)
    )
    assert check_icd10(old, LOOKUPS) == []
    findings = check_icd10(make_claim(diagnoses=("T40.7X1A",)), LOOKUPS)
    assert error_ids(findings) == {ICD10_INVALID_FOR_DOS}


def test_code_added_later_is_invalid_before_it_existed() -> None:
    # M54.50 arrived in FY2022; in the January 2021 set M54.5 itself was the billable code
    claim = make_claim(
        diagnoses=("M54.50",), lines=(make_line(service_date=date(2021, 6, 1)),), today=date(2021, 7, 1)
    )
    assert error_ids(check_icd10(claim, LOOKUPS)) == {ICD10_INVALID_FOR_DOS}


def test_undotted_lower_case_input_is_normalised() -> None:
    assert check_icd10(make_claim(diagnoses=("e119",)), LOOKUPS) == []


def test_unknown_code_is_invalid() -> None:
    assert error_ids(check_icd10(make_claim(diagnoses=("E11.99",)), LOOKUPS)) == {ICD10_INVALID_FOR_DOS}


def test_date_after_newest_release_warns_that_the_code_set_is_stale() -> None:
    claim = make_claim(lines=(make_line(service_date=date(2026, 10, 5)),), today=date(2026, 11, 1))
    findings = check_icd10(claim, LOOKUPS)
    assert ids(findings) == {ICD10_CODESET_STALE}
    assert findings[0].severity is Severity.WARNING
    assert "2026-09-30" in findings[0].message


def test_stale_code_set_still_rejects_unknown_codes() -> None:
    claim = make_claim(
        diagnoses=("E11",), lines=(make_line(service_date=date(2026, 10, 5)),), today=date(2026, 11, 1)
    )
    assert ids(check_icd10(claim, LOOKUPS)) == {ICD10_NOT_BILLABLE, ICD10_CODESET_STALE}


def test_code_that_changed_between_loaded_releases_is_a_warning_not_an_error() -> None:
    # E11.A is new in FY2026 (October 2025); we hold April 2025 and April 2026 but not October 2025
    claim = make_claim(
        diagnoses=("E11.A",), lines=(make_line(service_date=date(2025, 12, 1)),), today=date(2025, 12, 20)
    )
    findings = check_icd10(claim, LOOKUPS)
    assert ids(findings) == {ICD10_VALIDITY_UNCERTAIN}
    assert error_ids(findings) == set()


def test_no_release_loaded_for_the_date_is_a_warning() -> None:
    claim = make_claim(lines=(make_line(service_date=date(2020, 11, 1)),), today=date(2020, 12, 1))
    assert ids(check_icd10(claim, LOOKUPS), Severity.WARNING) == {ICD10_CODESET_NOT_LOADED}


def test_institutional_claims_use_the_through_date() -> None:
    codes = Icd10CodeSet(
        [Icd10Release("A", date(2025, 10, 1)), Icd10Release("B", date(2026, 4, 1))],
        {"X001": 0b01, "X002": 0b10},
    )
    lookups = dataclasses.replace(LOOKUPS, icd10=codes)
    line = make_line(service_date=date(2026, 3, 30), revenue_code="0120")
    base = {"claim_type": "institutional", "type_of_bill": "111", "place_of_service": None}
    stay = make_claim(lines=(line,), service_date_to=date(2026, 4, 2), diagnoses=("X002",), **base)
    assert check_icd10(stay, lookups) == []
    assert error_ids(check_icd10(dataclasses.replace(stay, diagnoses=("X001",)), lookups)) == {
        ICD10_INVALID_FOR_DOS
    }
