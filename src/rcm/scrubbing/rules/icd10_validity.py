"""ICD-10-CM codes must be billable (leaf) codes in the release in force on the date of service."""

from __future__ import annotations

from datetime import date

from rcm.codesets.icd10 import Icd10Check, Icd10Verdict, dotted
from rcm.scrubbing.context import ClaimContext, ClaimType
from rcm.scrubbing.findings import Finding, error, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

ICD10_INVALID_FOR_DOS = "ICD10_INVALID_FOR_DOS"
ICD10_NOT_BILLABLE = "ICD10_NOT_BILLABLE"
ICD10_VALIDITY_UNCERTAIN = "ICD10_VALIDITY_UNCERTAIN"
ICD10_CODESET_STALE = "ICD10_CODESET_STALE"
ICD10_CODESET_NOT_LOADED = "ICD10_CODESET_NOT_LOADED"
# CARC 146 "diagnosis invalid for the date of service": a header (truncated) code is invalid on
# every date, so it draws the same denial as a code outside the fiscal year's set.
CARC = "146"
FIELD = "diagnoses"


def coding_date(claim: ClaimContext) -> date:
    """Inpatient/institutional claims are coded with the set in force on the through (discharge) date."""
    if claim.claim_type == ClaimType.INSTITUTIONAL:
        return claim.service_date_to
    return claim.service_date_from


def check_icd10(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    service_date = coding_date(claim)
    findings: list[Finding] = []
    stale: Icd10Check | None = None
    for position, code in enumerate(claim.diagnoses, 1):
        result = lookups.icd10.check(code, service_date)
        if result.stale and stale is None:
            stale = result
        finding = _finding(result, position, code, service_date)
        if finding is not None:
            findings.append(finding)
    if stale is not None:
        findings.append(_stale_warning(stale, service_date))
    return findings


def _finding(result: Icd10Check, position: int, code: str, service_date: date) -> Finding | None:
    shown = f"dx {position} '{dotted(code)}'"
    label = result.release.label if result.release else ""
    if result.verdict is Icd10Verdict.HEADER:
        return error(
            ICD10_NOT_BILLABLE,
            f"{shown} is a category header, not a billable code",
            "Code to the highest specificity: pick a billable subcode (one more character or more).",
            CARC,
            field=FIELD,
        )
    if result.verdict is Icd10Verdict.INVALID:
        return error(
            ICD10_INVALID_FOR_DOS,
            f"{shown} is not a valid ICD-10-CM code on {service_date} ({label})",
            "Check the code in the ICD-10-CM set for the date of service (new, deleted or mistyped).",
            CARC,
            field=FIELD,
        )
    if result.verdict is Icd10Verdict.UNCERTAIN:
        return warning(
            ICD10_VALIDITY_UNCERTAIN,
            f"{shown} changed between loaded ICD-10-CM releases; validity on {service_date} is unknown",
            "Load the CDC release for that fiscal year to check this code definitively.",
            CARC,
            field=FIELD,
        )
    if result.verdict is Icd10Verdict.NO_RELEASE:
        return warning(
            ICD10_CODESET_NOT_LOADED,
            f"{shown}: no ICD-10-CM release loaded for {service_date}",
            "Load the CDC release for that fiscal year.",
            CARC,
            field=FIELD,
        )
    return None


def _stale_warning(result: Icd10Check, service_date: date) -> Finding:
    release = result.release
    assert release is not None
    return warning(
        ICD10_CODESET_STALE,
        f"date of service {service_date} is past the newest loaded ICD-10-CM release ({release.label}, "
        f"in force until {release.fiscal_year_end}); diagnoses were checked against it",
        "Load the CDC ICD-10-CM file for the new fiscal year (load_cdc_code_file).",
        CARC,
        field=FIELD,
    )


EDIT = BuiltinEdit(
    "icd10_validity",
    (
        ICD10_INVALID_FOR_DOS,
        ICD10_NOT_BILLABLE,
        ICD10_VALIDITY_UNCERTAIN,
        ICD10_CODESET_STALE,
        ICD10_CODESET_NOT_LOADED,
    ),
    check_icd10,
)
