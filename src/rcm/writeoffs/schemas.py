from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from rcm.writeoffs.models import WriteOffReason, WriteOffStatus


class WriteOffCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount_cents: int = Field(gt=0)
    reason: WriteOffReason
    note: str = Field(default="", max_length=2000)


class WriteOffDecision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=2000)


class WriteOffRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    amount_cents: int
    reason: WriteOffReason
    note: str
    status: WriteOffStatus
    requested_by: uuid.UUID | None
    decided_by: uuid.UUID | None
    decided_at: datetime | None
    decision_note: str
    created_at: datetime
