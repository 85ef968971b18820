"""Write-offs: below the org's threshold a biller writes off at once; above it a practice admin
other than the requester must approve (SPEC section 5). A written-off balance closes the claim."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from rcm import records
from rcm.audit import service as audit
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.db import utcnow
from rcm.denials import service as denials
from rcm.errors import BusinessRuleViolation, Conflict, Forbidden
from rcm.orgs import service as orgs
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from rcm.workqueues.service import ItemDraft
from rcm.writeoffs.models import WriteOff, WriteOffStatus
from rcm.writeoffs.repository import WriteOffRepository
from rcm.writeoffs.schemas import WriteOffCreate

WRITABLE = frozenset({ClaimStatus.partially_paid, ClaimStatus.denied})


class WriteOffNotAllowed(BusinessRuleViolation):
    """The claim has no open payer balance of that size to write off."""


class SelfApprovalForbidden(Forbidden):
    """A write-off above the threshold needs a second person: the requester cannot approve it."""


def _check_amount(claim: Claim, amount: int) -> None:
    if claim.status not in WRITABLE:
        raise WriteOffNotAllowed(
            f"a {claim.status.value} claim has no balance to write off (PartiallyPaid or Denied only)",
            status=claim.status.value,
        )
    if amount > claim.balance_cents:
        raise WriteOffNotAllowed(
            f"{amount} cents is more than the open balance of {claim.balance_cents}",
            balance_cents=claim.balance_cents,
            amount_cents=amount,
        )


def request_write_off(
    session: Session, ctx: AuthContext, claim_id: uuid.UUID, data: WriteOffCreate
) -> WriteOff:
    claim = claims.get_claims_for_update(session, ctx, [claim_id])[0]
    _check_amount(claim, data.amount_cents)
    threshold = orgs.get_organization(session, ctx).writeoff_approval_threshold_cents
    needs_approval = data.amount_cents > threshold
    row = WriteOff(
        claim_id=claim.id,
        amount_cents=data.amount_cents,
        reason=data.reason,
        note=data.note,
        status=WriteOffStatus.pending_approval if needs_approval else WriteOffStatus.applied,
        requested_by=ctx.user_id,
    )
    records.create(session, ctx, WriteOffRepository(session, ctx), row, "write_off.requested")
    if needs_approval:
        workqueues.open_items(
            session,
            ctx,
            [
                ItemDraft(
                    WorkItemKind.write_off_approval,
                    row.id,
                    claim.id,
                    f"Approve write-off of {data.amount_cents / 100:.2f} ({data.reason.value}) "
                    f"on {claim.patient_control_number}",
                    data.amount_cents,
                    None,
                    {},
                )
            ],
        )
    else:
        _apply(session, ctx, claim, row)
    return row


def _apply(session: Session, ctx: AuthContext, claim: Claim, row: WriteOff) -> None:
    before = {k: getattr(claim, k) for k in ("adjustment_cents", "balance_cents", "written_off_cents")}
    claim.adjustment_cents += row.amount_cents
    claim.written_off_cents += row.amount_cents
    claim.balance_cents -= row.amount_cents
    claim.updated_at, claim.updated_by = utcnow(), ctx.user_id
    audit.record(
        session,
        ctx,
        "claim.written_off",
        claim,
        source_document_id=row.id,
        reason=row.reason.value,
        changes={k: [v, getattr(claim, k)] for k, v in before.items()}
        | {"write_off_cents": [None, row.amount_cents]},
    )
    if claim.balance_cents == 0:
        lifecycle.apply_event(
            session,
            ctx,
            claim,
            ClaimEvent.write_off,
            reason=f"write-off {row.reason.value}",
            source_document_id=row.id,
        )
        denials.close_for_claim(session, ctx, claim.id, f"written off ({row.reason.value})")
    session.flush()


def _decide(session: Session, ctx: AuthContext, write_off_id: uuid.UUID) -> WriteOff:
    row = WriteOffRepository(session, ctx).get_or_raise(write_off_id, for_update=True)
    if row.status is not WriteOffStatus.pending_approval:
        raise Conflict(f"the write-off is already {row.status.value}", status=row.status.value)
    if row.requested_by is not None and row.requested_by == ctx.user_id:
        raise SelfApprovalForbidden("you requested this write-off; another practice admin must decide it")
    return row


def approve(session: Session, ctx: AuthContext, write_off_id: uuid.UUID, note: str) -> WriteOff:
    row = _decide(session, ctx, write_off_id)
    claim = claims.get_claims_for_update(session, ctx, [row.claim_id])[0]
    _check_amount(claim, row.amount_cents)  # the balance may have moved since the request
    records.update(
        session,
        ctx,
        row,
        {
            "status": WriteOffStatus.applied,
            "decided_by": ctx.user_id,
            "decided_at": utcnow(),
            "decision_note": note,
        },
        "write_off.approved",
    )
    _apply(session, ctx, claim, row)
    workqueues.close_for_entity(session, ctx, row.id, "write-off approved")
    return row


def reject(session: Session, ctx: AuthContext, write_off_id: uuid.UUID, note: str) -> WriteOff:
    row = _decide(session, ctx, write_off_id)
    records.update(
        session,
        ctx,
        row,
        {
            "status": WriteOffStatus.rejected,
            "decided_by": ctx.user_id,
            "decided_at": utcnow(),
            "decision_note": note,
        },
        "write_off.rejected",
    )
    workqueues.close_for_entity(session, ctx, row.id, "write-off rejected")
    return row


def list_write_offs(
    session: Session, ctx: AuthContext, params: PageParams, status: WriteOffStatus | None
) -> Page[WriteOff]:
    return WriteOffRepository(session, ctx).by_status(params, status)


def write_offs_of_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[WriteOff]:
    claims.get_claim(session, ctx, claim_id)
    return WriteOffRepository(session, ctx).for_claim(claim_id)
