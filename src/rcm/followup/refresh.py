"""The daily AR follow-up refresh of one organization. Idempotent: a second run changes nothing.

1. Seed the default assignment rules if the org has none.
2. Open one item per open-AR claim with a balance, no open follow-up item, and due by its payer
   strategy's cadence: one query for the candidates, one bulk insert routed by the org's rules.
3. Open follow-up items: close those whose claim has no balance left (or left AR); flag those
   older than the strategy's escalate-after age; raise to the top those whose due time passed
   (a snoozed item waking up), never lowering a priority.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm.db import utcnow
from rcm.followup import strategies
from rcm.followup.assignment import ensure_default_rules
from rcm.followup.cadence import FOLLOW_UP_STATUSES, StrategyBook, age_days, due_on
from rcm.followup.repository import FollowUpWorkRepository
from rcm.followup.schemas import RefreshResult
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from rcm.workqueues.priority import priority
from rcm.workqueues.service import ItemDraft

SETTLED_NOTE = "claim has no balance left to follow up"


def dollars(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


def refresh(session: Session, ctx: AuthContext, *, now: datetime | None = None) -> RefreshResult:
    at = now or utcnow()
    seeded = ensure_default_rules(session, ctx)
    book = strategies.strategy_book(session, ctx)
    opened = _open_due(session, ctx, book, at.date())
    closed, escalated, woken = _update_open_items(session, ctx, book, at)
    return RefreshResult(seeded_rules=seeded, opened=opened, closed=closed, escalated=escalated, woken=woken)


def _update_open_items(
    session: Session, ctx: AuthContext, book: StrategyBook, now: datetime
) -> tuple[int, int, int]:
    closed = escalated = woken = 0
    today = now.date()
    rows: list[Any] = FollowUpWorkRepository(session, ctx).open_with_claims()
    for item_id, claim_id, amount, rank, due_at, flagged, status, balance, dos, payer_id, payer_type in rows:
        if status not in FOLLOW_UP_STATUSES or balance <= 0:
            closed += workqueues.close_for_entity(session, ctx, claim_id, f"{SETTLED_NOTE} ({status})")
            continue
        strategy = book.resolve(payer_id, payer_type)
        values: dict[str, Any] = {}
        if not flagged and age_days(dos, today) > strategy.escalate_after_days:
            values["escalated"] = True
            escalated += 1
        if balance != amount:
            values["amount_cents"] = balance
        if due_at is not None and due_at <= now and rank < priority(balance, today, today):
            values["priority"] = priority(balance, today, today)
            woken += 1
        if values:
            workqueues.update_item(session, ctx, item_id, values)
    return closed, escalated, woken


def _draft(row: Any, book: StrategyBook, today: date) -> ItemDraft | None:
    (claim_id, pcn, payer_id, payer, payer_type, status, balance, dos, *touches, last_action, next_on) = row
    strategy = book.resolve(payer_id, payer_type)
    if due_on(strategy.cadence_days, touches, last_action, next_on, fallback=dos) > today:
        return None
    age = age_days(dos, today)
    return ItemDraft(
        kind=WorkItemKind.ar_followup,
        entity_id=claim_id,
        claim_id=claim_id,
        title=f"Follow up by {strategy.channel.value}: claim {pcn} with {payer}, "
        f"{dollars(balance)} open, {status.value}, {age} days",
        amount_cents=balance,
        deadline=None,
        facts={
            "age_days": float(age),
            "payer_type": str(getattr(payer_type, "value", payer_type)),
            "payer": payer,
            "status": status.value,
            "channel": strategy.channel.value,
        },
    )


def _open_due(session: Session, ctx: AuthContext, book: StrategyBook, today: date) -> int:
    drafts = [
        draft
        for row in FollowUpWorkRepository(session, ctx).candidates()
        if (draft := _draft(row, book, today)) is not None
    ]
    return workqueues.open_items(session, ctx, drafts, today=today)
