from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from rcm.claims.models import ClaimType, FrequencyCode, PayerSequence
from rcm.claims.state_machine import ClaimEvent, ClaimStatus

ProcedureCode = Annotated[
    str, StringConstraints(pattern=r"^[A-Z0-9]{5}$", to_upper=True, strip_whitespace=True)
]
Modifier = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2}$", to_upper=True, strip_whitespace=True)]
PlaceOfService = Annotated[str, StringConstraints(pattern=r"^\d{2}$")]
# ICD-10-CM shape only (letter, digit, alphanumeric, up to 4 more); validity for the DOS is a scrub edit.
DiagnosisCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,4}$", to_upper=True, strip_whitespace=True),
]

MAX_DIAGNOSES = 12
MAX_POINTERS = 4
MAX_MODIFIERS = 4


class ClaimLineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    procedure_code: ProcedureCode
    modifiers: list[Modifier] = Field(default_factory=list, max_length=MAX_MODIFIERS)
    diagnosis_pointers: list[Annotated[int, Field(ge=1, le=MAX_DIAGNOSES)]] = Field(
        default_factory=list, max_length=MAX_POINTERS
    )
    units: Decimal = Field(default=Decimal(1), ge=0, le=Decimal("99999.999"), decimal_places=3)
    unit_type: str = Field(default="UN", pattern=r"^(UN|MJ|DA|F2|GR|ML)$")
    charge_cents: int = Field(ge=0, le=99_999_999_99)
    service_date: date
    place_of_service: PlaceOfService | None = None
    revenue_code: str = Field(default="", pattern=r"^(\d{4})?$")
    ndc: str = Field(default="", pattern=r"^(\d{11})?$")
    rendering_provider_id: uuid.UUID | None = None


class ClaimCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient_id: uuid.UUID
    coverage_id: uuid.UUID | None = Field(
        default=None, description="defaults to the patient's active primary"
    )
    billing_provider_id: uuid.UUID
    rendering_provider_id: uuid.UUID
    referring_provider_id: uuid.UUID | None = None
    encounter_id: uuid.UUID | None = None
    claim_type: ClaimType = ClaimType.professional
    place_of_service: PlaceOfService = "11"
    type_of_bill: str = Field(default="", pattern=r"^(\d{3,4})?$")
    admission_date: date | None = None
    admission_type_code: str = Field(default="", pattern=r"^\d?$", description="837I CL101")
    admission_source_code: str = Field(default="", pattern=r"^[0-9A-Z]?$", description="837I CL102")
    patient_status_code: str = Field(default="", pattern=r"^(\d{2})?$", description="837I CL103")
    diagnosis_codes: list[DiagnosisCode] = Field(min_length=1, max_length=MAX_DIAGNOSES)
    prior_authorization_number: str = Field(default="", max_length=50)
    patient_control_number: str | None = Field(
        default=None, min_length=1, max_length=38, pattern=r"^[A-Za-z0-9\-]+$"
    )
    external_claim_id: str | None = Field(default=None, max_length=64)
    frequency_code: FrequencyCode = FrequencyCode.original
    payer_claim_control_number: str = Field(default="", max_length=50)
    lines: list[ClaimLineIn] = Field(min_length=1, max_length=999)

    @field_validator("diagnosis_codes")
    @classmethod
    def _undotted_unique(cls, codes: list[str]) -> list[str]:
        cleaned = [c.replace(".", "") for c in codes]
        if len(set(cleaned)) != len(cleaned):
            raise ValueError("a diagnosis code is listed twice")
        return cleaned

    @model_validator(mode="after")
    def _shape(self) -> ClaimCreate:
        if self.claim_type is ClaimType.professional and len(self.lines) > 50:
            raise ValueError("an 837P claim has at most 50 service lines")
        if self.frequency_code is not FrequencyCode.original and not self.payer_claim_control_number:
            raise ValueError("a corrected or void claim needs the payer claim control number")
        if self.claim_type is ClaimType.institutional and not self.type_of_bill:
            raise ValueError("an institutional claim needs its type of bill")
        return self


class ClaimUpdate(BaseModel):
    """Edit a Draft, Scrubbed or Rejected claim. `version` must be the one you read."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    diagnosis_codes: list[DiagnosisCode] | None = Field(default=None, min_length=1, max_length=MAX_DIAGNOSES)
    place_of_service: PlaceOfService | None = None
    prior_authorization_number: str | None = Field(default=None, max_length=50)
    referring_provider_id: uuid.UUID | None = None
    rendering_provider_id: uuid.UUID | None = None
    lines: list[ClaimLineIn] | None = Field(default=None, min_length=1, max_length=999)
    reason: str = Field(default="", max_length=1000)

    @field_validator("diagnosis_codes")
    @classmethod
    def _undotted(cls, codes: list[str] | None) -> list[str] | None:
        return None if codes is None else [c.replace(".", "") for c in codes]


class ClaimLineRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    line_number: int
    procedure_code: str
    modifiers: list[str]
    diagnosis_pointers: list[int]
    units: Decimal
    unit_type: str
    service_date: date
    place_of_service: str | None
    revenue_code: str
    ndc: str
    charge_cents: int
    allowed_cents: int
    paid_cents: int
    patient_responsibility_cents: int
    adjustment_cents: int


class ClaimSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    patient_control_number: str
    patient_id: uuid.UUID
    payer_id: uuid.UUID
    payer_sequence: PayerSequence
    claim_type: ClaimType
    status: ClaimStatus
    service_date_from: date
    service_date_to: date
    currency: str
    charge_cents: int
    paid_cents: int
    balance_cents: int
    version: int


class ClaimRead(ClaimSummary):
    encounter_id: uuid.UUID | None
    coverage_id: uuid.UUID | None
    billing_provider_id: uuid.UUID
    rendering_provider_id: uuid.UUID
    referring_provider_id: uuid.UUID | None
    frequency_code: FrequencyCode
    external_claim_id: str | None
    place_of_service: str
    type_of_bill: str
    admission_date: date | None
    admission_type_code: str
    admission_source_code: str
    patient_status_code: str
    diagnosis_codes: list[str]
    prior_authorization_number: str
    allowed_cents: int
    patient_responsibility_cents: int
    adjustment_cents: int
    payer_claim_control_number: str
    clearinghouse_tracking_id: str
    original_claim_id: uuid.UUID | None
    primary_claim_id: uuid.UUID | None
    signed_off_at: datetime | None
    submitted_at: datetime | None
    created_at: datetime
    updated_at: datetime
    lines: list[ClaimLineRead]


class TransitionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000)
    version: int | None = Field(default=None, ge=1, description="optimistic lock: the version you read")


class AllowedTransition(BaseModel):
    event: ClaimEvent
    to: ClaimStatus
    how: str


class TransitionsRead(BaseModel):
    status: ClaimStatus
    version: int
    allowed: list[AllowedTransition]


class HistoryEntry(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    actor_name: str = ""  # the user's name; empty for system events
    actor_role: str
    action: str
    changes: dict[str, object]
    reason: str
    source_document_id: str
