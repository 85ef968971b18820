"""Claims as stored -> the pure 837 input model of `rcm.edi.claim_input`.

Everything the 837 needs is loaded in bulk first (`SubmissionData`), then mapped claim by claim
without further queries, so a 5,000-claim batch costs a handful of queries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from rcm.batches.cob_mapping import PriorPayer, chain, line_adjudications, other_payer
from rcm.batches.parties import address, gender, subscriber
from rcm.claims.models import Claim, ClaimLine, ClaimType
from rcm.edi import claim_input as x12
from rcm.errors import BusinessRuleViolation
from rcm.money import to_decimal
from rcm.orgs.models import Organization
from rcm.patients.models import Coverage, Patient, SubscriberRelationship
from rcm.payers.models import Payer
from rcm.payments.models import PaymentAdjustment
from rcm.providers.models import Provider, ProviderEntity


class SubmitterNotConfigured(BusinessRuleViolation):
    """The organization's X12 submitter and receiver ids must be set before submitting."""


@dataclass(frozen=True, slots=True)
class SubmissionData:
    org: Organization
    providers: dict[uuid.UUID, Provider]
    patients: dict[uuid.UUID, Patient]
    coverages: dict[uuid.UUID, Coverage]
    payers: dict[uuid.UUID, Payer]
    # Secondary/tertiary claims: every claim of their chain, and each prior claim's posted CAS rows.
    prior_claims: dict[uuid.UUID, Claim] = field(default_factory=dict)
    prior_adjustments: dict[uuid.UUID, list[PaymentAdjustment]] = field(default_factory=dict)

    def priors(self, claim: Claim) -> list[PriorPayer]:
        return [
            PriorPayer(
                c,
                self.payers[c.payer_id],
                self.coverages[c.coverage_id],  # type: ignore[index]
                self.prior_adjustments.get(c.id, []),
            )
            for c in chain(claim, self.prior_claims)
        ]


def submitter_and_receiver(org: Organization) -> tuple[x12.Submitter, x12.Receiver]:
    missing = [
        name for name in ("submitter_id", "receiver_id", "submitter_contact_phone") if not getattr(org, name)
    ]
    if missing:
        raise SubmitterNotConfigured(
            f"set the organization's {', '.join(missing)} (PATCH /org) before submitting claims",
            missing=missing,
        )
    submitter = x12.Submitter(
        name=org.name[:60],
        identifier=org.submitter_id,
        contact_name=org.submitter_contact_name or "Billing Office",
        phone=org.submitter_contact_phone,
    )
    return submitter, x12.Receiver(name=org.receiver_name or org.receiver_id, identifier=org.receiver_id)


def _billing(p: Provider) -> x12.BillingProvider:
    return x12.BillingProvider(
        name=p.name,
        npi=p.npi,
        tax_id=p.tax_id,
        address=address(p),
        taxonomy=p.taxonomy_code,
        first_name=p.first_name,
        is_person=p.entity_type is ProviderEntity.person,
    )


def x12_provider(p: Provider) -> x12.Provider:
    return x12.Provider(
        npi=p.npi,
        last_name=p.name,
        first_name=p.first_name,
        taxonomy=p.taxonomy_code,
        is_organization=p.entity_type is ProviderEntity.organization,
    )


def x12_patient(coverage: Coverage, patient: Patient) -> x12.Patient | None:
    if coverage.relationship is SubscriberRelationship.self:
        return None
    return x12.Patient(
        last_name=patient.last_name,
        first_name=patient.first_name,
        birth_date=patient.birth_date,
        gender=gender(patient.gender),
        address=address(patient),
        relationship=coverage.relationship.value,
    )


def _line(line: ClaimLine, claim_pos: str, priors: list[PriorPayer]) -> x12.ServiceLine:
    return x12.ServiceLine(
        procedure_code=line.procedure_code,
        charge=to_decimal(line.charge_cents),
        service_date=line.service_date,
        units=line.units,
        modifiers=tuple(line.modifiers),
        diagnosis_pointers=tuple(line.diagnosis_pointers),
        unit_basis=line.unit_type,
        place_of_service=line.place_of_service if line.place_of_service not in (None, claim_pos) else "",
        revenue_code=line.revenue_code,
        # REF*6R: the payer echoes it in the 835, which lets posting match lines exactly.
        line_control_number=line.id.hex,
        adjudications=line_adjudications(line.line_number, priors),
    )


def facility_type_code(type_of_bill: str) -> str:
    """TOB '0131' or '131' -> facility type '13' (CLM05-1); the last digit is the frequency."""
    digits = type_of_bill.lstrip("0") if len(type_of_bill) == 4 else type_of_bill
    return digits[:2]


def to_x12_claim(claim: Claim, data: SubmissionData) -> x12.Claim:
    patient = data.patients[claim.patient_id]
    coverage = data.coverages[claim.coverage_id] if claim.coverage_id else None
    if coverage is None:
        raise BusinessRuleViolation(
            f"claim {claim.patient_control_number} has no coverage", claim_id=str(claim.id)
        )
    payer = data.payers[claim.payer_id]
    institutional = claim.claim_type is ClaimType.institutional
    rendering = data.providers[claim.rendering_provider_id]
    referring = data.providers.get(claim.referring_provider_id) if claim.referring_provider_id else None
    distinct_rendering = claim.rendering_provider_id != claim.billing_provider_id
    priors = data.priors(claim)
    return x12.Claim(
        patient_control_number=claim.patient_control_number,
        total_charge=to_decimal(claim.charge_cents),
        diagnoses=tuple(claim.diagnosis_codes),
        lines=tuple(_line(line, claim.place_of_service, priors) for line in claim.lines),
        billing_provider=_billing(data.providers[claim.billing_provider_id]),
        subscriber=subscriber(coverage, patient, payer),
        payer=x12.Payer(name=payer.name, payer_id=payer.payer_code),
        patient=x12_patient(coverage, patient),
        claim_type=x12.ClaimType.institutional if institutional else x12.ClaimType.professional,
        place_of_service=claim.place_of_service,
        facility_type_code=facility_type_code(claim.type_of_bill) if institutional else "",
        frequency_code=claim.frequency_code.value,
        payer_claim_control_number=claim.payer_claim_control_number,
        prior_authorization=claim.prior_authorization_number,
        rendering_provider=x12_provider(rendering) if distinct_rendering and not institutional else None,
        referring_provider=x12_provider(referring) if referring else None,
        attending_provider=x12_provider(rendering) if institutional else None,
        statement_from=claim.service_date_from if institutional else None,
        statement_to=claim.service_date_to if institutional else None,
        admission_date=claim.admission_date,
        admission_type=claim.admission_type_code,
        admission_source=claim.admission_source_code,
        patient_status=claim.patient_status_code,
        other_payers=tuple(other_payer(p, patient) for p in priors),
    )
