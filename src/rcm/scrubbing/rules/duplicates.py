"""Duplicates: a line already submitted on another claim, or repeated within this claim."""

from __future__ import annotations

from rcm.scrubbing.context import ClaimContext, FrequencyCode
from rcm.scrubbing.findings import Finding, error, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

DUPLICATE_CLAIM = "DUPLICATE_CLAIM"
DUPLICATE_LINE = "DUPLICATE_LINE"
# CARC 18 "exact duplicate claim/service".
CARC = "18"
# Repeat-procedure and repeat-test modifiers say the second service really happened.
REPEAT_MODIFIERS = frozenset({"76", "77", "91"})
# Replacement and void claims restate an earlier claim on purpose.
RESTATING = frozenset({FrequencyCode.REPLACEMENT, FrequencyCode.VOID})


def check_duplicates(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    if claim.frequency_code in RESTATING:
        return []
    findings = [
        error(
            DUPLICATE_CLAIM,
            f"line {match.line_number} was already billed on claim {match.other_claim_id} "
            "(same patient, provider, payer, date and code)",
            "Check the other claim's status; send a corrected claim (frequency 7) instead of a new one.",
            CARC,
            line_number=match.line_number,
            field="procedure_code",
        )
        for match in lookups.duplicates.find_duplicates(claim)
    ]
    seen: dict[tuple[str, object, tuple[str, ...]], int] = {}
    for line in claim.lines:
        key = (line.procedure_code, line.service_date, line.modifiers)
        if key in seen and not REPEAT_MODIFIERS.intersection(line.modifiers):
            findings.append(
                warning(
                    DUPLICATE_LINE,
                    f"line {line.line_number} repeats line {seen[key]} (same code, date and modifiers)",
                    "Combine the units on one line, or add 76/77/91 if the service was repeated.",
                    CARC,
                    line_number=line.line_number,
                    field="procedure_code",
                )
            )
        seen.setdefault(key, line.line_number)
    return findings


EDIT = BuiltinEdit("duplicates", (DUPLICATE_CLAIM, DUPLICATE_LINE), check_duplicates)
