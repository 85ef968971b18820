"""Write-offs: reason, amount, and the two-person approval above the org's threshold."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped


class WriteOffReason(StrEnum):
    small_balance = "small_balance"
    timely_filing = "timely_filing"
    contractual = "contractual"
    bad_debt = "bad_debt"
    charity = "charity"
    administrative = "administrative"
    denial_not_appealable = "denial_not_appealable"
    appeal_lost = "appeal_lost"


class WriteOffStatus(StrEnum):
    pending_approval = "pending_approval"
    applied = "applied"
    rejected = "rejected"


class WriteOff(Base, OrgScoped):
    __tablename__ = "write_offs"
    __table_args__ = (Index("ix_write_offs_org_status", "org_id", "status"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    amount_cents: Mapped[int]
    reason: Mapped[WriteOffReason] = mapped_column(EnumText(WriteOffReason, 32))
    note: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[WriteOffStatus] = mapped_column(EnumText(WriteOffStatus, 24))
    requested_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    decision_note: Mapped[str] = mapped_column(String(2000), default="")
