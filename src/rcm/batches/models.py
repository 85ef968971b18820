"""X12 files in and out (837, 835, 999, 277CA, 277, 276) with their control numbers."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped


class BatchDirection(StrEnum):
    outbound = "outbound"
    inbound = "inbound"


class BatchKind(StrEnum):
    claim_837p = "837P"
    claim_837i = "837I"
    status_276 = "276"
    remittance_835 = "835"
    ack_999 = "999"
    ack_277ca = "277CA"
    status_277 = "277"
    ack_ta1 = "TA1"


class BatchStatus(StrEnum):
    created = "created"
    sent = "sent"
    send_failed = "send_failed"
    acknowledged = "acknowledged"
    rejected = "rejected"
    received = "received"
    processed = "processed"
    failed = "failed"


class Batch(Base, OrgScoped):
    __tablename__ = "batches"
    __table_args__ = (
        UniqueConstraint("org_id", "direction", "interchange_control_number", "content_sha256"),
        Index("ix_batches_org_kind_created", "org_id", "kind", "created_at"),
    )

    kind: Mapped[BatchKind] = mapped_column(EnumText(BatchKind, 8))
    direction: Mapped[BatchDirection] = mapped_column(EnumText(BatchDirection, 8))
    status: Mapped[BatchStatus] = mapped_column(EnumText(BatchStatus, 16), default=BatchStatus.created)
    filename: Mapped[str] = mapped_column(String(255))
    interchange_control_number: Mapped[str] = mapped_column(String(9), default="")
    group_control_number: Mapped[str] = mapped_column(String(9), default="")
    transaction_control_number: Mapped[str] = mapped_column(String(9), default="")
    claim_count: Mapped[int] = mapped_column(default=0)
    total_cents: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(String(255))
    size_bytes: Mapped[int] = mapped_column(default=0)
    content_sha256: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(String(2000), default="")


class ControlNumberCounter(Base, OrgScoped):
    """Per-org monotonically increasing ISA13 / GS06 / ST02 counters (locked FOR UPDATE)."""

    __tablename__ = "control_number_counters"
    __table_args__ = (UniqueConstraint("org_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(8))
    last_value: Mapped[int] = mapped_column(default=0)
