"""The appeal deadline monitor, run for one organization on a given day (hourly by the scheduler).

1. Open denials never appealed whose deadline has passed -> Expired and closed ("appeal deadline
   passed"), their work items closed.
2. In-system appeals still Pending and not submitted by their deadline -> Expired, and their denial too.
3. Escalation: open denial work items whose appeal deadline is within `within_days` (default
   `ESCALATE_WITHIN_DAYS`) and whose appeal is not on its way yet -> flagged `escalated`, moved to the
   `escalations` queue, priority recomputed for today (never lowered).

Idempotent: what it changed no longer matches on the next run, so a second run on the same day
changes nothing. Every change is audited under the system actor.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from rcm import records
from rcm.db import utcnow
from rcm.denials import service as denials
from rcm.denials.models import AppealStatus, Denial
from rcm.denials.repository import AppealRepository
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from rcm.workqueues.priority import priority

ESCALATE_WITHIN_DAYS = 14
ESCALATION_QUEUE = "escalations"
EXPIRED = "appeal deadline passed"


@dataclass(frozen=True, slots=True)
class MonitorResult:
    expired_denials: int
    expired_appeals: int
    escalated_items: int


def run(
    session: Session, ctx: AuthContext, *, today: date, within_days: int = ESCALATE_WITHIN_DAYS
) -> MonitorResult:
    expired_denials = expire_unappealed(session, ctx, today)
    expired_appeals = expire_unsubmitted(session, ctx, today)
    escalated = escalate(session, ctx, today, within_days)
    return MonitorResult(expired_denials, expired_appeals, escalated)


def expire_unappealed(session: Session, ctx: AuthContext, today: date) -> int:
    lapsed = denials.lapsed_denials(session, ctx, today)
    for denial in lapsed:
        denials.resolve_denial(session, ctx, denial, AppealStatus.expired, EXPIRED, "denial.expired")
    return len(lapsed)


def expire_unsubmitted(session: Session, ctx: AuthContext, today: date) -> int:
    overdue = AppealRepository(session, ctx).pending_due(today)
    for appeal in overdue:
        values = {
            "status": AppealStatus.expired,
            "outcome_at": utcnow(),
            "outcome_note": "not submitted before the deadline",
        }
        records.update(session, ctx, appeal, values, "appeal.expired", reason=EXPIRED)
        denial = denials.lock_denial(session, ctx, appeal.denial_id)
        if denial.is_open:
            denials.resolve_denial(session, ctx, denial, AppealStatus.expired, EXPIRED, "denial.expired")
    return len(overdue)


def escalate(session: Session, ctx: AuthContext, today: date, within_days: int) -> int:
    due: dict[uuid.UUID, Denial] = {
        d.id: d for d in denials.denials_due_within(session, ctx, today, today + timedelta(days=within_days))
    }
    count = 0
    for item in workqueues.open_items_of_kind(session, ctx, WorkItemKind.denial):
        denial = due.get(item.entity_id)
        if denial is None or item.escalated or denial.appeal_deadline is None:
            continue
        days_left = (denial.appeal_deadline - today).days
        values = {
            "escalated": True,
            "queue": ESCALATION_QUEUE,
            "priority": max(item.priority, priority(item.amount_cents, denial.appeal_deadline, today)),
        }
        why = (
            f"appeal deadline {denial.appeal_deadline.isoformat()} in {days_left} day(s); was in {item.queue}"
        )
        records.update(session, ctx, item, values, "work_item.escalated", reason=why)
        count += 1
    return count
