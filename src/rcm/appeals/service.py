"""Appeals: opened on a denial before its deadline, worked, decided (Won / Lost)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from rcm import records
from rcm.appeals.deadlines import level_deadline
from rcm.appeals.errors import (
    AppealAlreadyOpen,
    AppealDeadlinePassed,
    AppealDeadlineUnknown,
    AppealNotPending,
    AppealNotSubmitted,
    DenialNotOpen,
    RecoveredAmountInvalid,
)
from rcm.appeals.schemas import AppealCreate, AppealOutcome
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.db import utcnow
from rcm.denials import service as denials
from rcm.denials.models import Appeal, AppealStatus, Denial
from rcm.denials.repository import AppealRepository
from rcm.pagination import Page, PageParams
from rcm.payers import service as payers
from rcm.tenancy import AuthContext


def check_deadline(deadline: date, today: date) -> None:
    """The deadline day itself is still in time."""
    if today > deadline:
        raise AppealDeadlinePassed(
            f"the appeal deadline was {deadline.isoformat()}",
            deadline=deadline.isoformat(),
            today=today.isoformat(),
        )


def open_appeal(
    session: Session, ctx: AuthContext, denial_id: uuid.UUID, data: AppealCreate, *, today: date | None = None
) -> Appeal:
    """Open the next-level appeal of an open denial; its deadline is the denial's appeal deadline."""
    denial = denials.lock_denial(session, ctx, denial_id)  # serializes two managers opening at once
    if not denial.is_open:
        raise DenialNotOpen("the denial is closed; reopen it before appealing", denial_id=str(denial.id))
    earlier = AppealRepository(session, ctx).levels_of(denial.id)
    in_progress = [a for a in earlier if a.status is AppealStatus.pending]
    if in_progress:
        raise AppealAlreadyOpen(
            "the denial already has an appeal in progress", appeal_id=str(in_progress[0].id)
        )
    deadline = _deadline(session, ctx, denial, earlier)
    check_deadline(deadline, today or utcnow().date())
    appeal = Appeal(
        denial_id=denial.id,
        claim_id=denial.claim_id,
        level=len(earlier) + 1,
        status=AppealStatus.pending,
        deadline=deadline,
        reason=data.reason,
        argument=data.argument,
        citations=list(data.citations),
    )
    records.create(session, ctx, AppealRepository(session, ctx), appeal, "appeal.opened")
    note = f"level {appeal.level} appeal opened"
    if deadline != denial.appeal_deadline:
        denials.set_appeal_deadline(session, ctx, denial, deadline, note)
    denials.set_appeal_status(session, ctx, denial, AppealStatus.pending, "denial.appealed", note)
    return appeal


def _deadline(session: Session, ctx: AuthContext, denial: Denial, earlier: list[Appeal]) -> date:
    decided = [a for a in earlier if a.outcome_at is not None]
    if decided:
        payer = payers.get_payer(session, ctx, denial.payer_id)
        last = decided[-1]
        assert last.outcome_at is not None
        return level_deadline(payer.payer_type, payer.appeal_days, len(earlier) + 1, last.outcome_at.date())
    if denial.appeal_deadline is None:
        raise AppealDeadlineUnknown("the denial has no appeal deadline", denial_id=str(denial.id))
    return denial.appeal_deadline


def get_appeal(session: Session, ctx: AuthContext, appeal_id: uuid.UUID) -> Appeal:
    return AppealRepository(session, ctx).get_or_raise(appeal_id)


def appeals_of_denial(session: Session, ctx: AuthContext, denial_id: uuid.UUID) -> list[Appeal]:
    denials.get_denial(session, ctx, denial_id)
    return AppealRepository(session, ctx).levels_of(denial_id)


def list_appeals(
    session: Session, ctx: AuthContext, params: PageParams, status: AppealStatus | None
) -> Page[Appeal]:
    return AppealRepository(session, ctx).search(params, status)


def record_outcome(session: Session, ctx: AuthContext, appeal_id: uuid.UUID, data: AppealOutcome) -> Appeal:
    """The payer's decision: the appeal and its denial get the outcome, and the denial is closed."""
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id, for_update=True)
    if appeal.status is not AppealStatus.pending:
        raise AppealNotPending(f"the appeal is already {appeal.status.value}", status=appeal.status.value)
    if appeal.submitted_at is None:
        raise AppealNotSubmitted("the appeal was never submitted to the payer", appeal_id=str(appeal.id))
    denial = denials.lock_denial(session, ctx, appeal.denial_id)
    outcome = AppealStatus(data.outcome)
    _check_recovered(outcome, data.recovered_cents, denial)
    values = {
        "status": outcome,
        "outcome_at": utcnow(),
        "outcome_note": data.note,
        "recovered_cents": data.recovered_cents,
    }
    records.update(session, ctx, appeal, values, f"appeal.{outcome.value.lower()}", reason=data.note)
    resolution = f"appeal {outcome.value.lower()}: {data.note}"
    denials.resolve_denial(session, ctx, denial, outcome, resolution, "denial.appeal_decided")
    if outcome is AppealStatus.lost:
        _claim_denied_again(session, ctx, appeal)
    return appeal


def _check_recovered(outcome: AppealStatus, recovered: int, denial: Denial) -> None:
    if outcome is AppealStatus.lost and recovered:
        raise RecoveredAmountInvalid("a lost appeal recovers nothing", recovered_cents=recovered)
    if recovered > denial.amount_cents:
        raise RecoveredAmountInvalid(
            "the recovered amount exceeds the denied amount",
            recovered_cents=recovered,
            denied_cents=denial.amount_cents,
        )


def _claim_denied_again(session: Session, ctx: AuthContext, appeal: Appeal) -> None:
    # Submitting the appeal moved a Denied claim to Submitted; the payer upheld its denial.
    claim = claims.get_claim(session, ctx, appeal.claim_id)
    if claim.status is ClaimStatus.submitted:
        lifecycle.apply_event(
            session, ctx, claim, ClaimEvent.deny, reason="appeal lost", source_document_id=appeal.id
        )
