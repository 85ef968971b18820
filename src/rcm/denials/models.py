"""Denials captured from adjudication, with their category, root cause and appeal deadline."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, JsonType, OrgScoped


class AppealStatus(StrEnum):
    not_appealed = "NotAppealed"
    pending = "Pending"
    won = "Won"
    lost = "Lost"
    expired = "Expired"


class Denial(Base, OrgScoped):
    __tablename__ = "denials"
    __table_args__ = (Index("ix_denials_org_category", "org_id", "category"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    claim_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claim_lines.id"), default=None)
    payer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payers.id"))
    group_code: Mapped[str] = mapped_column(String(2))
    carc: Mapped[str] = mapped_column(String(5))
    rarcs: Mapped[list[str]] = mapped_column(JsonType, default=list)
    amount_cents: Mapped[int] = mapped_column(default=0)
    reason: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(50))
    root_cause: Mapped[str] = mapped_column(String(50), default="")
    recommended_action: Mapped[str] = mapped_column(String(32), default="")
    owning_team: Mapped[str] = mapped_column(String(32), default="")
    appeal_status: Mapped[AppealStatus] = mapped_column(
        EnumText(AppealStatus, 16), default=AppealStatus.not_appealed
    )
    appeal_deadline: Mapped[date | None] = mapped_column(default=None)
    is_open: Mapped[bool] = mapped_column(default=True)
