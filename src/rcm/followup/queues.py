"""Work queues as agents see them: queue summary, items by priority, assignment, workload."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm.db import utcnow
from rcm.followup.assignment import check_assignee
from rcm.followup.repository import FollowUpWorkRepository
from rcm.followup.schemas import (
    AssigneeWorkload,
    QueueSummary,
    QueueWorkload,
    WorkItemUpdate,
    Workload,
    WorkloadRow,
)
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItem, WorkItemKind, WorkItemStatus


def queue_summary(session: Session, ctx: AuthContext) -> list[QueueSummary]:
    return [QueueSummary(**row) for row in workqueues.queue_summary(session, ctx)]


def queue_items(
    session: Session, ctx: AuthContext, queue: str, params: PageParams, include_done: bool = False
) -> Page[WorkItem]:
    return workqueues.queue_items(session, ctx, queue, params, include_done)


def update_work_item(
    session: Session, ctx: AuthContext, item_id: uuid.UUID, data: WorkItemUpdate
) -> WorkItem:
    values: dict[str, Any] = data.model_dump(exclude_unset=True)
    values = {k: v for k, v in values.items() if v is not None or k == "assignee_id"}
    if "assignee_id" in values:
        check_assignee(session, ctx, values["assignee_id"])
    if values.get("status") not in (None, WorkItemStatus.done):
        values["closed_at"] = None  # reopened
    return workqueues.update_item(session, ctx, item_id, values)


def _add(into: dict[str, Any], items: int, amount: int, oldest: datetime | None, overdue: int) -> None:
    into["open_items"] += items
    into["amount_cents"] += amount
    into["overdue"] += overdue
    if oldest is not None and (into["oldest_due_at"] is None or oldest < into["oldest_due_at"]):
        into["oldest_due_at"] = oldest


def _empty() -> dict[str, Any]:
    return {"open_items": 0, "amount_cents": 0, "oldest_due_at": None, "overdue": 0}


def workload(
    session: Session,
    ctx: AuthContext,
    kind: WorkItemKind = WorkItemKind.ar_followup,
    now: datetime | None = None,
) -> Workload:
    """Open items, amount, oldest due time and overdue count per queue and per assignee."""
    at = now or utcnow()
    totals = _empty()
    queues: dict[str, dict[str, Any]] = defaultdict(_empty)
    people: dict[uuid.UUID | None, dict[str, Any]] = defaultdict(lambda: {**_empty(), "queues": set()})
    rows: list[Any] = FollowUpWorkRepository(session, ctx).workload(kind, at)
    for queue, assignee, name, items, amount, oldest, overdue in rows:
        figures = (int(items), int(amount), oldest, int(overdue))
        for target in (totals, queues[queue], people[assignee]):
            _add(target, *figures)
        people[assignee]["queues"].add(queue)
        people[assignee]["assignee_name"] = name
    assignees = [
        AssigneeWorkload(
            assignee_id=a, **{**v, "queues": sorted(v["queues"]), "assignee_name": v.get("assignee_name")}
        )
        for a, v in people.items()
    ]
    return Workload(
        as_of=at,
        kind=kind,
        totals=WorkloadRow(**totals),
        queues=[QueueWorkload(queue=q, **v) for q, v in sorted(queues.items())],
        assignees=sorted(assignees, key=lambda w: (-w.open_items, w.assignee_name or "")),
    )
