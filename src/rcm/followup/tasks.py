"""Jobs of the AR follow-up domain: the daily refresh of every organization's follow-up queues."""

from __future__ import annotations

import uuid
from datetime import datetime

from rcm.db import unit_of_work, utcnow
from rcm.followup import refresh
from rcm.jobs.queue import enqueue, task
from rcm.orgs import service as orgs
from rcm.tenancy import AuthContext


@task("followup.refresh")
def refresh_all(*, now: str | None = None) -> int:
    """The scheduled entry point: one refresh job per organization."""
    with unit_of_work() as session:
        org_ids = orgs.all_organization_ids(session)
        for org_id in org_ids:
            enqueue(session, "followup.refresh_org", org_id=org_id, now=now)
    return len(org_ids)


@task("followup.refresh_org")
def refresh_org(*, org_id: str, now: str | None = None) -> dict[str, int]:
    with unit_of_work() as session:
        ctx = AuthContext.system(uuid.UUID(str(org_id)))
        result = refresh.refresh(session, ctx, now=datetime.fromisoformat(now) if now else utcnow())
    return result.model_dump()
