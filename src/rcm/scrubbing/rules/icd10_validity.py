"""ICD-10-CM codes must be billable (leaf) codes in the release in force on the date of service."""

from __future__ import annotations

from collections.abc import Callable
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


# verdict -> (rule id, severity, problem after "dx N 'CODE'", fix hint)
_OUTCOMES: dict[Icd10Verdict, tuple[str, Callable[..., Finding], str, str]] = {
    Icd10Verdict.HEADER: (
        ICD10_NOT_BILLABLE,
        error,
        "is a category header, not a billable code",
        "Code to the highest specificity: pick a billable subcode (one more character or more).",
    ),
    Icd10Verdict.INVALID: (
        ICD10_INVALID_FOR_DOS,
        error,
        "is not a valid ICD-10-CM code on {date} ({release})",
        "Check the code in the ICD-10-CM set for the date of service (new, deleted or mistyped).",
    ),
    Icd10Verdict.UNCERTAIN: (
        ICD10_VALIDITY_UNCERTAIN,
        warning,
        "changed between loaded ICD-10-CM releases; validity on {date} is unknown",
        "Load the CDC release for that fiscal year to check this code definitively.",
    ),
    Icd10Verdict.NO_RELEASE: (
        ICD10_CODESET_NOT_LOADED,
        warning,
        "has no ICD-10-CM release loaded for {date}",
        "Load the CDC release for that fiscal year.",
    ),
}


def _finding(result: Icd10Check, position: int, code: str, service_date: date) -> Finding | None:
    outcome = _OUTCOMES.get(result.verdict)
    if outcome is None:
        return None
    rule_id, severity, problem, hint = outcome
    release = result.release.label if result.release else ""
    message = f"dx {position} '{dotted(code)}' " + problem.format(date=service_date, release=release)
    return severity(rule_id, message, hint, CARC, field=FIELD)


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
