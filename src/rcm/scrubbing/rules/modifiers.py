"""Modifier shape, count (at most 4 per line: SV101-3..6) and combinations that contradict each other."""

from __future__ import annotations

import re

from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

MODIFIER_FORMAT = "MODIFIER_FORMAT"
MODIFIER_TOO_MANY = "MODIFIER_TOO_MANY"
MODIFIER_CONFLICT = "MODIFIER_CONFLICT"
# CARC 4 "procedure code inconsistent with the modifier used, or a required modifier is missing".
CARC = "4"
MAX_MODIFIERS = 4
_SHAPE = re.compile(r"^[0-9A-Z]{2}$")
X_SUBSET = frozenset({"XE", "XP", "XS", "XU"})

# (one side, other side, why they cannot share a line)
CONFLICTS: tuple[tuple[frozenset[str], frozenset[str], str], ...] = (
    (frozenset({"59"}), X_SUBSET, "59 and the X{EPSU} modifiers both mark a distinct service; use only one"),
    (
        frozenset({"26"}),
        frozenset({"TC"}),
        "26 and TC together are the global service; bill it without either",
    ),
    (frozenset({"GA"}), frozenset({"GZ"}), "GA (ABN on file) and GZ (no ABN) contradict each other"),
    (frozenset({"LT"}), frozenset({"RT"}), "LT and RT on one line: bill bilateral with 50, or use two lines"),
    (frozenset({"50"}), frozenset({"LT", "RT"}), "50 already means both sides; drop LT/RT"),
)


def check_modifiers(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings: list[Finding] = []
    for line in claim.lines:
        findings.extend(_line_findings(line))
    return findings


def _line_findings(line: LineContext) -> list[Finding]:
    findings: list[Finding] = []
    modifiers = line.modifiers
    for modifier in modifiers:
        if not _SHAPE.match(modifier):
            findings.append(_error(MODIFIER_FORMAT, line, f"modifier '{modifier}' is not 2 letters/digits"))
    if len(modifiers) > MAX_MODIFIERS:
        findings.append(_error(MODIFIER_TOO_MANY, line, f"{len(modifiers)} modifiers; an 837 line holds 4"))
    present = set(modifiers)
    if len(present) < len(modifiers):
        findings.append(_error(MODIFIER_CONFLICT, line, "the same modifier is repeated"))
    for one, other, why in CONFLICTS:
        if present & one and present & other:
            findings.append(_error(MODIFIER_CONFLICT, line, why))
    return findings


def _error(rule_id: str, line: LineContext, problem: str) -> Finding:
    return error(
        rule_id,
        f"line {line.line_number}: {problem}",
        "Correct the line's modifiers (at most 4, most specific first).",
        CARC,
        line_number=line.line_number,
        field="modifiers",
    )


EDIT = BuiltinEdit("modifiers", (MODIFIER_FORMAT, MODIFIER_TOO_MANY, MODIFIER_CONFLICT), check_modifiers)
