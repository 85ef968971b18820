"""Evaluate an organization's active alert rules and record an event for each that fires.

A rule fires when its condition holds and either it did not hold at the previous evaluation (a
new occurrence) or its cooldown has passed since it last fired (still true: a reminder). Events
are recorded in the caller's transaction; their delivery is queued for after the commit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rcm import records
from rcm.alerts.metrics import MetricReader, holds
from rcm.alerts.models import AlertEvent, AlertRule, DeliveryStatus
from rcm.alerts.repository import AlertEventRepository, AlertRuleRepository
from rcm.analytics.repository import KpiFilters
from rcm.jobs.queue import enqueue
from rcm.tenancy import AuthContext


@dataclass(frozen=True, slots=True)
class Measurement:
    value: float | None
    condition_met: bool
    filters: KpiFilters


@dataclass(slots=True)
class EvaluationResult:
    evaluated: int = 0
    fired: list[uuid.UUID] = field(default_factory=list)
    kpi_queries: int = 0


def measure(
    session: Session, ctx: AuthContext, rule: AlertRule, now: datetime, reader: MetricReader | None = None
) -> Measurement:
    reader = reader or MetricReader(session, ctx, now.date())
    value, filters = reader.value(rule)
    return Measurement(value, holds(value, rule.comparator, rule.threshold), filters)


def should_fire(rule: AlertRule, condition_met: bool, now: datetime) -> bool:
    if not condition_met:
        return False
    if not rule.condition_met or rule.last_fired_at is None:
        return True
    return now - rule.last_fired_at >= timedelta(hours=rule.cooldown_hours)


def payload(rule: AlertRule, event_id: uuid.UUID, found: Measurement, now: datetime) -> dict[str, Any]:
    f = found.filters
    return {
        "event_id": str(event_id),
        "org_id": str(rule.org_id),
        "rule": {"id": str(rule.id), "name": rule.name},
        "metric": rule.metric.value,
        "value": found.value,
        "comparator": rule.comparator.value,
        "threshold": rule.threshold,
        "filters": {
            "payer_id": str(f.payer_id) if f.payer_id else None,
            "provider_id": str(f.provider_id) if f.provider_id else None,
            "lookback_days": rule.lookback_days,
            "date_from": f.date_from.isoformat() if f.date_from else None,
            "date_to": f.date_to.isoformat() if f.date_to else None,
        },
        "fired_at": now.isoformat(),
    }


def _fire(
    session: Session, ctx: AuthContext, rule: AlertRule, found: Measurement, now: datetime
) -> AlertEvent:
    assert found.value is not None  # a condition without a value never holds
    event_id = uuid.uuid4()
    event = AlertEvent(
        id=event_id,
        rule_id=rule.id,
        metric=rule.metric,
        value=found.value,
        threshold=rule.threshold,
        comparator=rule.comparator,
        fired_at=now,
        payload=payload(rule, event_id, found, now),
        status=DeliveryStatus.pending,
        attempts=0,
        last_error="",
        next_attempt_at=now,
    )
    records.create(session, ctx, AlertEventRepository(session, ctx), event, "alert.fired")
    enqueue(session, "alerts.deliver", event_id=event.id, org_id=ctx.org_id)
    return event


def evaluate_rules(session: Session, ctx: AuthContext, now: datetime) -> EvaluationResult:
    """Every active rule of the org, KPIs computed once per source and filter set."""
    reader, result = MetricReader(session, ctx, now.date()), EvaluationResult()
    for rule in AlertRuleRepository(session, ctx).active():
        found = measure(session, ctx, rule, now, reader)
        state: dict[str, Any] = {"condition_met": found.condition_met}
        if should_fire(rule, found.condition_met, now):
            result.fired.append(_fire(session, ctx, rule, found, now).id)
            state["last_fired_at"] = now
        if any(getattr(rule, k) != v for k, v in state.items()):  # the condition flipped, or it fired
            records.update(session, ctx, rule, state, "alert_rule.evaluated")
        result.evaluated += 1
    result.kpi_queries = reader.calls
    return result
