"""NCCI procedure-to-procedure edits: column-2 code billed with its column-1 code on the same day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from rcm.codesets.ncci import NcciPtpEdit
from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

NCCI_PTP_CONFLICT = "NCCI_PTP_CONFLICT"
# CARC 236 "not compatible with another procedure ... on the same day according to NCCI": the
# NCCI-specific code, rather than the generic bundling CARC 97.
CARC = "236"
# NCCI policy manual ch. I: modifiers that may bypass an edit whose modifier indicator is 1.
NCCI_ASSOCIATED_MODIFIERS = frozenset(
    {"24", "25", "27", "57", "58", "59", "78", "79", "91", "XE", "XP", "XS", "XU"}
    | {"E1", "E2", "E3", "E4", "FA", "LC", "LD", "LM", "LT", "RC", "RI", "RT", "TA"}
    | {f"F{n}" for n in range(1, 10)}
    | {f"T{n}" for n in range(1, 10)}
)


def check_ncci(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings: list[Finding] = []
    for (service_date, _), lines in _same_day_same_provider(claim).items():
        if len(lines) < 2:
            continue
        codes = {line.procedure_code for line in lines}
        for edit in lookups.ncci.edits_among(codes, service_date):
            findings.extend(_apply(edit, lines, service_date))
    return findings


def _same_day_same_provider(claim: ClaimContext) -> dict[tuple[date, str | None], list[LineContext]]:
    groups: dict[tuple[date, str | None], list[LineContext]] = defaultdict(list)
    for line in claim.lines:
        groups[(line.service_date, line.rendering_provider_npi or claim.rendering_provider_npi)].append(line)
    return groups


def _apply(edit: NcciPtpEdit, lines: list[LineContext], service_date: date) -> list[Finding]:
    if edit.modifier_indicator == 9:
        return []
    firsts = [line for line in lines if line.procedure_code == edit.column1]
    seconds = [line for line in lines if line.procedure_code == edit.column2]
    findings = []
    for second in seconds:
        if edit.modifier_allowed and _bypassed(second, firsts):
            continue
        findings.append(_conflict(edit, second, service_date))
    return findings


def _bypassed(second: LineContext, firsts: list[LineContext]) -> bool:
    """CMS accepts the NCCI-associated modifier on either code of the pair."""
    return any(NCCI_ASSOCIATED_MODIFIERS.intersection(line.modifiers) for line in [second, *firsts])


def _conflict(edit: NcciPtpEdit, line: LineContext, service_date: date) -> Finding:
    if edit.modifier_allowed:
        hint = (
            "If the services were distinct (separate site, session or encounter), append 59 or XE/XP/XS/XU."
        )
    else:
        hint = "The pair is never paid together (modifier indicator 0): remove the column-2 code."
    return error(
        NCCI_PTP_CONFLICT,
        f"line {line.line_number}: {edit.column2} is bundled into {edit.column1} on {service_date} (NCCI)",
        hint,
        CARC,
        line_number=line.line_number,
        field="procedure_code",
    )


EDIT = BuiltinEdit("ncci_ptp", (NCCI_PTP_CONFLICT,), check_ncci)
