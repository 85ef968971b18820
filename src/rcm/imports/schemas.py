from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ImportRead(BaseModel):
    """An import job: `progress` counts rows processed out of `total`; `result` holds the counts
    (created, updated, unchanged, quarantined), the quarantine file and the header mapping."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: str
    progress: int
    total: int
    params: dict[str, Any] = Field(description="file name, size, sha256, who started it")
    result: dict[str, Any]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
