from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from rcm.claims.state_machine import ClaimStatus


@dataclass(frozen=True, slots=True)
class ClaimExportFilters:
    status: list[ClaimStatus] | None = None
    payer_id: uuid.UUID | None = None
    service_from: date | None = None
    service_to: date | None = None
