"""Jobs of the appeals domain: send a submitted appeal, run the deadline monitor."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import date

from rcm.appeals import monitor, submission
from rcm.db import unit_of_work, utcnow
from rcm.jobs.queue import enqueue, task
from rcm.orgs import service as orgs
from rcm.tenancy import AuthContext


@task("appeals.send")
def send_appeal(*, appeal_id: str, org_id: str) -> None:
    with unit_of_work() as session:
        ctx = AuthContext.system(uuid.UUID(str(org_id)))
        submission.send_appeal(session, ctx, uuid.UUID(str(appeal_id)))


@task("appeals.deadline_monitor")
def deadline_monitor(*, today: str | None = None, within_days: str | int | None = None) -> int:
    """The scheduled entry point: one monitor job per organization, all for the same day."""
    day = today or utcnow().date().isoformat()
    with unit_of_work() as session:
        org_ids = orgs.all_organization_ids(session)
        for org_id in org_ids:
            enqueue(session, "appeals.monitor_org", org_id=org_id, today=day, within_days=within_days)
    return len(org_ids)


@task("appeals.monitor_org")
def monitor_org(*, org_id: str, today: str, within_days: str | int | None = None) -> dict[str, int]:
    with unit_of_work() as session:
        result = monitor.run(
            session,
            AuthContext.system(uuid.UUID(str(org_id))),
            today=date.fromisoformat(str(today)),
            within_days=int(within_days) if within_days else monitor.ESCALATE_WITHIN_DAYS,
        )
    return asdict(result)
