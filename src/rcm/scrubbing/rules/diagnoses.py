"""Principal diagnosis present, diagnosis count per claim type, and line diagnosis pointers."""

from __future__ import annotations

from collections.abc import Callable

from rcm.codesets.icd10 import normalize_code
from rcm.scrubbing.context import ClaimContext, ClaimType, LineContext
from rcm.scrubbing.findings import Finding, error, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

DX_PRINCIPAL_MISSING = "DX_PRINCIPAL_MISSING"
DX_TOO_MANY = "DX_TOO_MANY"
DX_DUPLICATE = "DX_DUPLICATE"
DX_POINTER_MISSING = "DX_POINTER_MISSING"
DX_POINTER_INVALID = "DX_POINTER_INVALID"
DX_POINTERS_TOO_MANY = "DX_POINTERS_TOO_MANY"
# CARC 16 (claim lacks information; RARC M76 missing/incomplete/invalid diagnosis): 837 front ends
# reject these before adjudication, so the claim must be corrected, not appealed.
CARC = "16"
# 837P HI holds 12 codes; 837D 4; 837I a principal plus 24 other diagnoses.
MAX_DIAGNOSES = {ClaimType.PROFESSIONAL: 12, ClaimType.DENTAL: 4, ClaimType.INSTITUTIONAL: 25}
MAX_POINTERS = 4
POINTED_CLAIM_TYPES = frozenset({ClaimType.PROFESSIONAL, ClaimType.DENTAL})


def check_diagnoses(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings = _claim_level(claim)
    if claim.claim_type in POINTED_CLAIM_TYPES:
        for line in claim.lines:
            findings.extend(_pointers(line, len(claim.diagnoses)))
    return findings


HINTS = {
    DX_PRINCIPAL_MISSING: "Enter the principal (first-listed) ICD-10-CM diagnosis.",
    DX_TOO_MANY: "Keep the diagnoses that the service lines point to; split the claim if more are needed.",
    DX_DUPLICATE: "Remove the repeated diagnosis and renumber the pointers.",
    DX_POINTER_MISSING: "Point the line (SV107) at the diagnosis that supports it.",
    DX_POINTERS_TOO_MANY: "Keep the four most relevant pointers, primary first.",
    DX_POINTER_INVALID: "Point to an existing diagnosis (1-based position in the claim's diagnosis list).",
}


def _claim_level(claim: ClaimContext) -> list[Finding]:
    findings: list[Finding] = []
    if not claim.diagnoses or not claim.diagnoses[0].strip():
        findings.append(_finding(DX_PRINCIPAL_MISSING, "no principal diagnosis on the claim"))
    limit = MAX_DIAGNOSES[ClaimType(claim.claim_type)]
    if len(claim.diagnoses) > limit:
        problem = f"{len(claim.diagnoses)} diagnoses; a {claim.claim_type} claim carries at most {limit}"
        findings.append(_finding(DX_TOO_MANY, problem))
    normalized = [normalize_code(code) for code in claim.diagnoses]
    for position, code in enumerate(normalized, 1):
        if code in normalized[: position - 1]:
            problem = f"dx {position} repeats diagnosis {claim.diagnoses[position - 1]}"
            findings.append(_finding(DX_DUPLICATE, problem, severity=warning))
    return findings


def _pointers(line: LineContext, diagnosis_count: int) -> list[Finding]:
    number, pointers = line.line_number, line.diagnosis_pointers
    if not pointers:
        return [_finding(DX_POINTER_MISSING, f"line {number} does not point to any diagnosis", number)]
    findings: list[Finding] = []
    if len(pointers) > MAX_POINTERS:
        problem = f"line {number} has {len(pointers)} diagnosis pointers; at most {MAX_POINTERS}"
        findings.append(_finding(DX_POINTERS_TOO_MANY, problem, number))
    for pointer in pointers:
        if not 1 <= pointer <= diagnosis_count:
            problem = f"line {number} points to diagnosis {pointer}, but the claim has {diagnosis_count}"
            findings.append(_finding(DX_POINTER_INVALID, problem, number))
    return findings


def _finding(
    rule_id: str, message: str, line_number: int | None = None, severity: Callable[..., Finding] = error
) -> Finding:
    field = "diagnoses" if line_number is None else "diagnosis_pointers"
    return severity(rule_id, message, HINTS[rule_id], CARC, line_number=line_number, field=field)


EDIT = BuiltinEdit(
    "diagnoses",
    (
        DX_PRINCIPAL_MISSING,
        DX_TOO_MANY,
        DX_DUPLICATE,
        DX_POINTER_MISSING,
        DX_POINTER_INVALID,
        DX_POINTERS_TOO_MANY,
    ),
    check_diagnoses,
)
