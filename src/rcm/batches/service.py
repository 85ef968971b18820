"""Outbound 837 batches: claims -> X12 file with persisted control numbers -> sent after commit."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcm import files
from rcm.audit import service as audit
from rcm.batches.errors import ClaimsNotSubmittable, CodingSignOffRequired, OutboundBatchInvalid
from rcm.batches.mapping import SubmissionData, submitter_and_receiver, to_x12_claim
from rcm.batches.models import Batch, BatchClaim, BatchDirection, BatchKind, BatchStatus
from rcm.batches.repository import BatchClaimRepository, BatchRepository, ControlNumberRepository
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.models import Claim, ClaimType
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.config import get_settings
from rcm.db import utcnow
from rcm.edi import build_837
from rcm.edi import claim_input as x12
from rcm.edi.validation import validate_x12
from rcm.edi.x12.writer import EnvelopeSpec
from rcm.jobs.queue import enqueue
from rcm.orgs import service as orgs
from rcm.pagination import Page, PageParams
from rcm.patients import service as patients
from rcm.payers import service as payers
from rcm.payments import service as payments
from rcm.providers import service as providers
from rcm.tenancy import AuthContext

SUBMIT_EVENT = {ClaimStatus.scrubbed: ClaimEvent.submit, ClaimStatus.denied: ClaimEvent.resubmit}
KIND = {ClaimType.professional: BatchKind.claim_837p, ClaimType.institutional: BatchKind.claim_837i}


def submit_claims(
    session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID], *, reason: str = ""
) -> list[Batch]:
    """Build one 837 per claim type for `claim_ids`, move each claim to Submitted, send after commit."""
    selected = claims.get_claims_for_update(session, ctx, claim_ids)
    _check_submittable(session, ctx, selected)
    data = load_submission_data(session, ctx, selected)
    by_type: dict[ClaimType, list[Claim]] = defaultdict(list)
    for claim in selected:
        by_type[claim.claim_type].append(claim)
    return [_submit_group(session, ctx, group, data, reason) for group in by_type.values()]


def _check_submittable(session: Session, ctx: AuthContext, selected: list[Claim]) -> None:
    wrong = {str(c.id): c.status.value for c in selected if c.status not in SUBMIT_EVENT}
    if wrong:
        raise ClaimsNotSubmittable(
            f"{len(wrong)} claim(s) are not Scrubbed (or Denied for resubmission)", claims=wrong
        )
    if orgs.get_organization(session, ctx).coding_signoff_required:
        unsigned = [str(c.id) for c in selected if c.signed_off_at is None]
        if unsigned:
            raise CodingSignOffRequired(
                f"{len(unsigned)} claim(s) need a clinician's coding sign-off before submission",
                claims=unsigned,
            )


def _prior_claims(session: Session, ctx: AuthContext, selected: list[Claim]) -> dict[uuid.UUID, Claim]:
    """Every earlier claim in the payer chains of `selected` (the primary of a secondary, ...)."""
    found: dict[uuid.UUID, Claim] = {}
    wanted = {c.primary_claim_id for c in selected if c.primary_claim_id}
    while wanted:
        batch = claims.get_claims_full(session, ctx, sorted(wanted))
        found.update({c.id: c for c in batch})
        wanted = {c.primary_claim_id for c in batch if c.primary_claim_id and c.primary_claim_id not in found}
    return found


def load_submission_data(session: Session, ctx: AuthContext, selected: list[Claim]) -> SubmissionData:
    priors = _prior_claims(session, ctx, selected)
    everything = [*selected, *priors.values()]
    provider_ids = {c.billing_provider_id for c in selected} | {c.rendering_provider_id for c in selected}
    provider_ids |= {c.referring_provider_id for c in selected if c.referring_provider_id}
    return SubmissionData(
        org=orgs.get_organization(session, ctx),
        providers=providers.get_many(session, ctx, provider_ids),
        patients=patients.get_patients(session, ctx, {c.patient_id for c in selected}),
        coverages=patients.get_coverages(session, ctx, {c.coverage_id for c in everything if c.coverage_id}),
        payers=payers.get_many(session, ctx, {c.payer_id for c in everything}),
        prior_claims=priors,
        prior_adjustments=payments.adjustments_by_claim(session, ctx, list(priors)),
    )


def next_envelope(session: Session, ctx: AuthContext, data: SubmissionData) -> EnvelopeSpec:
    """The envelope of a new outbound file, with the next ISA13, GS06 and ST02 of the org."""
    numbers = ControlNumberRepository(session, ctx)
    return EnvelopeSpec(
        sender_id=data.org.submitter_id,
        receiver_id=data.org.receiver_id,
        interchange_control_number=(numbers.next_values("ISA") - 1) % 999_999_999 + 1,
        group_control_number=(numbers.next_values("GS") - 1) % 999_999_999 + 1,
        transaction_set_control_number=(numbers.next_values("ST") - 1) % 999_999_999 + 1,
        created_at=utcnow(),
        usage=get_settings().x12_usage,
    )


def _submit_group(
    session: Session, ctx: AuthContext, group: list[Claim], data: SubmissionData, reason: str
) -> Batch:
    submitter, receiver = submitter_and_receiver(data.org)
    claim_type = group[0].claim_type
    dto = x12.ClaimBatch(
        submitter=submitter,
        receiver=receiver,
        claims=tuple(to_x12_claim(c, data) for c in group),
        claim_type=x12.ClaimType(claim_type.value),
    )
    envelope = next_envelope(session, ctx, data)
    text = build_837(dto, envelope)
    if get_settings().validate_outbound_x12:
        result = validate_x12(text)
        if not result.valid:
            raise OutboundBatchInvalid(
                "the 837 failed implementation-guide validation", errors=result.errors[:50]
            )
    batch = store_outbound(session, ctx, KIND[claim_type], text, envelope, group)
    for claim in group:
        lifecycle.apply_event(
            session, ctx, claim, SUBMIT_EVENT[claim.status], reason=reason, source_document_id=batch.id
        )
    enqueue(session, "batches.send", batch_id=batch.id, org_id=ctx.org_id)
    return batch


def preview_837(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> list[str]:
    """The 837 text(s) the claims would go out in, without submitting or using control numbers."""
    selected = claims.get_claims_full(session, ctx, list(claim_ids))
    data = load_submission_data(session, ctx, selected)
    submitter, receiver = submitter_and_receiver(data.org)
    texts = []
    for claim_type in sorted({c.claim_type for c in selected}):
        group = tuple(to_x12_claim(c, data) for c in selected if c.claim_type is claim_type)
        dto = x12.ClaimBatch(
            submitter=submitter, receiver=receiver, claims=group, claim_type=x12.ClaimType(claim_type.value)
        )
        envelope = EnvelopeSpec(
            sender_id=data.org.submitter_id,
            receiver_id=data.org.receiver_id,
            interchange_control_number=1,
            group_control_number=1,
            transaction_set_control_number=1,
            created_at=utcnow(),
            usage="T",
        )
        texts.append(build_837(dto, envelope))
    return texts


def store_outbound(
    session: Session, ctx: AuthContext, kind: BatchKind, text: str, envelope: EnvelopeSpec, group: list[Claim]
) -> Batch:
    """Store an outbound X12 file and its batch record, linked to the claims it carries."""
    filename = f"{kind.value}_{envelope.isa13}.x12"
    stored = files.store(ctx.org_id, filename, text.encode("ascii"))
    batch = Batch(
        kind=kind,
        direction=BatchDirection.outbound,
        status=BatchStatus.created,
        filename=filename,
        interchange_control_number=envelope.isa13,
        group_control_number=str(envelope.group_control_number),
        transaction_control_number=envelope.st02,
        claim_count=len(group),
        total_cents=sum(c.charge_cents for c in group),
        storage_key=stored.key,
        size_bytes=stored.size,
        content_sha256=stored.sha256,
        sender_id=envelope.sender_id,
    )
    BatchRepository(session, ctx).add(batch)
    session.flush()
    links = BatchClaimRepository(session, ctx)
    for claim in group:
        links.add(
            BatchClaim(
                batch_id=batch.id,
                claim_id=claim.id,
                patient_control_number=claim.patient_control_number,
                charge_cents=claim.charge_cents,
            )
        )
    audit.record(
        session,
        ctx,
        "batch.created",
        batch,
        changes={"kind": [None, kind.value], "isa13": [None, envelope.isa13], "claims": [None, len(group)]},
    )
    return batch


def get_batch(session: Session, ctx: AuthContext, batch_id: uuid.UUID) -> Batch:
    return BatchRepository(session, ctx).get_or_raise(batch_id)


def batch_content(session: Session, ctx: AuthContext, batch_id: uuid.UUID) -> tuple[Batch, bytes]:
    batch = get_batch(session, ctx, batch_id)
    return batch, files.read(batch.storage_key)


def list_batches(
    session: Session,
    ctx: AuthContext,
    params: PageParams,
    kind: BatchKind | None,
    direction: BatchDirection | None,
) -> Page[Batch]:
    return BatchRepository(session, ctx).search(params, kind, direction)


def claim_ids_of(session: Session, ctx: AuthContext, batch_id: uuid.UUID) -> list[uuid.UUID]:
    return BatchClaimRepository(session, ctx).claim_ids(batch_id)
