"""Alert rules: threshold conditions on a KPI, managed per organization; their fired events.

The webhook secret is write-only: it is never returned, and the audit log records only that it
changed, never its value.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm.alerts import evaluation
from rcm.alerts.metrics import UNFILTERED
from rcm.alerts.models import AlertEvent, AlertMetric, AlertRule, DeliveryStatus
from rcm.alerts.repository import AlertEventRepository, AlertRuleRepository
from rcm.alerts.schemas import AlertRuleCreate, AlertRuleUpdate, AlertTestResult
from rcm.audit import service as audit
from rcm.db import utcnow
from rcm.errors import Conflict, InvalidInput
from rcm.pagination import Page, PageParams
from rcm.payers import service as payers
from rcm.providers import service as providers
from rcm.tenancy import AuthContext

_SECRET = "secret"
# Changing what a rule measures starts it afresh: its next evaluation may fire at once.
_REDEFINING = {"metric", "payer_id", "provider_id", "lookback_days", "comparator", "threshold"}
_REQUIRED = {
    "name",
    "metric",
    "comparator",
    "threshold",
    "webhook_url",
    "secret",
    "cooldown_hours",
    "is_active",
}


class AlertRuleInvalid(InvalidInput):
    """An alert rule that cannot be evaluated as given."""


class AlertRuleInUse(Conflict):
    """A rule that already fired keeps its events: deactivate it instead of deleting it."""


def _masked(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: (["***", "***"] if k == _SECRET else v) for k, v in changes.items()}


def _audit(session: Session, ctx: AuthContext, rule: AlertRule, action: str, before: dict[str, Any]) -> None:
    changes = audit.diff(before, audit.snapshot(rule))
    if changes:
        audit.record(session, ctx, action, rule, changes=_masked(changes))


def _check(session: Session, ctx: AuthContext, values: dict[str, Any], rule_id: uuid.UUID | None) -> None:
    """Validate a rule's would-be values before any of them touches a mapped (flushable) row."""
    metric = AlertMetric(values["metric"])
    if metric in UNFILTERED and (values["payer_id"] or values["provider_id"] or values["lookback_days"]):
        raise AlertRuleInvalid(
            f"{metric.value} is not about claims: it takes no payer, provider or lookback filter",
            metric=metric.value,
        )
    if values["payer_id"] is not None:
        payers.get_payer(session, ctx, values["payer_id"])  # another org's payer is a 404
    if values["provider_id"] is not None:
        providers.get_provider(session, ctx, values["provider_id"])
    existing = AlertRuleRepository(session, ctx).by_name(values["name"])
    if existing is not None and existing.id != rule_id:
        raise Conflict(f"an alert rule named {values['name']!r} already exists", name=values["name"])


def create_rule(session: Session, ctx: AuthContext, data: AlertRuleCreate) -> AlertRule:
    values = {**data.model_dump(), "webhook_url": str(data.webhook_url)}
    _check(session, ctx, values, None)
    rule = AlertRule(**values, condition_met=False)
    AlertRuleRepository(session, ctx).add(rule)
    session.flush()
    _audit(session, ctx, rule, "alert_rule.created", {})
    return rule


def update_rule(session: Session, ctx: AuthContext, rule_id: uuid.UUID, data: AlertRuleUpdate) -> AlertRule:
    rule = AlertRuleRepository(session, ctx).get_or_raise(rule_id)
    values = data.model_dump(exclude_unset=True)
    nulls = sorted(k for k in _REQUIRED if k in values and values[k] is None)
    if nulls:
        raise AlertRuleInvalid(f"{', '.join(nulls)} cannot be null", fields=nulls)
    if values.get("webhook_url") is not None:
        values["webhook_url"] = str(values["webhook_url"])
    current = {k: getattr(rule, k) for k in ("name", "metric", "payer_id", "provider_id", "lookback_days")}
    _check(session, ctx, {**current, **values}, rule.id)
    if _REDEFINING & values.keys():
        values["condition_met"] = False
    before = audit.snapshot(rule)
    for key, value in values.items():
        setattr(rule, key, value)
    rule.updated_by = ctx.user_id
    session.flush()
    _audit(session, ctx, rule, "alert_rule.updated", before)
    return rule


def delete_rule(session: Session, ctx: AuthContext, rule_id: uuid.UUID) -> None:
    repo = AlertRuleRepository(session, ctx)
    rule = repo.get_or_raise(rule_id)
    fired = AlertEventRepository(session, ctx).count_for_rule(rule.id)
    if fired:
        raise AlertRuleInUse(
            f"alert rule {rule.name!r} has {fired} events; set is_active=false instead", events=fired
        )
    audit.record(
        session, ctx, "alert_rule.deleted", rule, changes=_masked(audit.diff(audit.snapshot(rule), {}))
    )
    repo.remove(rule)


def get_rule(session: Session, ctx: AuthContext, rule_id: uuid.UUID) -> AlertRule:
    return AlertRuleRepository(session, ctx).get_or_raise(rule_id)


def list_rules(session: Session, ctx: AuthContext) -> list[AlertRule]:
    return AlertRuleRepository(session, ctx).all()


def preview_rule(
    session: Session, ctx: AuthContext, rule_id: uuid.UUID, now: datetime | None = None
) -> AlertTestResult:
    """Evaluate a rule now and report its value; nothing is recorded or delivered."""
    rule = AlertRuleRepository(session, ctx).get_or_raise(rule_id)
    at = now or utcnow()
    found = evaluation.measure(session, ctx, rule, at)
    return AlertTestResult(
        rule_id=rule.id,
        metric=rule.metric,
        value=found.value,
        comparator=rule.comparator,
        threshold=rule.threshold,
        condition_met=found.condition_met,
        would_fire=evaluation.should_fire(rule, found.condition_met, at),
        date_from=found.filters.date_from,
        date_to=found.filters.date_to,
        evaluated_at=at,
    )


def list_events(
    session: Session,
    ctx: AuthContext,
    params: PageParams,
    *,
    rule_id: uuid.UUID | None = None,
    status: DeliveryStatus | None = None,
) -> Page[AlertEvent]:
    return AlertEventRepository(session, ctx).search(params, rule_id, status)
