"""Which claim line an 835 SVC pays. Pure.

In order: the line item control number we sent (REF*6R = the line id), then procedure + date +
modifiers in any order, then procedure + date with modifiers the payer dropped (a payer may return
SVC01 without a modifier we billed), then the originally submitted procedure (SVC06) when the
payer changed the code. Each line is paid by at most one SVC of a CLP.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from rcm.edi.remittance import ServicePayment


class Line(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def control_number(self) -> str: ...
    @property
    def procedure_code(self) -> str: ...
    @property
    def modifiers(self) -> tuple[str, ...]: ...
    @property
    def service_date(self) -> date: ...


L = TypeVar("L", bound=Line)


def _control_number(svc: ServicePayment) -> str | None:
    """REF*6R, the line item control number (we send the line id's 32 hex digits)."""
    for ref in svc.references:
        if ref.qualifier == "6R":
            return ref.value.strip().lower().replace("-", "")
    return None


def _date_ok(svc: ServicePayment, line: Line) -> bool:
    return svc.service_date is None or svc.service_date == line.service_date


def _candidates(svc: ServicePayment) -> list[tuple[str, tuple[str, ...]]]:
    found = [(svc.procedure.code, tuple(svc.procedure.modifiers))]
    if svc.original_procedure is not None:
        found.append((svc.original_procedure.code, tuple(svc.original_procedure.modifiers)))
    return found


def _find(svc: ServicePayment, lines: Sequence[L], used: set[str]) -> L | None:
    control = _control_number(svc)
    if control:
        for line in lines:
            if line.control_number == control:
                if line.id not in used:
                    return line
                break
    free = [line for line in lines if line.id not in used]
    for code, mods in _candidates(svc):
        same = [line for line in free if line.procedure_code == code and _date_ok(svc, line)]
        wanted = set(mods)
        hit = next((line for line in same if set(line.modifiers) == wanted), None)  # same, maybe reordered
        hit = hit or next((line for line in same if wanted <= set(line.modifiers)), None)  # one dropped
        if hit is not None:
            return hit
    return None


def match_lines(services: Sequence[ServicePayment], lines: Sequence[L]) -> list[L | None]:
    used: set[str] = set()
    matched: list[L | None] = []
    for svc in services:
        hit = _find(svc, lines, used)
        if hit is not None:
            used.add(hit.id)
        matched.append(hit)
    return matched
