"""X12 parties (subscriber, addresses) from stored patients, coverages and payers."""

from __future__ import annotations

from rcm.edi import claim_input as x12
from rcm.edi.common import Address
from rcm.patients.models import Coverage, Gender, Patient, SubscriberRelationship
from rcm.payers.models import Payer, PayerType
from rcm.providers.models import Provider

# SBR09 claim filing indicator by payer type.
FILING_INDICATOR = {
    PayerType.medicare: "MB",
    PayerType.medicaid: "MC",
    PayerType.commercial: "CI",
    PayerType.medicare_advantage: "16",
    PayerType.tricare: "CH",
    PayerType.champva: "VA",
    PayerType.self_pay: "09",
}
RESPONSIBILITY = {"primary": "P", "secondary": "S", "tertiary": "T"}


def address(row: Patient | Provider | Coverage | Payer) -> Address:
    return Address(
        line1=row.address_line1,
        line2=row.address_line2,
        city=row.city,
        state=row.state,
        postal_code=row.postal_code,
    )


def gender(value: Gender | None) -> str:
    return value.value if value is not None else "U"


def subscriber(coverage: Coverage, patient: Patient, payer: Payer) -> x12.Subscriber:
    is_self = coverage.relationship is SubscriberRelationship.self
    return x12.Subscriber(
        member_id=coverage.member_id,
        last_name=patient.last_name if is_self else coverage.subscriber_last_name,
        first_name=patient.first_name if is_self else coverage.subscriber_first_name,
        birth_date=patient.birth_date if is_self else coverage.subscriber_birth_date,
        gender=gender(patient.gender if is_self else coverage.subscriber_gender),
        address=address(patient) if is_self else address(coverage),
        group_number=coverage.group_number,
        payer_responsibility=RESPONSIBILITY[coverage.priority.value],
        claim_filing_indicator=FILING_INDICATOR[payer.payer_type],
    )
