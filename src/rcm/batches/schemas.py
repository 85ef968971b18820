from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rcm.batches.models import AckKind, BatchDirection, BatchKind, BatchStatus


class BatchRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: BatchKind
    direction: BatchDirection
    status: BatchStatus
    filename: str
    interchange_control_number: str
    group_control_number: str
    transaction_control_number: str
    claim_count: int
    total_cents: int
    size_bytes: int
    content_sha256: str
    detail: str
    related_batch_id: uuid.UUID | None
    send_attempts: int
    created_at: datetime
    sent_at: datetime | None
    acknowledged_at: datetime | None
    processed_at: datetime | None


class SubmitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[uuid.UUID] = Field(min_length=1, max_length=5000)
    reason: str = Field(default="", max_length=1000)


class SubmitOne(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=1000)


class IngestRead(BaseModel):
    batch: BatchRead
    duplicate: bool
    summary: dict[str, Any]


class AcknowledgmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    batch_id: uuid.UUID
    kind: AckKind
    category: str
    accepted: bool
    codes: list[dict[str, Any]]
    message: str
    payer_claim_control_number: str
    received_at: datetime


class StatusInquiryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
