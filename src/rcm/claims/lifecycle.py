"""Every claim status change goes through `apply_event`: state machine, audit, timestamps."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.audit.models import AuditEvent
from rcm.audit.repository import AuditRepository
from rcm.claims.models import Claim
from rcm.claims.repository import ClaimRepository
from rcm.claims.schemas import AllowedTransition, TransitionRequest, TransitionsRead
from rcm.claims.state_machine import ClaimEvent, ClaimStatus, allowed_events, next_status
from rcm.db import utcnow
from rcm.records import check_version
from rcm.tenancy import AuthContext

# Where each event comes from; only `cancel` and `correct` are applied by hand.
EVENT_SOURCE: dict[ClaimEvent, str] = {
    ClaimEvent.scrub_passed: "POST /claims/{id}/scrub",
    ClaimEvent.edit: "PATCH /claims/{id}",
    ClaimEvent.submit: "POST /claims/{id}/submit",
    ClaimEvent.resubmit: "POST /claims/{id}/submit",
    ClaimEvent.reject: "999 / 277CA acknowledgment",
    ClaimEvent.accept: "277CA acknowledgment (or the first 835)",
    ClaimEvent.deny: "835 remittance",
    ClaimEvent.pay_full: "835 remittance or payment posting",
    ClaimEvent.pay_partial: "835 remittance or payment posting",
    ClaimEvent.reverse: "835 reversal (CLP02=22)",
    ClaimEvent.write_off: "POST /claims/{id}/write-offs",
    ClaimEvent.cancel: "POST /claims/{id}/void",
    ClaimEvent.correct: "POST /claims/{id}/reopen",
}


@dataclass(frozen=True, slots=True)
class CounterState:
    """What an event's side effects depend on: the claim's submission/adjudication counters."""

    first_submitted_at: datetime | None
    submission_count: int
    rejection_count: int
    adjudication_count: int

    @classmethod
    def of(cls, claim: Any) -> CounterState:
        return cls(
            claim.first_submitted_at,
            claim.submission_count or 0,
            claim.rejection_count or 0,
            claim.adjudication_count or 0,
        )


def effects(event: ClaimEvent, now: datetime, state: CounterState) -> dict[str, Any]:
    """The timestamps and counters an event sets (KPIs read them: clean-claim, first-pass, days-to-pay)."""
    if event in (ClaimEvent.submit, ClaimEvent.resubmit):
        return {
            "submitted_at": now,
            "first_submitted_at": state.first_submitted_at or now,
            "submission_count": state.submission_count + 1,
        }
    if event is ClaimEvent.reject:
        return {"rejection_count": state.rejection_count + 1}
    if event in (ClaimEvent.deny, ClaimEvent.pay_full, ClaimEvent.pay_partial):
        return {"adjudicated_at": now, "adjudication_count": state.adjudication_count + 1}
    return {}


def apply_event(
    session: Session,
    ctx: AuthContext,
    claim: Claim,
    event: ClaimEvent,
    *,
    reason: str = "",
    source_document_id: str | uuid.UUID = "",
    changes: dict[str, Any] | None = None,
) -> Claim:
    """Move `claim` by `event` (raises IllegalClaimTransition, 409) and audit who/why/which document."""
    before = claim.status
    claim.status = next_status(claim.status, event)
    now = utcnow()
    claim.updated_at, claim.updated_by = now, ctx.user_id
    for key, value in effects(event, now, CounterState.of(claim)).items():
        setattr(claim, key, value)
    audit.record(
        session,
        ctx,
        f"claim.{event.value}",
        claim,
        changes={"status": [before.value, claim.status.value], **(changes or {})},
        reason=reason,
        source_document_id=source_document_id,
    )
    return claim


def void_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID, req: TransitionRequest) -> Claim:
    """Cancel a Draft or Scrubbed claim (never one a payer has seen)."""
    return _manual(session, ctx, claim_id, ClaimEvent.cancel, req)


def reopen_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID, req: TransitionRequest) -> Claim:
    """Bring a Rejected claim back to Draft so it can be corrected and resubmitted."""
    return _manual(session, ctx, claim_id, ClaimEvent.correct, req)


def _manual(
    session: Session, ctx: AuthContext, claim_id: uuid.UUID, event: ClaimEvent, req: TransitionRequest
) -> Claim:
    claim = ClaimRepository(session, ctx).get_full(claim_id, for_update=True)
    check_version(claim, req.version)
    apply_event(session, ctx, claim, event, reason=req.reason)
    session.flush()
    return claim


def allowed_transitions(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> TransitionsRead:
    claim = ClaimRepository(session, ctx).get_or_raise(claim_id)
    allowed = [
        AllowedTransition(event=e, to=to, how=EVENT_SOURCE[e])
        for e, to in allowed_events(claim.status).items()
    ]
    return TransitionsRead(status=claim.status, version=claim.version, allowed=allowed)


def history(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[AuditEvent]:
    claim = ClaimRepository(session, ctx).get_or_raise(claim_id)
    return AuditRepository(session, ctx).for_entity("claim", claim.id)


def is_final(status: ClaimStatus) -> bool:
    return not allowed_events(status)
