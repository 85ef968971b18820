"""Work queues: items are routed by the org's assignment rules, ordered by priority, worked and closed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rcm import bulk, records
from rcm.db import utcnow
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext
from rcm.workqueues.models import AssignmentRule, WorkItem, WorkItemKind, WorkItemStatus
from rcm.workqueues.priority import Route, compile_condition, priority, route
from rcm.workqueues.repository import AssignmentRuleRepository, WorkItemRepository

# Where items go when the org has no rule that matches.
DEFAULT_QUEUE = {
    WorkItemKind.denial: None,  # the denial's owning team (coding, registration, ...)
    WorkItemKind.unmatched_remittance: "payment_posting",
    WorkItemKind.ar_followup: "general",
    WorkItemKind.write_off_approval: "approvals",
}
DEFAULT_SLA_HOURS = 72


@dataclass(frozen=True, slots=True)
class ItemDraft:
    kind: WorkItemKind
    entity_id: uuid.UUID | str  # text for ids made in bulk (rcm.ids)
    claim_id: uuid.UUID | None
    title: str
    amount_cents: int
    deadline: date | None
    facts: dict[str, Any]


def _rules(session: Session, ctx: AuthContext, kind: WorkItemKind) -> list[tuple[str, Route]]:
    return [
        (r.condition, Route(r.queue, r.assignee_id, r.sla_hours))
        for r in AssignmentRuleRepository(session, ctx).active(kind)
    ]


def _row(ctx: AuthContext, draft: ItemDraft, target: Route, now: datetime, today: date) -> dict[str, Any]:
    due = now + timedelta(hours=target.sla_hours)
    if draft.deadline is not None:
        due = min(due, datetime.combine(draft.deadline, datetime.min.time(), now.tzinfo))
    return {
        "id": uuid.uuid4(),
        "org_id": ctx.org_id,
        "created_at": now,
        "updated_at": now,
        "created_by": ctx.user_id,
        "updated_by": ctx.user_id,
        "kind": draft.kind,
        "queue": target.queue,
        "entity_id": draft.entity_id,
        "claim_id": draft.claim_id,
        "title": draft.title[:200],
        "priority": priority(draft.amount_cents, draft.deadline, today),
        "amount_cents": draft.amount_cents,
        "due_at": due,
        "status": WorkItemStatus.open,
        "assignee_id": target.assignee_id,
        "escalated": False,
        "note": "",
        "closed_at": None,
    }


def stage_items(
    session: Session,
    ctx: AuthContext,
    drafts: list[ItemDraft],
    batch: bulk.Batch,
    *,
    today: date | None = None,
    rules: dict[WorkItemKind, list[tuple[str, Route]]] | None = None,
) -> int:
    """Route many items now (the org's rules) and stage their insert in `batch`. `rules` is a
    cache the caller may keep across calls (one query per item kind, not per call)."""
    if not drafts:
        return 0
    now, today = utcnow(), today or date.today()
    rules = {} if rules is None else rules
    for kind in {d.kind for d in drafts} - rules.keys():
        rules[kind] = _rules(session, ctx, kind)
    rows = []
    for draft in drafts:
        facts = {
            **draft.facts,
            "kind": draft.kind.value,
            "amount_cents": float(draft.amount_cents),
            "days_to_deadline": float((draft.deadline - today).days) if draft.deadline else 9999.0,
        }
        default = Route(
            DEFAULT_QUEUE[draft.kind] or str(draft.facts.get("owning_team") or "billing"),
            None,
            DEFAULT_SLA_HOURS,
        )
        rows.append(_row(ctx, draft, route(facts, rules[draft.kind], default), now, today))
    return WorkItemRepository(session, ctx).stage_insert(batch, rows)


def open_items(
    session: Session, ctx: AuthContext, drafts: list[ItemDraft], *, today: date | None = None
) -> int:
    """Route and insert many items at once (ERA posting opens one per denial and unmatched CLP)."""
    batch = bulk.Batch()
    count = stage_items(session, ctx, drafts, batch, today=today)
    bulk.run(session, batch)
    return count


def queue_items(
    session: Session, ctx: AuthContext, queue: str, params: PageParams, include_done: bool
) -> Page[WorkItem]:
    return WorkItemRepository(session, ctx).queue_page(queue, params, include_done)


def queue_summary(session: Session, ctx: AuthContext) -> list[dict[str, Any]]:
    return [
        {"queue": q, "open_items": n, "amount_cents": a}
        for q, n, a in WorkItemRepository(session, ctx).queue_counts()
    ]


def update_item(session: Session, ctx: AuthContext, item_id: uuid.UUID, values: dict[str, Any]) -> WorkItem:
    item = WorkItemRepository(session, ctx).get_or_raise(item_id)
    if values.get("status") is WorkItemStatus.done and item.status is not WorkItemStatus.done:
        values["closed_at"] = utcnow()
    return records.update(session, ctx, item, values, "work_item.updated")


def close_for_entity(session: Session, ctx: AuthContext, entity_id: uuid.UUID, note: str) -> int:
    items = WorkItemRepository(session, ctx).open_for_entity(entity_id)
    for item in items:
        records.update(
            session,
            ctx,
            item,
            {
                "status": WorkItemStatus.done,
                "closed_at": utcnow(),
                "note": (item.note + "\n" + note).strip()[:2000],
            },
            "work_item.closed",
        )
    return len(items)


def open_items_of_kind(session: Session, ctx: AuthContext, kind: WorkItemKind) -> list[WorkItem]:
    return WorkItemRepository(session, ctx).open_of_kind(kind)


def create_rule(session: Session, ctx: AuthContext, values: dict[str, Any]) -> AssignmentRule:
    compile_condition(values.get("condition") or "true")  # refuse a bad expression at save time
    return records.create(
        session,
        ctx,
        AssignmentRuleRepository(session, ctx),
        AssignmentRule(**values),
        "assignment_rule.created",
    )


def list_rules(session: Session, ctx: AuthContext, kind: WorkItemKind) -> list[AssignmentRule]:
    return AssignmentRuleRepository(session, ctx).active(kind)
