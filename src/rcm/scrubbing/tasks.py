"""Batch scrubbing as a job with progress (thousands of claims, in chunks)."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from rcm.db import unit_of_work
from rcm.jobs import service as jobs
from rcm.jobs.models import JobStatus
from rcm.jobs.queue import task
from rcm.scrubbing import service
from rcm.tenancy import AuthContext

CHUNK = 500


@task("scrubbing.scrub_batch")
def scrub_batch(*, job_id: str, org_id: str) -> dict[str, Any]:
    ctx = AuthContext.system(uuid.UUID(str(org_id)))
    job_uuid = uuid.UUID(str(job_id))
    with unit_of_work() as session:
        claim_ids = [uuid.UUID(c) for c in jobs.get_job(session, ctx, job_uuid).params["claim_ids"]]
    jobs.report_progress(ctx, job_uuid, status=JobStatus.running)
    totals: Counter[str] = Counter()
    for start in range(0, len(claim_ids), CHUNK):
        with unit_of_work() as session:  # one transaction per chunk: progress survives a later failure
            for outcome in service.scrub_claims(session, ctx, claim_ids[start : start + CHUNK]):
                totals["blocked" if outcome.result.blocking else "clean"] += 1
                totals[f"status_{outcome.claim.status.value}"] += 1
        jobs.report_progress(ctx, job_uuid, progress=min(start + CHUNK, len(claim_ids)))
    result = dict(totals)
    jobs.report_progress(ctx, job_uuid, status=JobStatus.succeeded, result=result)
    return result
