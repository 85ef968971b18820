"""Pure input model for 837P/837I (and 276) builders; the 837 parser returns the same types.

The claims domain maps its rows onto these frozen dataclasses; nothing here knows about a
database. Money is `Decimal` (convert from cents at the edge), dates are `datetime.date`.
Parties are hashable so a batch groups claims into the HL tree billing provider -> subscriber ->
patient by equality.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from rcm.edi.common import Address, Adjustment

SELF = "18"  # SBR02/PAT01 individual relationship code: the patient is the subscriber


class ClaimType(StrEnum):
    professional = "professional"  # 837P, 005010X222A1
    institutional = "institutional"  # 837I, 005010X223A2


@dataclass(frozen=True, slots=True)
class Submitter:
    """Loop 1000A: who sends the file (NM1*41) and a contact (PER*IC, phone required)."""

    name: str
    identifier: str
    contact_name: str
    phone: str
    email: str = ""


@dataclass(frozen=True, slots=True)
class Receiver:
    """Loop 1000B: the clearinghouse or payer receiving the file (NM1*40)."""

    name: str
    identifier: str


@dataclass(frozen=True, slots=True)
class BillingProvider:
    """Loop 2010AA: NPI, EIN (REF*EI), taxonomy (PRV*BI), address with a 9-digit ZIP."""

    name: str
    npi: str
    tax_id: str
    address: Address
    taxonomy: str = ""
    first_name: str = ""
    is_person: bool = False
    pay_to_address: Address | None = None  # loop 2010AB, only when it differs from `address`


@dataclass(frozen=True, slots=True)
class Subscriber:
    """Loop 2000B/2010BA (or 2330A for another payer's subscriber)."""

    member_id: str
    last_name: str
    first_name: str = ""
    middle_name: str = ""
    suffix: str = ""
    birth_date: date | None = None
    gender: str = "U"
    address: Address | None = None
    group_number: str = ""
    group_name: str = ""
    payer_responsibility: str = "P"  # SBR01: P primary, S secondary, T tertiary
    claim_filing_indicator: str = "CI"  # SBR09: CI commercial, MB Medicare B, MC Medicaid, ...
    insurance_type: str = ""  # SBR05, when Medicare is a secondary payer


@dataclass(frozen=True, slots=True)
class Patient:
    """Loop 2000C/2010CA, only when the patient is not the subscriber."""

    last_name: str
    first_name: str
    birth_date: date
    gender: str
    address: Address
    relationship: str  # PAT01: 01 spouse, 19 child, 20 employee, 21 unknown, 53 life partner, G8 other
    middle_name: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Payer:
    """Loop 2010BB (destination payer) or 2330B (other payer): name and payer id (NM1*PR ... PI)."""

    name: str
    payer_id: str
    address: Address | None = None


@dataclass(frozen=True, slots=True)
class Provider:
    """A claim-level provider: rendering (82), referring (DN), attending (71), operating (72)."""

    npi: str
    last_name: str
    first_name: str = ""
    taxonomy: str = ""
    is_organization: bool = False


@dataclass(frozen=True, slots=True)
class ServiceFacility:
    """Loop 2310C (837P) / 2310E (837I): where the service was rendered (NM1*77)."""

    name: str
    npi: str
    address: Address


@dataclass(frozen=True, slots=True)
class LineAdjudication:
    """Loop 2430: how another payer adjudicated this line (SVD, CAS, DTP*573)."""

    payer_id: str
    paid_amount: Decimal
    procedure_code: str
    paid_units: Decimal
    adjudication_date: date
    modifiers: tuple[str, ...] = ()
    adjustments: tuple[Adjustment, ...] = ()
    procedure_qualifier: str = "HC"
    revenue_code: str = ""  # SVD04, required on 837I
    remaining_patient_liability: Decimal | None = None  # AMT*EAF


@dataclass(frozen=True, slots=True)
class ServiceLine:
    """Loop 2400: SV1 (837P) or SV2 (837I), DTP*472, REF*6R, plus 2430 adjudications."""

    procedure_code: str
    charge: Decimal
    service_date: date
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = (1,)
    service_end_date: date | None = None
    unit_basis: str = "UN"  # UN units, MJ minutes (anesthesia)
    place_of_service: str = ""  # SV105, only when it differs from the claim's CLM05-1
    revenue_code: str = ""  # SV201, 837I
    line_control_number: str = ""  # REF*6R, echoed back in the 835 to match lines
    procedure_qualifier: str = "HC"
    adjudications: tuple[LineAdjudication, ...] = ()


@dataclass(frozen=True, slots=True)
class OtherPayer:
    """Loops 2320/2330A/2330B: a payer that already adjudicated the claim (COB)."""

    payer: Payer
    subscriber: Subscriber
    responsibility: str  # SBR01 of that payer: P, S or T
    relationship: str = SELF  # SBR02: patient's relationship to that subscriber
    paid_amount: Decimal | None = None  # AMT*D
    adjustments: tuple[Adjustment, ...] = ()  # claim-level CAS
    remaining_patient_liability: Decimal | None = None  # AMT*EAF
    adjudication_date: date | None = None  # 2330B DTP*573, when lines carry no 2430
    benefits_assignment: str = "Y"  # OI03
    release_of_information: str = "Y"  # OI06


@dataclass(frozen=True, slots=True)
class Claim:
    """Loop 2300 with its parties; `lines` are the 2400 loops."""

    patient_control_number: str
    total_charge: Decimal
    diagnoses: tuple[str, ...]
    lines: tuple[ServiceLine, ...]
    billing_provider: BillingProvider
    subscriber: Subscriber
    payer: Payer
    patient: Patient | None = None
    claim_type: ClaimType = ClaimType.professional
    place_of_service: str = "11"  # CLM05-1 on 837P
    facility_type_code: str = ""  # CLM05-1 on 837I: first two digits of the type of bill
    frequency_code: str = "1"  # CLM05-3: 1 original, 7 replacement, 8 void
    payer_claim_control_number: str = ""  # REF*F8, required for frequency 7/8
    prior_authorization: str = ""  # REF*G1
    referral_number: str = ""  # REF*9F
    provider_signature: bool = True  # CLM06 (837P only)
    assignment: str = "A"  # CLM07
    benefits_assignment: str = "Y"  # CLM08
    release_of_information: str = "Y"  # CLM09
    rendering_provider: Provider | None = None
    referring_provider: Provider | None = None
    attending_provider: Provider | None = None  # 837I 2310A
    service_facility: ServiceFacility | None = None
    statement_from: date | None = None  # 837I DTP*434
    statement_to: date | None = None
    admission_date: date | None = None  # 837I DTP*435
    admission_hour: str = ""  # HHMM
    admission_type: str = ""  # CL101
    admission_source: str = ""  # CL102
    patient_status: str = ""  # CL103
    admitting_diagnosis: str = ""  # 837I HI*ABJ
    other_payers: tuple[OtherPayer, ...] = ()

    @property
    def type_of_bill(self) -> str:
        return f"{self.facility_type_code}{self.frequency_code}"

    @property
    def patient_is_subscriber(self) -> bool:
        return self.patient is None


@dataclass(frozen=True, slots=True)
class ClaimBatch:
    """One 837 file: submitter, receiver and claims of a single type."""

    submitter: Submitter
    receiver: Receiver
    claims: tuple[Claim, ...]
    claim_type: ClaimType = ClaimType.professional
    reference_id: str = ""  # BHT03; defaults to the ST02 control number
    transaction_type: str = "CH"  # BHT06: CH chargeable, RP reporting (encounters)


@dataclass(frozen=True, slots=True)
class ClaimStatusInquiry:
    """One claim in a 276 (005010X212) status request; `trace_number` comes back in the 277 TRN02."""

    trace_number: str
    patient_control_number: str  # REF*EJ
    total_charge: Decimal  # AMT*T3
    service_date: date
    subscriber: Subscriber
    payer: Payer
    provider: Provider  # NM1*1P: the provider of service
    patient: Patient | None = None
    service_end_date: date | None = None
    payer_claim_control_number: str = ""  # REF*1K
    type_of_bill: str = ""  # REF*BLT, institutional claims


@dataclass(frozen=True, slots=True)
class ClaimStatusRequest:
    """A 276 file: the information receiver (us, NM1*41) asking about several claims."""

    submitter: Submitter
    inquiries: tuple[ClaimStatusInquiry, ...]
    reference_id: str = ""
