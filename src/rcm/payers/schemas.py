from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from rcm.payers.models import PayerType
from rcm.schemas_common import AddressIn, AddressRead


class PayerCreate(AddressIn):
    name: str = Field(min_length=1, max_length=60)
    payer_type: PayerType
    payer_code: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9\-]+$")
    timely_filing_days: int | None = Field(default=None, ge=1, le=3650)
    appeal_days: int | None = Field(default=None, ge=1, le=3650)


class PayerUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=60)
    timely_filing_days: int | None = Field(default=None, ge=1, le=3650)
    appeal_days: int | None = Field(default=None, ge=1, le=3650)
    is_active: bool | None = None


class PayerRead(AddressRead):
    id: uuid.UUID
    name: str
    payer_type: PayerType
    payer_code: str
    timely_filing_days: int | None
    appeal_days: int | None
    is_active: bool
