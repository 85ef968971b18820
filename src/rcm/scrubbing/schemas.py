from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from rcm.claims.state_machine import ClaimStatus
from rcm.payers.models import PayerType


class FindingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    rule_id: str
    severity: str
    line_number: int | None
    field: str | None
    message: str
    fix_hint: str | None
    carc: str | None


class ScrubRead(BaseModel):
    claim_id: uuid.UUID
    status: ClaimStatus
    blocking: bool
    rules_evaluated: int
    findings: list[FindingRead]


class BatchScrubRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[uuid.UUID] | None = Field(default=None, max_length=100_000)
    status: ClaimStatus | None = Field(
        default=ClaimStatus.draft, description="when no ids: claims in this status"
    )
    payer_id: uuid.UUID | None = None


class RulePackWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.\-]+$")
    payer_id: uuid.UUID | None = None
    content: str = Field(min_length=1, max_length=500_000, description="the pack in YAML")


class RulePackRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    payer_id: uuid.UUID | None
    version: int
    content: str
    is_active: bool
    created_at: datetime


class PriorAuthWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    payer_id: uuid.UUID | None = None
    payer_type: PayerType | None = None
    procedure_code: str = Field(pattern=r"^[A-Z0-9]{5}$")
    effective_from: date | None = None
    effective_to: date | None = None


class PriorAuthRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    payer_id: uuid.UUID | None
    payer_type: str
    procedure_code: str
    effective_from: date | None
    effective_to: date | None


class SignOffRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=1000)
