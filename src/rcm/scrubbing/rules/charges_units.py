"""Charges and units positive; the claim total equals the sum of its lines (CLM02 = sum of SV102)."""

from __future__ import annotations

from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

CHARGE_NOT_POSITIVE = "CHARGE_NOT_POSITIVE"
UNITS_NOT_POSITIVE = "UNITS_NOT_POSITIVE"
TOTAL_CHARGE_MISMATCH = "TOTAL_CHARGE_MISMATCH"
# CARC 16 with RARC M79 (missing charge) / M53 (missing or invalid units): rejected as unprocessable.
CARC = "16"


def check_charges_units(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings: list[Finding] = []
    for line in claim.lines:
        number = line.line_number
        if line.charge_cents <= 0:
            problem = f"line {number} charge is {_dollars(line.charge_cents)}; it must be more than $0.00"
            findings.append(_finding(CHARGE_NOT_POSITIVE, problem, "charge_cents", number))
        if line.units <= 0:
            problem = f"line {number} has {line.units} units; at least one is required"
            findings.append(_finding(UNITS_NOT_POSITIVE, problem, "units", number))
    if claim.lines and claim.total_charge_cents != claim.line_charge_total_cents:
        problem = (
            f"claim total {_dollars(claim.total_charge_cents)} differs from the sum of the lines "
            f"{_dollars(claim.line_charge_total_cents)}"
        )
        findings.append(_finding(TOTAL_CHARGE_MISMATCH, problem, "total_charge_cents"))
    return findings


HINTS = {
    CHARGE_NOT_POSITIVE: "Enter the practice's full charge for the service, not the expected payment.",
    UNITS_NOT_POSITIVE: "Enter the number of units (or minutes for anesthesia) rendered.",
    TOTAL_CHARGE_MISMATCH: "Recalculate the claim total from its lines.",
}


def _finding(rule_id: str, message: str, field: str, line_number: int | None = None) -> Finding:
    return error(rule_id, message, HINTS[rule_id], CARC, line_number=line_number, field=field)


def _dollars(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) // 100:,}.{abs(cents) % 100:02d}"


EDIT = BuiltinEdit(
    "charges_units", (CHARGE_NOT_POSITIVE, UNITS_NOT_POSITIVE, TOTAL_CHARGE_MISMATCH), check_charges_units
)
