"""Coordination of benefits: after a payer adjudicates, bill the next payer (secondary, tertiary).

The next payer's claim repeats the original lines; its 837 carries every prior payer's paid amount
and adjustments (loops 2320/2330, and 2430 per line, see `rcm.batches.mapping`). Patient
responsibility reaches the patient only from the last payer in the chain: a claim that has a
next-payer claim (`next_payer_claim_id`) hands its patient responsibility on to that payer.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.claims import service as claims
from rcm.claims.models import Claim, ClaimLine, PayerSequence
from rcm.claims.state_machine import ClaimStatus
from rcm.patients import service as patients
from rcm.patients.models import Coverage, CoveragePriority
from rcm.tenancy import AuthContext

NEXT = {PayerSequence.primary: CoveragePriority.secondary, PayerSequence.secondary: CoveragePriority.tertiary}
SUFFIX = {CoveragePriority.secondary: "-2", CoveragePriority.tertiary: "-3"}
ADJUDICATED = frozenset({ClaimStatus.paid, ClaimStatus.partially_paid})


def _next_coverage(session: Session, ctx: AuthContext, claim: Claim) -> Coverage | None:
    wanted = NEXT.get(claim.payer_sequence)
    if wanted is None or claim.next_payer_claim_id is not None or claim.status not in ADJUDICATED:
        return None
    if claim.patient_responsibility_cents <= 0:
        return None  # nothing left that another payer could cover
    return patients.coverage_for_claim(session, ctx, claim.patient_id, claim.service_date_from, wanted)


def _copy_line(line: ClaimLine, org_id: uuid.UUID) -> ClaimLine:
    return ClaimLine(
        org_id=org_id,
        line_number=line.line_number,
        procedure_code=line.procedure_code,
        modifiers=list(line.modifiers),
        diagnosis_pointers=list(line.diagnosis_pointers),
        units=line.units,
        unit_type=line.unit_type,
        service_date=line.service_date,
        place_of_service=line.place_of_service,
        revenue_code=line.revenue_code,
        ndc=line.ndc,
        rendering_provider_id=line.rendering_provider_id,
        charge_cents=line.charge_cents,
        allowed_cents=0,
        paid_cents=0,
        patient_responsibility_cents=0,
        adjustment_cents=0,
    )


def next_payer_claim(session: Session, ctx: AuthContext, prior: Claim, coverage: Coverage) -> Claim:
    columns = (
        "patient_id",
        "encounter_id",
        "billing_provider_id",
        "rendering_provider_id",
        "referring_provider_id",
        "claim_type",
        "place_of_service",
        "type_of_bill",
        "admission_date",
        "admission_type_code",
        "admission_source_code",
        "patient_status_code",
        "diagnosis_codes",
        "prior_authorization_number",
        "currency",
        "service_date_from",
        "service_date_to",
        "charge_cents",
    )
    claim = Claim(
        **{c: getattr(prior, c) for c in columns},
        coverage_id=coverage.id,
        payer_id=coverage.payer_id,
        payer_sequence=PayerSequence(coverage.priority.value),
        status=ClaimStatus.draft,
        patient_control_number=(prior.patient_control_number.split("-")[0] + SUFFIX[coverage.priority])[:38],
        primary_claim_id=prior.id,
        lines=[_copy_line(ln, ctx.org_id) for ln in prior.lines],
        allowed_cents=0,
        paid_cents=0,
        patient_responsibility_cents=0,
        adjustment_cents=0,
        balance_cents=prior.charge_cents,
    )
    claims.add_claim(session, ctx, claim)
    audit.record(
        session,
        ctx,
        "claim.created",
        claim,
        reason=f"{coverage.priority.value} claim after "
        f"{prior.payer_sequence.value} adjudication of {prior.patient_control_number}",
        changes={**audit.diff({}, audit.snapshot(claim)), "lines": [None, claims.lines_summary(claim.lines)]},
    )
    audit.record(
        session,
        ctx,
        "claim.next_payer_billed",
        prior,
        changes={"next_payer_claim_id": [None, str(claim.id)]},
        reason=f"patient responsibility passed to the {coverage.priority.value} payer",
    )
    prior.next_payer_claim_id = claim.id
    return claim


def create_next_payer_claims(
    session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]
) -> list[Claim]:
    """For each adjudicated claim with patient responsibility and a next coverage: a Draft claim for it."""
    candidates = claims.next_payer_candidates(session, ctx, claim_ids)
    covered = {
        priority: patients.patients_with_coverage(session, ctx, [c.patient_id for c in candidates], priority)
        for priority in (CoveragePriority.secondary, CoveragePriority.tertiary)
    }
    wanted = [c.id for c in candidates if c.patient_id in covered[NEXT[PayerSequence(c.payer_sequence)]]]
    created = []
    for start in range(0, len(wanted), 500):
        for prior in claims.get_claims_for_update(session, ctx, wanted[start : start + 500]):
            coverage = _next_coverage(session, ctx, prior)
            if coverage is not None:
                created.append(next_payer_claim(session, ctx, prior, coverage))
    session.flush()
    return created
