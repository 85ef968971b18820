"""Which claim line an 835 SVC pays. Pure.

In order: the line item control number we sent (REF*6R = the line id), then procedure + date +
modifiers in any order, then procedure + date with modifiers the payer dropped (a payer may return
SVC01 without a modifier we billed), then the originally submitted procedure (SVC06) when the
payer changed the code. Each line is paid by at most one SVC of a CLP.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rcm.edi.remittance import ServicePayment


@dataclass(slots=True)
class LineKey:
    id: uuid.UUID
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    control_number: str = ""  # what we sent in REF*6R: the line id as 32 hex digits

    def __post_init__(self) -> None:
        self.control_number = self.control_number or self.id.hex


def _date_ok(svc: ServicePayment, line: LineKey) -> bool:
    return svc.service_date is None or svc.service_date == line.service_date


def _candidates(svc: ServicePayment) -> list[tuple[str, tuple[str, ...]]]:
    found = [(svc.procedure.code, tuple(svc.procedure.modifiers))]
    if svc.original_procedure is not None:
        found.append((svc.original_procedure.code, tuple(svc.original_procedure.modifiers)))
    return found


def _find(svc: ServicePayment, lines: Sequence[LineKey], used: set[uuid.UUID]) -> LineKey | None:
    free = [line for line in lines if line.id not in used]
    control = svc.line_item_control_number
    if control:
        key = control.lower().replace("-", "")
        exact = next((line for line in free if line.control_number == key), None)
        if exact is not None:
            return exact
    for code, mods in _candidates(svc):
        same = [line for line in free if line.procedure_code == code and _date_ok(svc, line)]
        wanted = set(mods)
        hit = next((line for line in same if set(line.modifiers) == wanted), None)  # same, maybe reordered
        hit = hit or next((line for line in same if wanted <= set(line.modifiers)), None)  # one dropped
        if hit is not None:
            return hit
    return None


def match_lines(services: Sequence[ServicePayment], lines: Sequence[LineKey]) -> list[LineKey | None]:
    used: set[uuid.UUID] = set()
    matched: list[LineKey | None] = []
    for svc in services:
        hit = _find(svc, lines, used)
        if hit is not None:
            used.add(hit.id)
        matched.append(hit)
    return matched
