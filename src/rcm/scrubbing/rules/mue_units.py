"""Medically Unlikely Edits: units of a code per line (MAI 1) or per day (MAI 2 and 3)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from rcm.codesets.mue import MueLimit
from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

MUE_UNITS_EXCEEDED = "MUE_UNITS_EXCEEDED"
# CARC 151 "information does not support this many/frequency of services": the code Medicare
# pairs with RARC N362 when units exceed the MUE.
CARC = "151"


def check_mue(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    codes = {line.procedure_code for line in claim.lines if line.procedure_code}
    limits = lookups.mue.limits_for(codes, claim.service_date_from) if codes else {}
    if not limits:
        return []
    findings: list[Finding] = []
    per_day: dict[tuple[str, date], list[LineContext]] = defaultdict(list)
    for line in claim.lines:
        limit = limits.get(line.procedure_code)
        if limit is None:
            continue
        if limit.per_line:
            if line.units > limit.max_units:
                findings.append(_exceeded(line, limit, line.units, "on one line"))
        else:
            per_day[(line.procedure_code, line.service_date)].append(line)
    for (code, service_date), lines in per_day.items():
        total = sum((line.units for line in lines), Decimal(0))
        if total > limits[code].max_units:
            findings.append(_exceeded(lines[-1], limits[code], total, f"on {service_date}"))
    return findings


def _exceeded(line: LineContext, limit: MueLimit, units: Decimal, where: str) -> Finding:
    return error(
        MUE_UNITS_EXCEEDED,
        f"line {line.line_number}: {units.normalize():f} units of {limit.code} {where}; "
        f"the MUE allows {limit.max_units} (MAI {limit.adjudication_indicator})",
        "Check the units; bill medically necessary units above the MUE only with documentation "
        "(or on separate lines with an appropriate modifier where the MAI is 1).",
        CARC,
        line_number=line.line_number,
        field="units",
    )


EDIT = BuiltinEdit("mue_units", (MUE_UNITS_EXCEEDED,), check_mue)
