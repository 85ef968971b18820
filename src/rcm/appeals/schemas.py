from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from rcm.appeals.package import control_number
from rcm.denials.models import AppealStatus

Citation = Annotated[str, StringConstraints(min_length=1, max_length=500, strip_whitespace=True)]


class AppealCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=2000, description="why the denial is wrong, in short")
    argument: str = Field(default="", max_length=8000, description="the full argument for the letter")
    citations: list[Citation] = Field(default_factory=list, max_length=30)


class AppealOutcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["Won", "Lost"]
    recovered_cents: int = Field(default=0, ge=0, le=99_999_999_99)
    note: str = Field(min_length=1, max_length=2000)


class AppealRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    denial_id: uuid.UUID
    claim_id: uuid.UUID
    level: int
    status: AppealStatus
    deadline: date
    reason: str
    argument: str
    citations: list[str]
    letter_storage_key: str = Field(exclude=True)
    submitted_at: datetime | None
    submitted_by: uuid.UUID | None
    outcome_at: datetime | None
    outcome_note: str
    recovered_cents: int
    created_at: datetime
    created_by: uuid.UUID | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def letter_generated(self) -> bool:
        return bool(self.letter_storage_key)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def control_number(self) -> str:
        return control_number(self.id)


class AttachmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    appeal_id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int
    sha256: str
    created_at: datetime
