"""Plan the posting of one 835 CLP onto one claim. Pure: states in, row dicts and events out.

Money: CLP04 is paid; each CAS triplet is classified (rcm.denials.mapping): PR goes to patient
responsibility, contractual/reduction/informational adjustments are applied, and denial amounts
stay open on the claim (they are recoverable until appealed, corrected or written off), so
    charge = paid + adjustments + patient responsibility + open balance
holds for the claim and for every line. A reversal (CLP02=22) carries negative amounts and is
posted the same way, which takes the earlier payment back out.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from rcm.claims.lifecycle import CounterState, effects
from rcm.claims.state_machine import ClaimEvent, ClaimStatus, next_status
from rcm.denials.mapping import Classification, adjustment_kind, is_denial
from rcm.edi.common import Adjustment
from rcm.edi.remittance import ClaimPayment, ServicePayment
from rcm.money import to_cents as cents
from rcm.payments.line_match import match_lines
from rcm.payments.models import AdjustmentKind

Classifier = Callable[[str, str, tuple[str, ...]], Classification]
AWAITING_PAYMENT = frozenset(
    {
        ClaimStatus.submitted,
        ClaimStatus.accepted,
        ClaimStatus.partially_paid,
        ClaimStatus.denied,
        ClaimStatus.paid,
    }
)
AUDITED = (
    "status",
    "paid_cents",
    "adjustment_cents",
    "patient_responsibility_cents",
    "balance_cents",
    "allowed_cents",
)


@dataclass(slots=True)
class LineState:
    id: str  # as text, like the claim's
    line_number: int
    procedure_code: str
    modifiers: tuple[str, ...]
    service_date: date
    charge_cents: int
    allowed_cents: int
    paid_cents: int
    patient_responsibility_cents: int
    adjustment_cents: int
    changed: bool = False
    control_number: str = ""  # what the 837 sent in REF*6R: the id's 32 hex digits

    def __post_init__(self) -> None:
        self.control_number = self.control_number or self.id.replace("-", "")


@dataclass(slots=True)
class ClaimState:
    id: str  # as text: posting writes it into many rows
    version: int
    status: ClaimStatus
    payer_id: uuid.UUID
    patient_control_number: str
    charge_cents: int
    allowed_cents: int
    paid_cents: int
    patient_responsibility_cents: int
    adjustment_cents: int
    balance_cents: int
    first_submitted_at: datetime | None
    submission_count: int
    rejection_count: int
    adjudication_count: int
    adjudicated_at: datetime | None
    last_payment_at: datetime | None
    payer_claim_control_number: str
    lines: list[LineState]
    # What the audit trail last recorded (AUDITED order), to report each posting's changes.
    started: tuple[Any, ...] = ()

    def audited(self) -> tuple[Any, ...]:
        return (
            self.status.value,
            self.paid_cents,
            self.adjustment_cents,
            self.patient_responsibility_cents,
            self.balance_cents,
            self.allowed_cents,
        )

    def changes(self) -> dict[str, Any]:
        """The audited fields that moved since the last call (as [before, after]), remembering now."""
        now = self.audited()
        moved = {k: [a, b] for k, a, b in zip(AUDITED, self.started, now, strict=True) if a != b}
        self.started = now
        return moved

    def counters(self) -> CounterState:
        return CounterState(
            self.first_submitted_at, self.submission_count, self.rejection_count, self.adjudication_count
        )


@dataclass(slots=True)
class DenialDraft:
    claim_line_id: str | None
    group_code: str
    carc: str
    rarcs: list[str]
    amount_cents: int
    classification: Classification


# One CAS triplet as posted: (claim line id or None, group, CARC, amount cents, quantity, kind).
PlannedAdjustment = tuple[str | None, str, str, int, Decimal | None, str]


@dataclass(slots=True)
class ClaimPlan:
    payment: dict[str, Any]
    adjustments: list[PlannedAdjustment]
    denials: list[DenialDraft]
    events: list[tuple[ClaimEvent, ClaimStatus, ClaimStatus]]
    reversal: bool


@dataclass(slots=True)
class _Totals:
    paid: int = 0
    patient: int = 0
    applied: int = 0
    denied: int = 0


_PATIENT, _DENIAL = AdjustmentKind.patient.value, AdjustmentKind.denial.value


def _triplets(
    items: list[Adjustment],
    line: LineState | None,
    rarcs: tuple[str, ...],
    classify: Classifier,
    totals: _Totals,
    out: list[PlannedAdjustment],
    denials: list[DenialDraft],
) -> tuple[int, int]:
    """Post one CAS loop's triplets; adds to `totals` and returns what went to this line as
    (patient responsibility, applied adjustments)."""
    line_id = line.id if line else None
    patient = applied = denied = 0
    for adj in items:
        amount = cents(adj.amount)
        cls = classify(adj.group, adj.reason, rarcs)
        kind = adjustment_kind(adj.group, cls).value
        out.append((line_id, adj.group, adj.reason, amount, adj.quantity, kind))
        if kind == _PATIENT:
            patient += amount
        elif kind == _DENIAL:
            denied += amount
        else:
            applied += amount
        if amount > 0 and is_denial(cls):
            denials.append(DenialDraft(line_id, adj.group, adj.reason, list(rarcs), amount, cls))
    totals.patient += patient
    totals.applied += applied
    totals.denied += denied
    return patient, applied


def _post_line(line: LineState, svc: ServicePayment, patient: int, applied: int) -> None:
    paid = cents(svc.paid)
    line.paid_cents += paid
    line.patient_responsibility_cents += patient
    line.adjustment_cents += applied
    allowed = svc.allowed_amount
    line.allowed_cents = line.allowed_cents + (cents(allowed) if allowed is not None else paid + patient)
    line.changed = True


def post_money(
    state: ClaimState, clp: ClaimPayment, classify: Classifier
) -> tuple[list[PlannedAdjustment], list[DenialDraft], _Totals]:
    adjustments: list[PlannedAdjustment] = []
    denials: list[DenialDraft] = []
    totals = _Totals(paid=cents(clp.paid))
    claim_rarcs = tuple(
        (clp.outpatient.remark_codes if clp.outpatient else [])
        + (clp.inpatient.remark_codes if clp.inpatient else [])
    )
    _triplets(clp.adjustments, None, claim_rarcs, classify, totals, adjustments, denials)
    matched = match_lines(clp.services, state.lines)
    for svc, line in zip(clp.services, matched, strict=True):
        rarcs = tuple(svc.remark_codes) if svc.remark_codes else claim_rarcs
        patient, applied = _triplets(svc.adjustments, line, rarcs, classify, totals, adjustments, denials)
        if line is not None:
            _post_line(line, svc, patient, applied)
    state.paid_cents += totals.paid
    state.patient_responsibility_cents += totals.patient
    state.adjustment_cents += totals.applied
    state.allowed_cents += totals.paid + totals.patient
    state.balance_cents = (
        state.charge_cents - state.paid_cents - state.adjustment_cents - state.patient_responsibility_cents
    )
    return adjustments, denials, totals


def outcome_events(state: ClaimState, clp: ClaimPayment, totals: _Totals) -> list[ClaimEvent]:
    """The lifecycle events this remittance implies for the claim's current status."""
    current = state.status
    if clp.is_reversal:
        reopenable = (ClaimStatus.paid, ClaimStatus.partially_paid, ClaimStatus.denied)
        return [ClaimEvent.reverse] if current in reopenable else []
    if state.paid_cents == 0 and (clp.is_denied or totals.denied > 0):
        return [ClaimEvent.deny] if current in (ClaimStatus.submitted, ClaimStatus.accepted) else []
    events: list[ClaimEvent] = []
    if current is ClaimStatus.submitted:
        events.append(ClaimEvent.accept)  # an 835 without a prior 277CA: the payer accepted it
    elif current is ClaimStatus.denied:
        events.append(ClaimEvent.reverse)  # the payer reprocessed its own denial
    landing = ClaimStatus.accepted if events else current
    settled = state.balance_cents <= 0
    if landing is ClaimStatus.accepted:
        events.append(ClaimEvent.pay_full if settled else ClaimEvent.pay_partial)
    elif landing is ClaimStatus.partially_paid and settled:
        events.append(ClaimEvent.pay_full)
    return events


def apply_events(
    state: ClaimState, events: list[ClaimEvent], now: datetime
) -> list[tuple[ClaimEvent, ClaimStatus, ClaimStatus]]:
    applied = []
    for event in events:
        before = state.status
        state.status = next_status(state.status, event)  # the one state machine, as everywhere
        for key, value in effects(event, now, state.counters()).items():
            setattr(state, key, value)
        applied.append((event, before, state.status))
    return applied


def plan_claim(
    state: ClaimState, clp: ClaimPayment, classify: Classifier, *, now: datetime, paid_on: datetime
) -> ClaimPlan:
    adjustments, denials, totals = post_money(state, clp, classify)
    events = apply_events(state, outcome_events(state, clp, totals), now)
    if totals.paid:
        state.last_payment_at = paid_on
    if clp.payer_claim_control_number:
        state.payer_claim_control_number = clp.payer_claim_control_number[:50]
    payment = {
        "amount_cents": totals.paid,
        "claim_status_code": clp.status_code[:2],
        "payer_claim_control_number": clp.payer_claim_control_number[:50],
        "is_reversal": clp.is_reversal,
    }
    return ClaimPlan(payment, adjustments, [] if clp.is_reversal else denials, events, clp.is_reversal)
