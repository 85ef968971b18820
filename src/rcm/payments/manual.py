"""The unmatched queue worked by hand: post a kept CLP onto the claim a biller picked, or dismiss it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from rcm import records
from rcm.claims import service as claims
from rcm.db import utcnow
from rcm.denials import mapping
from rcm.edi.remittance import Party, PaymentInfo, RemittanceHeader
from rcm.errors import BusinessRuleViolation, Conflict
from rcm.money import to_decimal
from rcm.pagination import Page, PageParams
from rcm.payers import service as payers
from rcm.payments import writer
from rcm.payments.clp_json import clp_from_json
from rcm.payments.models import Remittance, UnmatchedRemittanceClaim, UnmatchedStatus
from rcm.payments.planner import AWAITING_PAYMENT, plan_claim
from rcm.payments.posting import RemittanceReport, claim_state
from rcm.payments.repository import RemittanceRepository, UnmatchedRepository
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues


class UnmatchedNotPostable(BusinessRuleViolation):
    """The chosen claim cannot take this payment (status or payer)."""


def list_unmatched(session: Session, ctx: AuthContext, params: PageParams) -> Page[UnmatchedRemittanceClaim]:
    return UnmatchedRepository(session, ctx).open_items(params)


def _open_row(session: Session, ctx: AuthContext, row_id: uuid.UUID) -> UnmatchedRemittanceClaim:
    row = UnmatchedRepository(session, ctx).get_or_raise(row_id, for_update=True)
    if row.status is not UnmatchedStatus.open:
        raise Conflict(f"this remittance claim is already {row.status.value}", status=row.status.value)
    return row


def _header(remittance: Remittance) -> RemittanceHeader:
    payment = PaymentInfo(
        "I",
        to_decimal(abs(remittance.payment_cents)),
        remittance.credit_debit,
        remittance.payment_method,
        payment_date=remittance.payment_date,
    )
    return RemittanceHeader(
        payment, trace_number=remittance.trace_number, payer=Party("PR", remittance.payer_name)
    )


def match_by_hand(
    session: Session, ctx: AuthContext, row_id: uuid.UUID, claim_id: uuid.UUID
) -> UnmatchedRemittanceClaim:
    row = _open_row(session, ctx, row_id)
    remittance = RemittanceRepository(session, ctx).get_or_raise(row.remittance_id)
    target = claims.get_claim(session, ctx, claim_id)
    state = claim_state(session, ctx, target.patient_control_number)
    if state.status not in AWAITING_PAYMENT:
        raise UnmatchedNotPostable(
            f"the claim is {state.status.value}, not awaiting payment", status=state.status.value
        )
    if remittance.payer_id is not None and state.payer_id != remittance.payer_id:
        raise UnmatchedNotPostable("the claim is billed to another payer than this remittance's")
    clp = clp_from_json(row.clp)
    now = utcnow()
    paid_on = (
        datetime.combine(remittance.payment_date, datetime.min.time(), UTC)
        if remittance.payment_date
        else now
    )
    overrides = writer.mapping_overrides(session, ctx)
    plan = plan_claim(
        state,
        clp,
        lambda g, c, r: mapping.classify(g, c, r, state.payer_id, overrides),
        now=now,
        paid_on=paid_on,
    )
    report = RemittanceReport(
        remittance.trace_number,
        remittance.payer_identifier,
        remittance.payer_name,
        "posted",
        remittance_id=remittance.id,
        payer_id=remittance.payer_id,
    )
    by_id = {p.id: p for p in payers.all_payers(session, ctx)}
    chunk = writer.ChunkWriter(ctx, report, _header(remittance), now, by_id)
    chunk.claim(state, plan)
    chunk.write(session)
    remittance.matched_count += 1
    remittance.unmatched_count -= 1
    records.update(
        session,
        ctx,
        row,
        {
            "status": UnmatchedStatus.matched,
            "matched_claim_id": claim_id,
            "resolved_at": now,
            "resolved_by": ctx.user_id,
        },
        "unmatched.matched",
    )
    workqueues.close_for_entity(
        session, ctx, row.id, f"matched by hand to claim {target.patient_control_number}"
    )
    session.flush()
    session.expire_all()
    return row


def dismiss(session: Session, ctx: AuthContext, row_id: uuid.UUID, note: str) -> UnmatchedRemittanceClaim:
    row = _open_row(session, ctx, row_id)
    records.update(
        session,
        ctx,
        row,
        {"status": UnmatchedStatus.dismissed, "resolved_at": utcnow(), "resolved_by": ctx.user_id},
        "unmatched.dismissed",
        reason=note,
    )
    workqueues.close_for_entity(session, ctx, row.id, f"dismissed: {note}")
    return row
