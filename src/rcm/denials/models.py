"""Denials captured from adjudication, with their category, root cause and appeal deadline."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
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

    # No index of its own (the (org_id, category) index serves org lookups) and no foreign key:
    # ERA posting writes denials in bulk and only the claim is a foreign key. The org, line, payer,
    # payment and remittance are rows the same posting has just read or written (each check is a
    # lookup per row); the ledger check finds any that is missing.
    org_id: Mapped[uuid.UUID] = mapped_column()
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    claim_line_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    payer_id: Mapped[uuid.UUID]
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
    remittance_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    payment_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    adjudication_date: Mapped[date | None] = mapped_column(default=None)
    mapping_version: Mapped[str] = mapped_column(String(40), default="")
    resolution: Mapped[str] = mapped_column(String(200), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)


class DenialMappingOverride(Base, OrgScoped):
    """An organization's (optionally payer-specific) correction of the default CARC/RARC mapping."""

    __tablename__ = "denial_mapping_overrides"
    __table_args__ = (UniqueConstraint("org_id", "payer_id", "carc", "rarc", "version"),)

    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    carc: Mapped[str] = mapped_column(String(5))
    rarc: Mapped[str] = mapped_column(String(8), default="")
    category: Mapped[str] = mapped_column(String(50))
    root_cause: Mapped[str] = mapped_column(String(50))
    recommended_action: Mapped[str] = mapped_column(String(32))
    owning_team: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(default=1)
    is_active: Mapped[bool] = mapped_column(default=True)


class Appeal(Base, OrgScoped):
    """An appeal of a denial: letter, attachments, submission before the deadline, outcome."""

    __tablename__ = "appeals"
    __table_args__ = (Index("ix_appeals_org_status", "org_id", "status"),)

    denial_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("denials.id"), index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    level: Mapped[int] = mapped_column(default=1)
    status: Mapped[AppealStatus] = mapped_column(EnumText(AppealStatus, 16), default=AppealStatus.pending)
    deadline: Mapped[date]
    reason: Mapped[str] = mapped_column(String(2000), default="")
    argument: Mapped[str] = mapped_column(String(8000), default="")
    citations: Mapped[list[str]] = mapped_column(JsonType, default=list)
    letter_storage_key: Mapped[str] = mapped_column(String(255), default="")
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    submitted_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # The package's delivery through the clearinghouse connector (after the submission commits).
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    send_attempts: Mapped[int] = mapped_column(default=0)
    outcome_at: Mapped[datetime | None] = mapped_column(default=None)
    outcome_note: Mapped[str] = mapped_column(String(2000), default="")
    recovered_cents: Mapped[int] = mapped_column(default=0)


class AppealAttachment(Base, OrgScoped):
    __tablename__ = "appeal_attachments"

    appeal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appeals.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    storage_key: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64))
