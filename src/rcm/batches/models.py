"""X12 files in and out (837, 835, 999, 277CA, 277, 276) with their control numbers."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, JsonType, OrgScoped


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
    # For an inbound acknowledgment: the outbound batch it answers.
    related_batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("batches.id"), default=None)
    sender_id: Mapped[str] = mapped_column(String(15), default="")
    send_attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)


class BatchClaim(Base, OrgScoped):
    """Which claims went out in which 837 (and under which ST02), to tie 999/277CA answers back."""

    __tablename__ = "batch_claims"
    __table_args__ = (Index("ix_batch_claims_org_claim", "org_id", "claim_id"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id"), index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    patient_control_number: Mapped[str] = mapped_column(String(38))
    charge_cents: Mapped[int] = mapped_column(default=0)


class AckKind(StrEnum):
    ack_999 = "999"
    ack_277ca = "277CA"
    status_277 = "277"


class ClaimAcknowledgment(Base, OrgScoped):
    """One answer about one claim: a 999 transaction-set verdict, a 277CA or 277 status."""

    __tablename__ = "claim_acknowledgments"
    __table_args__ = (Index("ix_claim_acks_org_claim", "org_id", "claim_id"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("batches.id"))
    kind: Mapped[AckKind] = mapped_column(EnumText(AckKind, 8))
    # 999: IK501 (A/E/R...); 277: the first STC category (A1, A2, A3, F1, P1, ...).
    category: Mapped[str] = mapped_column(String(8))
    accepted: Mapped[bool]
    # [{"category", "status", "entity"}] or the 999 error codes.
    codes: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    message: Mapped[str] = mapped_column(String(1000), default="")
    payer_claim_control_number: Mapped[str] = mapped_column(String(50), default="")
    received_at: Mapped[datetime]


class ControlNumberCounter(Base, OrgScoped):
    """Per-org monotonically increasing ISA13 / GS06 / ST02 counters (locked FOR UPDATE)."""

    __tablename__ = "control_number_counters"
    __table_args__ = (UniqueConstraint("org_id", "kind"),)

    kind: Mapped[str] = mapped_column(String(8))
    last_value: Mapped[int] = mapped_column(default=0)
