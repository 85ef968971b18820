"""The typed, flattened view of a claim that every scrub edit and every pack rule reads.

The claims domain fills these from its rows; nothing here touches a database. Field names are
the symbols a rule-pack `when` expression may use, so renaming one is a breaking change for packs.
Money is integer cents; `today` is the scrub date, injected so that rules never read the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from rcm.codesets.procedure_codes import is_evaluation_and_management
from rcm.errors import InvalidInput


class ClaimType(StrEnum):
    PROFESSIONAL = "professional"
    INSTITUTIONAL = "institutional"
    DENTAL = "dental"


class PayerType(StrEnum):
    MEDICARE = "medicare"
    MEDICAID = "medicaid"
    COMMERCIAL = "commercial"
    MEDICARE_ADVANTAGE = "medicare_advantage"
    TRICARE = "tricare"
    CHAMPVA = "champva"
    SELF_PAY = "self_pay"


class PayerSequence(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    TERTIARY = "tertiary"


class FrequencyCode(StrEnum):
    """CLM05-3: 1 original, 7 replacement of a prior claim, 8 void/cancel of a prior claim."""

    ORIGINAL = "1"
    REPLACEMENT = "7"
    VOID = "8"


SELF = "18"  # X12 individual relationship code: the patient is the subscriber


@dataclass(frozen=True, slots=True)
class LineContext:
    line_number: int
    procedure_code: str
    service_date: date
    charge_cents: int
    units: Decimal = Decimal(1)
    modifiers: tuple[str, ...] = ()
    diagnosis_pointers: tuple[int, ...] = ()
    place_of_service: str | None = None
    revenue_code: str | None = None
    ndc: str | None = None
    rendering_provider_npi: str | None = None
    is_evaluation_and_management: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "is_evaluation_and_management", is_evaluation_and_management(self.procedure_code)
        )


@dataclass(frozen=True, slots=True)
class ClaimContext:
    claim_id: str
    claim_type: str
    payer_id: str
    payer_type: str
    service_date_from: date
    service_date_to: date
    today: date
    total_charge_cents: int
    lines: tuple[LineContext, ...]
    frequency_code: str = FrequencyCode.ORIGINAL.value
    payer_name: str | None = None
    payer_sequence: str = PayerSequence.PRIMARY.value
    payer_claim_control_number: str | None = None
    place_of_service: str | None = None
    type_of_bill: str | None = None
    diagnoses: tuple[str, ...] = ()
    prior_authorization_number: str | None = None
    referral_number: str | None = None
    billing_provider_npi: str | None = None
    billing_provider_taxonomy: str | None = None
    billing_provider_tax_id: str | None = None
    billing_provider_name: str | None = None
    billing_provider_address_line1: str | None = None
    billing_provider_city: str | None = None
    billing_provider_state: str | None = None
    billing_provider_zip: str | None = None
    rendering_provider_id: str | None = None
    rendering_provider_npi: str | None = None
    rendering_provider_taxonomy: str | None = None
    referring_provider_npi: str | None = None
    subscriber_member_id: str | None = None
    subscriber_first_name: str | None = None
    subscriber_last_name: str | None = None
    subscriber_birth_date: date | None = None
    subscriber_gender: str | None = None
    subscriber_address_line1: str | None = None
    subscriber_city: str | None = None
    subscriber_state: str | None = None
    subscriber_zip: str | None = None
    patient_relationship: str = SELF
    patient_id: str | None = None
    patient_first_name: str | None = None
    patient_last_name: str | None = None
    patient_birth_date: date | None = None
    patient_gender: str | None = None
    patient_address_line1: str | None = None
    patient_city: str | None = None
    patient_state: str | None = None
    patient_zip: str | None = None
    prior_payer_paid_cents: int | None = None
    prior_payer_adjudication_date: date | None = None
    accept_assignment: bool = True
    principal_diagnosis: str = field(init=False)
    procedure_codes: tuple[str, ...] = field(init=False)
    all_modifiers: tuple[str, ...] = field(init=False)
    line_count: int = field(init=False)
    line_charge_total_cents: int = field(init=False)
    days_since_service: int = field(init=False)
    patient_age_years: int | None = field(init=False)

    def __post_init__(self) -> None:
        _check_choice("claim_type", self.claim_type, ClaimType)
        _check_choice("payer_type", self.payer_type, PayerType)
        _check_choice("payer_sequence", self.payer_sequence, PayerSequence)
        _check_choice("frequency_code", self.frequency_code, FrequencyCode)
        derived = {
            "principal_diagnosis": self.diagnoses[0] if self.diagnoses else "",
            "procedure_codes": tuple(line.procedure_code for line in self.lines),
            "all_modifiers": tuple(m for line in self.lines for m in line.modifiers),
            "line_count": len(self.lines),
            "line_charge_total_cents": sum(line.charge_cents for line in self.lines),
            "days_since_service": (self.today - self.service_date_to).days,
            "patient_age_years": _age(self.effective_patient_birth_date, self.service_date_from),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def patient_is_subscriber(self) -> bool:
        return self.patient_relationship == SELF

    @property
    def effective_patient_birth_date(self) -> date | None:
        if self.patient_birth_date is not None or not self.patient_is_subscriber:
            return self.patient_birth_date
        return self.subscriber_birth_date


def _check_choice(name: str, value: str, choices: type[StrEnum]) -> None:
    if value not in choices._value2member_map_:
        allowed = ", ".join(choice.value for choice in choices)
        raise InvalidInput(f"{name} {value!r} is not one of: {allowed}", field=name)


def _age(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


LINE_FIELDS = frozenset(LineContext.__dataclass_fields__)
CLAIM_FIELDS = frozenset(ClaimContext.__dataclass_fields__)
