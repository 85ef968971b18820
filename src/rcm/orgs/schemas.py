from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class OrganizationRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    slug: str
    currency: str
    coding_signoff_required: bool
    writeoff_approval_threshold_cents: int
    submitter_id: str
    submitter_contact_name: str
    submitter_contact_phone: str
    receiver_id: str
    receiver_name: str


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=200)
    coding_signoff_required: bool | None = None
    writeoff_approval_threshold_cents: int | None = Field(default=None, ge=0)
    submitter_id: str | None = Field(default=None, min_length=2, max_length=15, pattern=r"^[A-Za-z0-9]+$")
    submitter_contact_name: str | None = Field(default=None, max_length=60)
    submitter_contact_phone: str | None = Field(default=None, pattern=r"^\d{10}$")
    receiver_id: str | None = Field(default=None, min_length=2, max_length=15, pattern=r"^[A-Za-z0-9]+$")
    receiver_name: str | None = Field(default=None, max_length=60)
