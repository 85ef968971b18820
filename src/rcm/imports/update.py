"""An import row for a claim we already have: updated, never duplicated.

Money the row reports becomes imported payment/adjustment rows for the difference; a new status
is reached through the claim state machine along the shortest legal path; a Draft claim may have
its lines and codes replaced. Every check runs before the claim is touched, so a refused row
leaves it exactly as it was.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm.audit.hashing import jsonable
from rcm.claims.lifecycle import CounterState, effects
from rcm.claims.models import Claim, ClaimLine
from rcm.claims.state_machine import ClaimEvent, ClaimStatus, next_status
from rcm.imports.create import line_values, tokens
from rcm.imports.record import ImportRecord, RowRejected
from rcm.imports.rows import BatchRows, MoneyDelta, at_midnight
from rcm.imports.status import Step, next_states, shortest_path
from rcm.imports.values import procedure_token

MONEY = ("paid_cents", "adjustment_cents", "patient_responsibility_cents", "balance_cents")


def _current_lines(claim: Claim) -> list[str]:
    return [procedure_token(ln.procedure_code, ln.modifiers, ln.units, ln.charge_cents) for ln in claim.lines]


def _lines_change(claim: Claim, rec: ImportRecord) -> bool:
    if _current_lines(claim) == tokens(rec.procedures, rec.line_charges):
        return False
    if claim.status is not ClaimStatus.draft:
        current, wanted = ";".join(_current_lines(claim)), ";".join(tokens(rec.procedures, rec.line_charges))
        raise RowRejected(
            "locked_lines",
            f"the claim is {claim.status.value}: its procedure codes and charges can only be replaced"
            f" while it is Draft (claim: {current}; file: {wanted})",
        )
    return True


def _steps(claim: Claim, rec: ImportRecord) -> list[Step]:
    if rec.status is None:
        return []
    path = shortest_path(claim.status, rec.status)
    if path is None:
        allowed = ", ".join(next_states(claim.status)) or "none (it is final for imports)"
        raise RowRejected(
            "illegal_status",
            f"cannot move the claim from {claim.status.value} to {rec.status.value};"
            f" allowed next states: {allowed}",
            "Status",
        )
    return path


def _delta(claim: Claim, rec: ImportRecord) -> MoneyDelta:
    def diff(new: int | None, old: int) -> int:
        return 0 if new is None else new - old

    return MoneyDelta(
        diff(rec.paid_cents, claim.paid_cents),
        diff(rec.adjustment_cents, claim.adjustment_cents),
        diff(rec.patient_cents, claim.patient_responsibility_cents),
    )


def _draft_fields(claim: Claim, rec: ImportRecord) -> dict[str, Any]:
    if claim.status is not ClaimStatus.draft:
        return {}
    wanted = {
        "diagnosis_codes": rec.diagnosis_codes,
        "place_of_service": rec.place_of_service or claim.place_of_service,
        "service_date_from": rec.service_from,
        "service_date_to": rec.service_to,
    }
    return {k: v for k, v in wanted.items() if getattr(claim, k) != v}


def _replace_lines(session: Session, claim: Claim, rec: ImportRecord, rows: BatchRows) -> None:
    claim.lines.clear()
    session.flush()
    who = rows.ctx.user_id
    claim.lines.extend(
        ClaimLine(
            org_id=claim.org_id,
            created_by=who,
            updated_by=who,
            allowed_cents=0,
            paid_cents=0,
            patient_responsibility_cents=0,
            adjustment_cents=0,
            **values,
        )
        for values in line_values(rec)
    )
    claim.charge_cents = rec.charge_cents


def _event_time(event: ClaimEvent, rec: ImportRecord, now: datetime) -> datetime:
    day: date | None = None
    if event in (ClaimEvent.submit, ClaimEvent.resubmit):
        day = rec.submitted_on
    elif event in (ClaimEvent.deny, ClaimEvent.pay_full, ClaimEvent.pay_partial):
        day = rec.last_payment_on
    return at_midnight(day) or now


def _transition(claim: Claim, steps: list[Step], rec: ImportRecord, now: datetime) -> None:
    for event, _, _ in steps:
        claim.status = next_status(claim.status, event)  # the one state machine, as everywhere
        for key, value in effects(event, _event_time(event, rec, now), CounterState.of(claim)).items():
            setattr(claim, key, value)


def _post_money(claim: Claim, delta: MoneyDelta, rec: ImportRecord) -> None:
    claim.paid_cents += delta.paid
    claim.adjustment_cents += delta.adjustment
    claim.patient_responsibility_cents += delta.patient
    claim.allowed_cents += delta.paid + delta.patient
    claim.balance_cents = (
        claim.charge_cents - claim.paid_cents - claim.adjustment_cents - claim.patient_responsibility_cents
    )
    if delta.paid and rec.last_payment_on:
        claim.last_payment_at = at_midnight(rec.last_payment_on)


def update_claim(session: Session, claim: Claim, rec: ImportRecord, rows: BatchRows, payer_name: str) -> bool:
    """Apply the row to `claim`; False when the row changes nothing (no audit, no ledger rows)."""
    replace, steps = _lines_change(claim, rec), _steps(claim, rec)
    delta, fields = _delta(claim, rec), _draft_fields(claim, rec)
    if not (replace or steps or delta or fields):
        return False
    before = _state(claim) | {k: jsonable(getattr(claim, k)) for k in fields}
    if replace:
        _replace_lines(session, claim, rec, rows)
    for key, value in fields.items():
        setattr(claim, key, value)
    _post_money(claim, delta, rec)
    _transition(claim, steps, rec, rows.now)
    claim.updated_at, claim.updated_by = rows.now, rows.ctx.user_id
    payment_id = rows.ledger(claim.id, (claim.payer_id, payer_name), delta, rec.last_payment_on)
    after = _state(claim) | {k: jsonable(getattr(claim, k)) for k in fields}
    changes: dict[str, Any] = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if steps:
        changes["transitions"] = [[e.value, frm.value, to.value] for e, frm, to in steps]
    if payment_id is not None:
        changes["payment_id"] = [None, str(payment_id)]
    rows.audits.append(rows.draft("claim.import_updated", claim.id, rec, changes))
    return True


def _state(claim: Claim) -> dict[str, Any]:
    return {
        "status": claim.status.value,
        "lines": _current_lines(claim),
        **{k: getattr(claim, k) for k in MONEY},
    }
