"""999 and 277CA/277 answers -> claim acknowledgments and lifecycle events.

A rejection (999 IK5/AK9 R, 277CA A3/A6/A7/A8) means the payer never adjudicated the claim: it
moves to Rejected, never Denied, and no 835 will follow. 277CA A1/A2 moves it to Accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.batches.models import AckKind, Batch, BatchStatus, ClaimAcknowledgment
from rcm.batches.repository import AcknowledgmentRepository, BatchClaimRepository, BatchRepository
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.db import utcnow
from rcm.edi.acknowledgment import FunctionalGroupAck, TransactionSetAck
from rcm.edi.claim_status import ACKNOWLEDGED_CATEGORIES, ClaimStatusResponse, StatusInfo
from rcm.edi.claim_status import ClaimStatus as X12ClaimStatus
from rcm.tenancy import AuthContext


@dataclass
class AckSummary:
    accepted: int = 0
    rejected: int = 0
    recorded: int = 0
    unmatched: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "recorded": self.recorded,
            "unmatched": self.unmatched[:100],
            "unmatched_count": len(self.unmatched),
        }


def _record(
    session: Session, ctx: AuthContext, claim: Claim, inbound: Batch, **values: Any
) -> ClaimAcknowledgment:
    ack = ClaimAcknowledgment(claim_id=claim.id, batch_id=inbound.id, received_at=utcnow(), **values)
    AcknowledgmentRepository(session, ctx).add(ack)
    return ack


def _set_error_codes(ts: TransactionSetAck) -> list[dict[str, Any]]:
    codes: list[dict[str, Any]] = [{"ik5": code} for code in ts.error_codes]
    for seg in ts.segment_errors:
        codes.append(
            {
                "segment": seg.segment_id,
                "position": seg.position,
                "ik304": seg.error_code,
                "elements": [{"position": e.position, "ik403": e.error_code} for e in seg.elements],
            }
        )
    return codes


def process_999(
    session: Session, ctx: AuthContext, inbound: Batch, groups: list[FunctionalGroupAck]
) -> AckSummary:
    summary = AckSummary()
    for group in groups:
        outbound = BatchRepository(session, ctx).outbound_by_group(group.group_control_number)
        if outbound is None:
            summary.unmatched.append(f"GS06 {group.group_control_number}")
            continue
        inbound.related_batch_id = outbound.id
        verdict = next(
            (
                ts
                for ts in group.transaction_sets
                if ts.control_number.lstrip("0") == outbound.transaction_control_number.lstrip("0")
            ),
            None,
        )
        accepted = verdict.accepted if verdict is not None else group.accepted
        status = verdict.status if verdict is not None else group.status
        codes = (
            _set_error_codes(verdict) if verdict is not None else [{"ak905": c} for c in group.error_codes]
        )
        _apply_999(session, ctx, inbound, outbound, accepted, status, codes, summary)
    return summary


def _apply_999(
    session: Session,
    ctx: AuthContext,
    inbound: Batch,
    outbound: Batch,
    accepted: bool,
    status: str,
    codes: list[dict[str, Any]],
    summary: AckSummary,
) -> None:
    outbound.status = BatchStatus.acknowledged if accepted else BatchStatus.rejected
    outbound.acknowledged_at = utcnow()
    message = "999: transaction set accepted" if accepted else f"999: transaction set rejected ({status})"
    for claim in claims.get_many(
        session, ctx, BatchClaimRepository(session, ctx).claim_ids(outbound.id)
    ).values():
        _record(
            session,
            ctx,
            claim,
            inbound,
            kind=AckKind.ack_999,
            category=status,
            accepted=accepted,
            codes=codes,
            message=message,
        )
        if accepted:
            summary.accepted += 1
            audit.record(
                session,
                ctx,
                "claim.acknowledged",
                claim,
                changes={"999": [None, status]},
                source_document_id=inbound.id,
            )
        elif claim.status is ClaimStatus.submitted:
            lifecycle.apply_event(
                session,
                ctx,
                claim,
                ClaimEvent.reject,
                reason=message,
                source_document_id=inbound.id,
                changes={"ack_codes": codes},
            )
            summary.rejected += 1


def _codes(statuses: list[StatusInfo]) -> list[dict[str, Any]]:
    return [
        {"category": c.category, "status": c.status, "entity": c.entity} for s in statuses for c in s.codes
    ]


def process_277(
    session: Session, ctx: AuthContext, inbound: Batch, responses: list[ClaimStatusResponse]
) -> AckSummary:
    summary = AckSummary()
    numbers = [c.patient_control_number for r in responses for c in r.claims]
    found = claims.by_control_numbers(session, ctx, numbers)
    for response in responses:
        for answer in response.claims:
            claim = found.get(answer.patient_control_number)
            if claim is None or not answer.statuses:
                summary.unmatched.append(answer.patient_control_number)
                continue
            _apply_277(session, ctx, inbound, claim, answer, response.is_claim_ack, summary)
    return summary


def _apply_277(
    session: Session,
    ctx: AuthContext,
    inbound: Batch,
    claim: Claim,
    answer: X12ClaimStatus,
    is_claim_ack: bool,
    summary: AckSummary,
) -> None:
    first = answer.statuses[0].code
    codes = _codes(answer.statuses)
    kind = AckKind.ack_277ca if is_claim_ack else AckKind.status_277
    message = "; ".join(s.message for s in answer.statuses if s.message)[:1000]
    _record(
        session,
        ctx,
        claim,
        inbound,
        kind=kind,
        category=first.category,
        accepted=answer.accepted,
        codes=codes,
        message=message,
        payer_claim_control_number=answer.payer_claim_control_number or "",
    )
    if answer.payer_claim_control_number and not claim.payer_claim_control_number:
        claim.payer_claim_control_number = answer.payer_claim_control_number
    if answer.clearinghouse_trace_number:
        claim.clearinghouse_tracking_id = answer.clearinghouse_trace_number[:50]
    event = _event_for(claim, answer, is_claim_ack)
    if event is None:
        summary.recorded += 1
        audit.record(
            session,
            ctx,
            f"claim.{kind.value.lower()}_received",
            claim,
            changes={"status_codes": codes},
            source_document_id=inbound.id,
            reason=message,
        )
        return
    lifecycle.apply_event(
        session,
        ctx,
        claim,
        event,
        reason=f"{kind.value} {first.category}:{first.status}",
        source_document_id=inbound.id,
        changes={"status_codes": codes},
    )
    if event is ClaimEvent.reject:
        summary.rejected += 1
    else:
        summary.accepted += 1


def _event_for(claim: Claim, answer: X12ClaimStatus, is_claim_ack: bool) -> ClaimEvent | None:
    if not is_claim_ack or claim.status is not ClaimStatus.submitted:
        return None
    if answer.rejected:
        return ClaimEvent.reject
    if any(s.code.category in ACKNOWLEDGED_CATEGORIES - {"A5"} for s in answer.statuses):
        return ClaimEvent.accept
    return None
