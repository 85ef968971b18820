"""Jobs of the EDI domain: send an outbound batch, poll the clearinghouse."""

from __future__ import annotations

import uuid

from rcm.batches import transport
from rcm.db import unit_of_work
from rcm.jobs.queue import enqueue, task
from rcm.orgs import service as orgs
from rcm.tenancy import AuthContext


@task("batches.send")
def send_batch(*, batch_id: str, org_id: str) -> None:
    with unit_of_work() as session:
        transport.send_batch(session, AuthContext.system(uuid.UUID(str(org_id))), uuid.UUID(str(batch_id)))


@task("batches.poll")
def poll_clearinghouse(*, org_id: str) -> dict[str, int]:
    """Ingest the clearinghouse's answers for one org, and retry batches that failed to send."""
    org = uuid.UUID(str(org_id))
    result = transport.poll(org)
    with unit_of_work() as session:
        for batch_id in transport.resend_unsent(session, AuthContext.system(org)):
            enqueue(session, "batches.send", batch_id=batch_id, org_id=org)
    return {
        "files": result.files,
        "processed": result.processed,
        "duplicates": result.duplicates,
        "failed": result.failed,
    }


@task("batches.poll_all")
def poll_all_orgs() -> int:
    """The scheduled entry point: one poll job per organization."""
    with unit_of_work() as session:
        org_ids = orgs.all_organization_ids(session)
        for org_id in org_ids:
            enqueue(session, "batches.poll", org_id=org_id)
    return len(org_ids)
