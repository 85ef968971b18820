"""276 claim status requests out; the 277 answers are handled by `acks.process_277`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcm.batches.mapping import SubmissionData, submitter_and_receiver, x12_patient, x12_provider
from rcm.batches.models import Batch, BatchKind, ClaimAcknowledgment
from rcm.batches.parties import subscriber
from rcm.batches.repository import AcknowledgmentRepository
from rcm.batches.service import load_submission_data, next_envelope, store_outbound
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.edi import build_276
from rcm.edi import claim_input as x12
from rcm.errors import BusinessRuleViolation
from rcm.jobs.queue import enqueue
from rcm.money import to_decimal
from rcm.tenancy import AuthContext

# A payer only knows claims it has received.
ASKABLE = frozenset(
    {ClaimStatus.submitted, ClaimStatus.accepted, ClaimStatus.denied, ClaimStatus.partially_paid}
)


class ClaimNotAskable(BusinessRuleViolation):
    """A status inquiry only makes sense for a claim the payer has."""


def _inquiry(claim: Claim, data: SubmissionData) -> x12.ClaimStatusInquiry:
    coverage = data.coverages[claim.coverage_id]  # type: ignore[index]
    patient = data.patients[claim.patient_id]
    payer = data.payers[claim.payer_id]
    return x12.ClaimStatusInquiry(
        trace_number=claim.patient_control_number,
        patient_control_number=claim.patient_control_number,
        total_charge=to_decimal(claim.charge_cents),
        service_date=claim.service_date_from,
        service_end_date=claim.service_date_to if claim.service_date_to != claim.service_date_from else None,
        subscriber=subscriber(coverage, patient, payer),
        payer=x12.Payer(name=payer.name, payer_id=payer.payer_code),
        provider=x12_provider(data.providers[claim.billing_provider_id]),
        patient=x12_patient(coverage, patient),
        payer_claim_control_number=claim.payer_claim_control_number,
        type_of_bill=claim.type_of_bill,
    )


def request_status(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> Batch:
    selected = claims.get_claims_for_update(session, ctx, claim_ids)
    wrong = {str(c.id): c.status.value for c in selected if c.status not in ASKABLE}
    if wrong:
        raise ClaimNotAskable("a status inquiry needs claims the payer has received", claims=wrong)
    data = load_submission_data(session, ctx, selected)
    submitter, _ = submitter_and_receiver(data.org)
    envelope = next_envelope(session, ctx, data)
    text = build_276(
        x12.ClaimStatusRequest(submitter=submitter, inquiries=tuple(_inquiry(c, data) for c in selected)),
        envelope,
    )
    batch = store_outbound(session, ctx, BatchKind.status_276, text, envelope, selected)
    enqueue(session, "batches.send", batch_id=batch.id, org_id=ctx.org_id)
    return batch


def acknowledgments_of(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[ClaimAcknowledgment]:
    claims.get_claim(session, ctx, claim_id)
    return AcknowledgmentRepository(session, ctx).for_claim(claim_id)
