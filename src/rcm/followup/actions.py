"""Follow-up actions logged on a claim: stored, written to the claim's timeline, and the claim's
open follow-up item snoozed until the next follow-up date (or closed).

The next follow-up date defaults to the payer strategy's cadence from today; after a promised
payment date it defaults to that date plus a few days' grace for the remittance to arrive.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.db import utcnow
from rcm.errors import BusinessRuleViolation, InvalidInput
from rcm.followup import strategies
from rcm.followup.models import FollowUpAction
from rcm.followup.repository import FollowUpActionRepository, FollowUpWorkRepository
from rcm.followup.schemas import FollowUpCreate
from rcm.payers import service as payers
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItem, WorkItemStatus
from rcm.workqueues.priority import priority

NOT_BILLED = (ClaimStatus.draft, ClaimStatus.scrubbed, ClaimStatus.voided)
PROMISE_GRACE_DAYS = 5


class ClaimNotInAccountsReceivable(BusinessRuleViolation):
    """A claim that was never billed (or was voided) has nobody to follow up with."""


def _next_date(session: Session, ctx: AuthContext, claim: Claim, data: FollowUpCreate, today: date) -> date:
    if data.next_follow_up_on is not None:
        if data.next_follow_up_on < today:
            raise InvalidInput(
                "next_follow_up_on cannot be in the past",
                next_follow_up_on=data.next_follow_up_on.isoformat(),
            )
        return data.next_follow_up_on
    if data.promised_payment_on is not None and data.promised_payment_on >= today:
        return data.promised_payment_on + timedelta(days=PROMISE_GRACE_DAYS)
    payer = payers.get_payer(session, ctx, claim.payer_id)
    strategy = strategies.strategy_book(session, ctx).resolve(payer.id, payer.payer_type)
    return today + timedelta(days=strategy.cadence_days)


def _billed_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> Claim:
    claim = claims.get_claim(session, ctx, claim_id)  # another org's claim is a 404
    if claim.status in NOT_BILLED:
        raise ClaimNotInAccountsReceivable(
            f"claim {claim.patient_control_number} is {claim.status.value}: nothing to follow up",
            status=claim.status.value,
        )
    return claim


def log_follow_up(
    session: Session,
    ctx: AuthContext,
    claim_id: uuid.UUID,
    data: FollowUpCreate,
    *,
    now: datetime | None = None,
) -> FollowUpAction:
    at = now or utcnow()
    claim = _billed_claim(session, ctx, claim_id)
    next_on = _next_date(session, ctx, claim, data, at.date())
    item = FollowUpWorkRepository(session, ctx).open_for_claim(claim.id)
    action = FollowUpAction(
        claim_id=claim.id,
        work_item_id=item.id if item else None,
        channel=data.channel,
        outcome=data.outcome,
        note=data.note,
        next_follow_up_on=next_on,
        promised_payment_on=data.promised_payment_on,
        performed_at=at,
        performed_by=ctx.user_id,
    )
    FollowUpActionRepository(session, ctx).add(action)
    session.flush()
    _to_timeline(session, ctx, claim, action)
    if item is not None:
        _update_item(session, ctx, item, action, close=data.close_item)
    return action


def _to_timeline(session: Session, ctx: AuthContext, claim: Claim, action: FollowUpAction) -> None:
    detail = {
        "follow_up_id": str(action.id),
        "channel": action.channel.value,
        "outcome": action.outcome.value,
        "next_follow_up_on": action.next_follow_up_on.isoformat() if action.next_follow_up_on else None,
        "promised_payment_on": action.promised_payment_on.isoformat() if action.promised_payment_on else None,
    }
    audit.record(
        session,
        ctx,
        "claim.follow_up",
        claim,
        changes={k: [None, v] for k, v in detail.items() if v is not None},
        reason=action.note,
    )


def _update_item(
    session: Session, ctx: AuthContext, item: WorkItem, action: FollowUpAction, *, close: bool
) -> WorkItem:
    assert action.next_follow_up_on is not None  # always resolved before the action is stored
    wake = action.next_follow_up_on
    line = f"{action.performed_at:%Y-%m-%d} {action.channel.value}: {action.outcome.value}"
    line += " -> closed" if close else f" -> snoozed until {wake.isoformat()}"
    values: dict[str, object] = {"note": (item.note + "\n" + line).strip()[-2000:]}
    if close:
        values["status"] = WorkItemStatus.done
    else:
        values |= {
            "status": WorkItemStatus.open,
            "due_at": datetime.combine(wake, time.min, UTC),
            "priority": _snoozed_priority(item.amount_cents, action.performed_at.date()),
        }
    return workqueues.update_item(session, ctx, item.id, values)


def _snoozed_priority(amount_cents: int, today: date) -> int:
    # No urgency while snoozed (a deadline a year out scores none): every item waiting for work
    # ranks above one waiting for its date, which the refresh raises to the top when it is due.
    return priority(amount_cents, today + timedelta(days=365), today)


def follow_ups_of_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[FollowUpAction]:
    claims.get_claim(session, ctx, claim_id)  # another org's claim is a 404
    return FollowUpActionRepository(session, ctx).for_claim(claim_id)
