"""`/alerts/...`: threshold rules on KPIs (practice admins) and the events they fired."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Response

from rcm.alerts import delivery, service
from rcm.alerts.models import AlertEvent, AlertRule, DeliveryStatus
from rcm.alerts.schemas import (
    AlertEventRead,
    AlertRuleCreate,
    AlertRuleRead,
    AlertRuleUpdate,
    AlertTestResult,
)
from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/alerts", tags=["alerts"])
Configure = Annotated[AuthContext, permission(Action.org_configure)]
Analytics = Annotated[AuthContext, permission(Action.analytics_read)]


@router.get("/rules", response_model=list[AlertRuleRead])
def list_rules(ctx: Configure, session: SessionDep) -> list[AlertRule]:
    """The organization's alert rules (the webhook secret is never shown)."""
    return service.list_rules(session, ctx)


@router.post("/rules", response_model=AlertRuleRead, status_code=201)
def create_rule(body: AlertRuleCreate, ctx: Configure, session: SessionDep) -> AlertRule:
    """A threshold on a KPI, e.g. denial rate of one payer over the last 30 days > 15."""
    return service.create_rule(session, ctx, body)


@router.get("/rules/{rule_id}", response_model=AlertRuleRead)
def get_rule(rule_id: uuid.UUID, ctx: Configure, session: SessionDep) -> AlertRule:
    """One alert rule with its evaluation state."""
    return service.get_rule(session, ctx, rule_id)


@router.patch("/rules/{rule_id}", response_model=AlertRuleRead)
def update_rule(rule_id: uuid.UUID, body: AlertRuleUpdate, ctx: Configure, session: SessionDep) -> AlertRule:
    """Change a rule; changing what it measures resets its state, so it may fire at the next run."""
    return service.update_rule(session, ctx, rule_id, body)


@router.delete("/rules/{rule_id}", status_code=204)
def delete_rule(rule_id: uuid.UUID, ctx: Configure, session: SessionDep) -> Response:
    """Delete a rule that never fired (one with events is deactivated instead: 409)."""
    service.delete_rule(session, ctx, rule_id)
    return Response(status_code=204)


@router.post("/rules/{rule_id}/test", response_model=AlertTestResult)
def test_rule(rule_id: uuid.UUID, ctx: Configure, session: SessionDep) -> AlertTestResult:
    """Evaluate the rule now and return its value; records and delivers nothing."""
    return service.preview_rule(session, ctx, rule_id)


@router.get("/events", response_model=PageOut[AlertEventRead])
def list_events(
    ctx: Analytics,
    session: SessionDep,
    page: PageDep,
    rule_id: uuid.UUID | None = None,
    status: DeliveryStatus | None = None,
) -> object:
    """Fired alerts, newest first, with their delivery status and attempts."""
    return service.list_events(session, ctx, page, rule_id=rule_id, status=status)


@router.post("/events/{event_id}/redeliver", response_model=AlertEventRead)
def redeliver(event_id: uuid.UUID, ctx: Configure, session: SessionDep) -> AlertEvent:
    """Queue a failed event for delivery again, with a fresh set of attempts."""
    return delivery.redeliver(session, ctx, event_id)
