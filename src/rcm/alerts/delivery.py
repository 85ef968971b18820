"""Deliver fired alert events to their rule's webhook, with retries and exponential backoff.

An attempt runs in three steps so no transaction stays open during the HTTP call: claim the
event (a short lease against a concurrent sender), POST, record the outcome. A failure is tried
again after 1, 2, 4, ... minutes; after `MAX_ATTEMPTS` the event is `failed` and kept, and an
admin can queue it again (`redeliver`). The payload carries `event_id` for idempotent receivers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy.orm import Session

from rcm import records
from rcm.alerts import webhook
from rcm.alerts.models import AlertEvent, DeliveryStatus
from rcm.alerts.repository import AlertEventRepository, AlertRuleRepository
from rcm.config import get_settings
from rcm.db import unit_of_work, utcnow
from rcm.errors import Conflict
from rcm.jobs.queue import enqueue
from rcm.tenancy import AuthContext

MAX_ATTEMPTS = 8
BASE_BACKOFF = timedelta(minutes=1)
MAX_BACKOFF = timedelta(hours=6)
# Longer than one attempt can take (the HTTP timeout), so a live attempt is never doubled.
LEASE = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class Delivery:
    event_id: uuid.UUID
    url: str
    body: bytes
    headers: dict[str, str]


def backoff(attempts: int) -> timedelta:
    factor: int = 2 ** max(attempts - 1, 0)
    return min(BASE_BACKOFF * factor, MAX_BACKOFF)


def start_attempt(session: Session, ctx: AuthContext, event_id: uuid.UUID, now: datetime) -> Delivery | None:
    """Claim a due pending event for one attempt; None when it is not due or already settled."""
    event = AlertEventRepository(session, ctx).get_or_raise(event_id, for_update=True)
    if event.status is not DeliveryStatus.pending:
        return None
    if event.next_attempt_at is not None and event.next_attempt_at > now:
        return None
    rule = AlertRuleRepository(session, ctx).get_or_raise(event.rule_id)
    # The lease and the counter are bookkeeping; the attempt's outcome is what gets audited.
    event.attempts += 1
    event.next_attempt_at = now + LEASE
    session.flush()
    body = webhook.encode(event.payload)
    return Delivery(event.id, rule.webhook_url, body, webhook.headers(body, rule.secret, str(event.id)))


def finish_attempt(
    session: Session, ctx: AuthContext, event_id: uuid.UUID, outcome: webhook.Outcome, now: datetime
) -> AlertEvent:
    event = AlertEventRepository(session, ctx).get_or_raise(event_id, for_update=True)
    values: dict[str, object] = {"last_status_code": outcome.status_code, "last_error": outcome.error}
    if outcome.ok:
        values |= {"status": DeliveryStatus.delivered, "delivered_at": now, "next_attempt_at": None}
        action = "alert.delivered"
    elif event.attempts >= MAX_ATTEMPTS:
        values |= {"status": DeliveryStatus.failed, "next_attempt_at": None}
        action = "alert.delivery_failed"
    else:
        values["next_attempt_at"] = now + backoff(event.attempts)
        action = "alert.delivery_retry_scheduled"
    return records.update(session, ctx, event, values, action)


def deliver_event(
    org_id: uuid.UUID, event_id: uuid.UUID, *, now: datetime | None = None, client: httpx.Client | None = None
) -> DeliveryStatus | None:
    """One attempt at one event, each database step in its own transaction; None if not due."""
    ctx = AuthContext.system(org_id)
    with unit_of_work() as session:
        delivery = start_attempt(session, ctx, event_id, now or utcnow())
    if delivery is None:
        return None
    allow_private = get_settings().allow_private_webhooks
    outcome = webhook.post(delivery.url, delivery.body, delivery.headers, client, allow_private)
    with unit_of_work() as session:
        return finish_attempt(session, ctx, event_id, outcome, now or utcnow()).status


def due_event_ids(session: Session, ctx: AuthContext, now: datetime, limit: int = 500) -> list[uuid.UUID]:
    return AlertEventRepository(session, ctx).due_ids(now, limit)


def redeliver(session: Session, ctx: AuthContext, event_id: uuid.UUID) -> AlertEvent:
    """Queue a failed event again with a fresh set of attempts."""
    event = AlertEventRepository(session, ctx).get_or_raise(event_id)
    if event.status is not DeliveryStatus.failed:
        raise Conflict(
            f"only a failed event can be delivered again; this one is {event.status.value}",
            status=event.status.value,
        )
    values = {"status": DeliveryStatus.pending, "attempts": 0, "next_attempt_at": utcnow()}
    records.update(session, ctx, event, values, "alert.redelivery_requested")
    enqueue(session, "alerts.deliver", event_id=event.id, org_id=ctx.org_id)
    return event
