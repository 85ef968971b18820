from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from rcm.denials.models import AppealStatus

Carc = Annotated[
    str, StringConstraints(pattern=r"^(?i:[A-Z0-9]{1,5})$", to_upper=True, strip_whitespace=True)
]
Rarc = Annotated[
    str, StringConstraints(pattern=r"^(?i:[A-Z0-9]{2,8})?$", to_upper=True, strip_whitespace=True)
]
GroupCode = Annotated[str, StringConstraints(pattern=r"^(?i:CO|PR|OA|PI|CR)$", to_upper=True)]


class DenialRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    claim_line_id: uuid.UUID | None
    payer_id: uuid.UUID
    group_code: str
    carc: str
    rarcs: list[str]
    amount_cents: int
    reason: str
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    appeal_status: AppealStatus
    appeal_deadline: date | None
    is_open: bool
    remittance_id: uuid.UUID | None
    payment_id: uuid.UUID | None
    adjudication_date: date | None
    mapping_version: str
    resolution: str
    resolved_at: datetime | None
    created_at: datetime
    updated_at: datetime


class DenialUpdate(BaseModel):
    """A biller's manual change: appeal status (appealed outside the system), close or reopen."""

    model_config = ConfigDict(extra="forbid")

    appeal_status: AppealStatus | None = None
    is_open: bool | None = None
    resolution: str | None = Field(default=None, max_length=200, description="required when closing")
    note: str = Field(default="", max_length=1000, description="why; kept in the audit log")

    @model_validator(mode="after")
    def _something_to_change(self) -> DenialUpdate:
        if self.appeal_status is None and self.is_open is None and self.resolution is None:
            raise ValueError("send at least one of appeal_status, is_open, resolution")
        return self


class DenialMappingCreate(BaseModel):
    """An org-wide (no payer) or payer-specific override of the mapping for a CARC (+ optional RARC)."""

    model_config = ConfigDict(extra="forbid")

    payer_id: uuid.UUID | None = None
    carc: Carc
    rarc: Rarc = ""
    category: Annotated[str, StringConstraints(pattern=r"^(?i:[A-Z_]{2,50})$", to_upper=True)]
    root_cause: Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{1,49}$")]
    recommended_action: str = Field(max_length=32)
    owning_team: Annotated[str, StringConstraints(pattern=r"^(?i:[a-z][a-z0-9_]{1,31})$", to_lower=True)]


class DenialMappingRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    payer_id: uuid.UUID | None
    carc: str
    rarc: str
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    version: int
    is_active: bool
    created_at: datetime
    created_by: uuid.UUID | None


class ClassificationRead(BaseModel):
    """What the mapping says about an adjustment, and which layer said it (`version`)."""

    model_config = ConfigDict(from_attributes=True)

    group_code: str
    carc: str
    rarcs: list[str]
    payer_id: uuid.UUID | None
    label: str
    kind: str
    is_denial: bool
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    version: str
