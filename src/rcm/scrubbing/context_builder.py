"""A stored claim -> the scrubber's typed `ClaimContext` (everything the edits and packs read)."""

from __future__ import annotations

import uuid
from datetime import date

from rcm.batches.mapping import SubmissionData
from rcm.claims.models import Claim, ClaimLine
from rcm.patients.models import Coverage, Patient, SubscriberRelationship
from rcm.providers.models import Provider
from rcm.scrubbing.context import ClaimContext, LineContext


def _line(line: ClaimLine, npis: dict[uuid.UUID, Provider]) -> LineContext:
    rendering = npis.get(line.rendering_provider_id) if line.rendering_provider_id else None
    return LineContext(
        line_number=line.line_number,
        procedure_code=line.procedure_code,
        service_date=line.service_date,
        charge_cents=line.charge_cents,
        units=line.units,
        modifiers=tuple(line.modifiers),
        diagnosis_pointers=tuple(line.diagnosis_pointers),
        place_of_service=line.place_of_service,
        revenue_code=line.revenue_code or None,
        ndc=line.ndc or None,
        rendering_provider_npi=rendering.npi if rendering else None,
    )


def _gender(value: object) -> str | None:
    return str(getattr(value, "value", value)) if value is not None else None


def _subscriber(coverage: Coverage | None, patient: Patient) -> dict[str, object]:
    if coverage is None:
        return {}
    own = coverage.relationship is SubscriberRelationship.self
    source = patient if own else coverage
    return {
        "subscriber_member_id": coverage.member_id,
        "subscriber_first_name": patient.first_name if own else coverage.subscriber_first_name,
        "subscriber_last_name": patient.last_name if own else coverage.subscriber_last_name,
        "subscriber_birth_date": patient.birth_date if own else coverage.subscriber_birth_date,
        "subscriber_gender": _gender(patient.gender if own else coverage.subscriber_gender),
        "subscriber_address_line1": source.address_line1 or None,
        "subscriber_city": source.city or None,
        "subscriber_state": source.state or None,
        "subscriber_zip": source.postal_code or None,
        "patient_relationship": coverage.relationship.value,
    }


def build_context(claim: Claim, data: SubmissionData, today: date) -> ClaimContext:
    patient = data.patients[claim.patient_id]
    payer = data.payers[claim.payer_id]
    billing = data.providers[claim.billing_provider_id]
    rendering = data.providers.get(claim.rendering_provider_id)
    referring = data.providers.get(claim.referring_provider_id) if claim.referring_provider_id else None
    coverage = data.coverages.get(claim.coverage_id) if claim.coverage_id else None
    priors = data.priors(claim)
    return ClaimContext(
        claim_id=claim.patient_control_number,
        claim_type=claim.claim_type.value,
        payer_id=payer.payer_code,
        payer_type=payer.payer_type.value,
        service_date_from=claim.service_date_from,
        service_date_to=claim.service_date_to,
        today=today,
        total_charge_cents=claim.charge_cents,
        lines=tuple(_line(ln, data.providers) for ln in claim.lines),
        frequency_code=claim.frequency_code.value,
        payer_name=payer.name,
        payer_sequence=claim.payer_sequence.value,
        payer_claim_control_number=claim.payer_claim_control_number or None,
        place_of_service=claim.place_of_service or None,
        type_of_bill=claim.type_of_bill or None,
        diagnoses=tuple(claim.diagnosis_codes),
        prior_authorization_number=claim.prior_authorization_number or None,
        billing_provider_npi=billing.npi,
        billing_provider_taxonomy=billing.taxonomy_code or None,
        billing_provider_tax_id=billing.tax_id or None,
        billing_provider_name=billing.name,
        billing_provider_address_line1=billing.address_line1 or None,
        billing_provider_city=billing.city or None,
        billing_provider_state=billing.state or None,
        billing_provider_zip=billing.postal_code or None,
        rendering_provider_id=str(claim.rendering_provider_id),
        rendering_provider_npi=rendering.npi if rendering else None,
        rendering_provider_taxonomy=(rendering.taxonomy_code or None) if rendering else None,
        referring_provider_npi=referring.npi if referring else None,
        patient_id=str(patient.id),
        patient_first_name=patient.first_name,
        patient_last_name=patient.last_name,
        patient_birth_date=patient.birth_date,
        patient_gender=patient.gender.value,
        patient_address_line1=patient.address_line1 or None,
        patient_city=patient.city or None,
        patient_state=patient.state or None,
        patient_zip=patient.postal_code or None,
        prior_payer_paid_cents=priors[-1].claim.paid_cents if priors else None,
        prior_payer_adjudication_date=priors[-1].adjudicated_on if priors else None,
        **_subscriber(coverage, patient),  # type: ignore[arg-type]
    )
