"""Jobs of the alerts domain: scheduled evaluation per organization, webhook delivery and retries."""

from __future__ import annotations

import uuid
from datetime import datetime

from rcm.alerts import delivery, evaluation
from rcm.db import unit_of_work, utcnow
from rcm.jobs.queue import enqueue, task
from rcm.orgs import service as orgs
from rcm.tenancy import AuthContext


def _at(now: str | None) -> datetime:
    return datetime.fromisoformat(now) if now else utcnow()


@task("alerts.evaluate")
def evaluate(*, now: str | None = None) -> int:
    """The scheduled entry point: one evaluation job per organization, all at the same instant."""
    at = _at(now).isoformat()
    with unit_of_work() as session:
        org_ids = orgs.all_organization_ids(session)
        for org_id in org_ids:
            enqueue(session, "alerts.evaluate_org", org_id=org_id, now=at)
    return len(org_ids)


@task("alerts.evaluate_org")
def evaluate_org(*, org_id: str, now: str | None = None) -> dict[str, int]:
    with unit_of_work() as session:
        ctx = AuthContext.system(uuid.UUID(str(org_id)))
        result = evaluation.evaluate_rules(session, ctx, _at(now))
    return {"evaluated": result.evaluated, "fired": len(result.fired), "kpi_queries": result.kpi_queries}


@task("alerts.deliver")
def deliver(*, event_id: str, org_id: str, now: str | None = None) -> str | None:
    at = datetime.fromisoformat(now) if now else None
    status = delivery.deliver_event(uuid.UUID(str(org_id)), uuid.UUID(str(event_id)), now=at)
    return None if status is None else status.value


@task("alerts.deliver_pending")
def deliver_pending(*, now: str | None = None) -> int:
    """The scheduled retry sweep: queue one delivery job per due event of every organization."""
    at, queued = _at(now), 0
    # A given `now` (tests, replays) travels with each job; otherwise each job reads the clock.
    with unit_of_work() as session:
        for org_id in orgs.all_organization_ids(session):
            for event_id in delivery.due_event_ids(session, AuthContext.system(org_id), at):
                enqueue(session, "alerts.deliver", event_id=event_id, org_id=org_id, now=now)
                queued += 1
    return queued
