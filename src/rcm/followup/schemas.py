from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rcm.followup.models import FollowUpChannel, FollowUpOutcome
from rcm.payers.models import PayerType
from rcm.workqueues.models import WorkItemKind, WorkItemStatus


class StrategyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    payer_id: uuid.UUID | None = Field(default=None, description="a payer's own strategy")
    payer_type: PayerType | None = Field(default=None, description="every payer of this type")
    cadence_days: int = Field(default=14, ge=1, le=365)
    channel: FollowUpChannel = FollowUpChannel.phone
    escalate_after_days: int = Field(default=90, ge=1, le=3650)
    notes: str = Field(default="", max_length=4000, description="script and protocol for the agent")
    is_active: bool = True

    @model_validator(mode="after")
    def _one_scope(self) -> StrategyCreate:
        if self.payer_id is not None and self.payer_type is not None:
            raise ValueError("a strategy is for one payer or one payer type (or neither: the default)")
        return self


class StrategyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    cadence_days: int | None = Field(default=None, ge=1, le=365)
    channel: FollowUpChannel | None = None
    escalate_after_days: int | None = Field(default=None, ge=1, le=3650)
    notes: str | None = Field(default=None, max_length=4000)
    is_active: bool | None = None


class StrategyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    payer_id: uuid.UUID | None
    payer_type: PayerType | None
    cadence_days: int
    channel: FollowUpChannel
    escalate_after_days: int
    notes: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class FollowUpCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: FollowUpChannel
    outcome: FollowUpOutcome
    note: str = Field(default="", max_length=2000)
    next_follow_up_on: date | None = Field(
        default=None, description="when to call again; default: the payer strategy's cadence from today"
    )
    promised_payment_on: date | None = Field(default=None, description="required with promised_payment_date")
    close_item: bool = Field(default=False, description="close the work item instead of snoozing it")

    @model_validator(mode="after")
    def _promise_has_a_date(self) -> FollowUpCreate:
        if self.outcome is FollowUpOutcome.promised_payment_date and self.promised_payment_on is None:
            raise ValueError("promised_payment_on is required when the payer promised a payment date")
        return self


class FollowUpRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    work_item_id: uuid.UUID | None
    channel: FollowUpChannel
    outcome: FollowUpOutcome
    note: str
    next_follow_up_on: date | None
    promised_payment_on: date | None
    performed_at: datetime
    performed_by: uuid.UUID | None


class AssignmentRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: int = Field(default=100, ge=0, le=100_000, description="lower is tried first")
    condition: str = Field(
        default="true",
        max_length=1000,
        description="rule-engine expression over amount_cents, age_days, payer_type, ...",
    )
    queue: str = Field(min_length=1, max_length=40, pattern=r"^[a-z0-9_\-]+$")
    assignee_id: uuid.UUID | None = None
    sla_hours: int = Field(default=72, ge=1, le=24 * 90)
    is_active: bool = True


class AssignmentRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    position: int | None = Field(default=None, ge=0, le=100_000)
    condition: str | None = Field(default=None, max_length=1000)
    queue: str | None = Field(default=None, min_length=1, max_length=40, pattern=r"^[a-z0-9_\-]+$")
    assignee_id: uuid.UUID | None = None
    sla_hours: int | None = Field(default=None, ge=1, le=24 * 90)
    is_active: bool | None = None


class AssignmentRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: WorkItemKind
    position: int
    condition: str
    queue: str
    assignee_id: uuid.UUID | None
    sla_hours: int
    is_active: bool


class WorkItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: WorkItemKind
    queue: str
    entity_id: uuid.UUID
    claim_id: uuid.UUID | None
    title: str
    priority: int
    amount_cents: int
    due_at: datetime | None
    status: WorkItemStatus
    assignee_id: uuid.UUID | None
    escalated: bool
    note: str
    created_at: datetime
    closed_at: datetime | None


class WorkItemUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assignee_id: uuid.UUID | None = Field(default=None, description="null unassigns")
    status: WorkItemStatus | None = None
    note: str | None = Field(default=None, max_length=2000)


class QueueSummary(BaseModel):
    queue: str
    open_items: int
    amount_cents: int


class WorkloadRow(BaseModel):
    open_items: int
    amount_cents: int
    oldest_due_at: datetime | None
    overdue: int


class QueueWorkload(WorkloadRow):
    queue: str


class AssigneeWorkload(WorkloadRow):
    assignee_id: uuid.UUID | None
    assignee_name: str | None
    queues: list[str]


class Workload(BaseModel):
    as_of: datetime
    kind: WorkItemKind
    totals: WorkloadRow
    queues: list[QueueWorkload]
    assignees: list[AssigneeWorkload]


class RefreshResult(BaseModel):
    seeded_rules: int
    opened: int
    closed: int
    escalated: int
    woken: int
