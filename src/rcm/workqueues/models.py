"""Work items: denials, unmatched remittances and AR follow-ups waiting for a person."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped


class WorkItemKind(StrEnum):
    denial = "denial"
    unmatched_remittance = "unmatched_remittance"
    ar_followup = "ar_followup"
    write_off_approval = "write_off_approval"


class WorkItemStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"


class WorkItem(Base, OrgScoped):
    __tablename__ = "work_items"
    __table_args__ = (
        Index("ix_work_items_queue", "org_id", "queue", "status", "priority"),
        Index("ix_work_items_entity", "org_id", "entity_id"),
    )

    # No index of its own: the (org_id, ...) indexes above serve every org lookup, and each index
    # more is written on every ERA posting.
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))

    kind: Mapped[WorkItemKind] = mapped_column(EnumText(WorkItemKind, 24))
    queue: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[uuid.UUID]
    claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), default=None)
    title: Mapped[str] = mapped_column(String(200))
    # Higher is more urgent: f(days to deadline, recoverable amount); see workqueues.priority.
    priority: Mapped[int] = mapped_column(default=0)
    amount_cents: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime | None] = mapped_column(default=None)
    status: Mapped[WorkItemStatus] = mapped_column(EnumText(WorkItemStatus, 16), default=WorkItemStatus.open)
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    escalated: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(2000), default="")
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class AssignmentRule(Base, OrgScoped):
    """Org-configurable routing: items matching the condition go to a queue (and maybe a person)."""

    __tablename__ = "assignment_rules"

    kind: Mapped[WorkItemKind] = mapped_column(EnumText(WorkItemKind, 24))
    position: Mapped[int] = mapped_column(default=100)
    # A rule-engine expression over the item (category, amount_cents, payer_type, days_to_deadline, ...).
    condition: Mapped[str] = mapped_column(String(1000), default="true")
    queue: Mapped[str] = mapped_column(String(40))
    assignee_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), default=None)
    sla_hours: Mapped[int] = mapped_column(default=72)
    is_active: Mapped[bool] = mapped_column(default=True)
