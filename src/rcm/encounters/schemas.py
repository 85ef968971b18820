from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rcm.claims.models import ClaimType
from rcm.claims.schemas import MAX_DIAGNOSES, ClaimLineIn, DiagnosisCode, PlaceOfService
from rcm.encounters.models import EncounterStatus


class EncounterCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient_id: uuid.UUID
    rendering_provider_id: uuid.UUID
    billing_provider_id: uuid.UUID
    referring_provider_id: uuid.UUID | None = None
    service_date: date
    discharge_date: date | None = None
    place_of_service: PlaceOfService = "11"
    claim_type: ClaimType = ClaimType.professional
    type_of_bill: str = Field(default="", pattern=r"^(\d{3,4})?$")
    diagnosis_codes: list[DiagnosisCode] = Field(default_factory=list, max_length=MAX_DIAGNOSES)
    charges: list[ClaimLineIn] = Field(default_factory=list, max_length=999)
    prior_authorization_number: str = Field(default="", max_length=50)
    notes: str = Field(default="", max_length=2000)


class EncounterUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    diagnosis_codes: list[DiagnosisCode] | None = Field(default=None, max_length=MAX_DIAGNOSES)
    charges: list[ClaimLineIn] | None = Field(default=None, max_length=999)
    prior_authorization_number: str | None = Field(default=None, max_length=50)
    status: EncounterStatus | None = None
    notes: str | None = Field(default=None, max_length=2000)


class EncounterRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    patient_id: uuid.UUID
    rendering_provider_id: uuid.UUID
    billing_provider_id: uuid.UUID
    referring_provider_id: uuid.UUID | None
    service_date: date
    discharge_date: date | None
    place_of_service: str
    claim_type: ClaimType
    type_of_bill: str
    status: EncounterStatus
    diagnosis_codes: list[str]
    charges: list[dict[str, Any]]
    prior_authorization_number: str
    notes: str


class ClaimFromEncounter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    coverage_id: uuid.UUID | None = Field(default=None, description="defaults to the active primary coverage")
    patient_control_number: str | None = Field(default=None, min_length=1, max_length=38)
