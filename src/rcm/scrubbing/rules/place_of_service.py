"""Place of service valid (CMS list) and consistent with the claim type; type of bill for 837I."""

from __future__ import annotations

import re

from rcm.codesets.pos import is_valid_pos
from rcm.scrubbing.context import ClaimContext, ClaimType
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

POS_MISSING = "POS_MISSING"
POS_INVALID = "POS_INVALID"
POS_CLAIM_TYPE_MISMATCH = "POS_CLAIM_TYPE_MISMATCH"
TYPE_OF_BILL_INVALID = "TYPE_OF_BILL_INVALID"
# CARC 58 "treatment deemed rendered in an inappropriate or invalid place of service".
INVALID_CARC = "58"
# CARC 5 "procedure code/bill type inconsistent with the place of service".
MISMATCH_CARC = "5"
# CARC 16: CLM05-1 missing makes the claim unprocessable.
MISSING_CARC = "16"
# Facility type (1-8), classification, frequency; UB-04 prints a leading zero.
_TYPE_OF_BILL = re.compile(r"^0?([1-8])([1-9])([0-9A-Z])$")


def check_place_of_service(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    if claim.claim_type == ClaimType.INSTITUTIONAL:
        return _institutional(claim)
    findings: list[Finding] = []
    if not claim.place_of_service:
        findings.append(
            error(
                POS_MISSING,
                "no place of service on the claim",
                "Enter the 2-digit CMS place of service (CLM05-1).",
                MISSING_CARC,
                field="place_of_service",
            )
        )
    elif not is_valid_pos(claim.place_of_service):
        findings.append(_invalid(claim.place_of_service, None))
    for line in claim.lines:
        if line.place_of_service and not is_valid_pos(line.place_of_service):
            findings.append(_invalid(line.place_of_service, line.line_number))
    return findings


def _invalid(code: str, line_number: int | None) -> Finding:
    where = f"line {line_number} " if line_number else ""
    return error(
        POS_INVALID,
        f"{where}place of service '{code}' is not an active CMS place of service code",
        "Use a code from the CMS Place of Service list (e.g. 11 office, 22 outpatient hospital).",
        INVALID_CARC,
        line_number=line_number,
        field="place_of_service",
    )


def _institutional(claim: ClaimContext) -> list[Finding]:
    findings: list[Finding] = []
    has_pos = claim.place_of_service or any(line.place_of_service for line in claim.lines)
    if has_pos:
        findings.append(
            error(
                POS_CLAIM_TYPE_MISMATCH,
                "an institutional claim carries a place of service; 837I uses the type of bill",
                "Bill facility services with a type of bill, or make this a professional claim.",
                MISMATCH_CARC,
                field="place_of_service",
            )
        )
    problem = _type_of_bill_problem(claim)
    if problem:
        findings.append(
            error(
                TYPE_OF_BILL_INVALID,
                problem,
                "Enter the 3-digit type of bill: facility type, classification, frequency (e.g. 131).",
                MISSING_CARC,
                field="type_of_bill",
            )
        )
    return findings


def _type_of_bill_problem(claim: ClaimContext) -> str | None:
    if not claim.type_of_bill:
        return "no type of bill on the institutional claim"
    match = _TYPE_OF_BILL.match(claim.type_of_bill)
    if not match:
        return f"type of bill '{claim.type_of_bill}' is not facility type, classification and frequency"
    frequency = match.group(3)
    if (frequency in "78" or claim.frequency_code in "78") and frequency != claim.frequency_code:
        return (
            f"type of bill frequency '{frequency}' differs from the claim frequency '{claim.frequency_code}'"
        )
    return None


EDIT = BuiltinEdit(
    "place_of_service",
    (POS_MISSING, POS_INVALID, POS_CLAIM_TYPE_MISMATCH, TYPE_OF_BILL_INVALID),
    check_place_of_service,
)
