"""Procedure code shape (CPT / HCPCS Level II) and, when a code file is loaded, validity on the DOS."""

from __future__ import annotations

from rcm.codesets.hcpcs import CodeStatus
from rcm.codesets.procedure_codes import procedure_code_kind
from rcm.scrubbing.context import ClaimContext, ClaimType
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

PROCEDURE_CODE_FORMAT = "PROCEDURE_CODE_FORMAT"
PROCEDURE_CODE_INVALID_FOR_DOS = "PROCEDURE_CODE_INVALID_FOR_DOS"
# CARC 16 + RARC M51 (missing/incomplete/invalid procedure code): a malformed code is rejected up front.
FORMAT_CARC = "16"
# CARC 181 "procedure code was invalid on the date of service": added after or terminated before it.
DOS_CARC = "181"
SHAPES = "CPT (5 digits, or 4 digits + F/T/U) or HCPCS Level II (letter + 4 digits)"


def check_procedure_codes(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings: list[Finding] = []
    for line in claim.lines:
        code, number = line.procedure_code, line.line_number
        if not code:
            # 837I lines may carry a revenue code alone (SV202 is situational)
            if claim.claim_type != ClaimType.INSTITUTIONAL:
                findings.append(_format_error(number, "has no procedure code"))
            continue
        if procedure_code_kind(code) is None:
            findings.append(_format_error(number, f"code '{code}' is not a {SHAPES} code"))
            continue
        status = lookups.procedures.status(code, line.service_date)
        if status in (CodeStatus.NOT_FOUND, CodeStatus.NOT_EFFECTIVE):
            why = "is not in the loaded code set" if status is CodeStatus.NOT_FOUND else "is not valid"
            findings.append(
                error(
                    PROCEDURE_CODE_INVALID_FOR_DOS,
                    f"line {number}: code '{code}' {why} on {line.service_date}",
                    "Use the code in force on the date of service (check added/terminated codes).",
                    DOS_CARC,
                    line_number=number,
                    field="procedure_code",
                )
            )
    return findings


def _format_error(number: int, problem: str) -> Finding:
    return error(
        PROCEDURE_CODE_FORMAT,
        f"line {number} {problem}",
        f"Enter a {SHAPES} code in upper case.",
        FORMAT_CARC,
        line_number=number,
        field="procedure_code",
    )


EDIT = BuiltinEdit(
    "procedure_codes", (PROCEDURE_CODE_FORMAT, PROCEDURE_CODE_INVALID_FOR_DOS), check_procedure_codes
)
