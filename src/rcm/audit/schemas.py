from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    seq: int
    occurred_at: datetime
    actor_id: uuid.UUID | None
    actor_role: str
    action: str
    entity_type: str
    entity_id: uuid.UUID
    changes: dict[str, object]
    reason: str
    source_document_id: str
    prev_hash: str
    hash: str


class ChainReportRead(BaseModel):
    ok: bool
    events_checked: int
    broken_at_seq: int | None
    broken_event_id: str | None
    problem: str | None
