"""Job records: what a long-running job is doing, for API clients to poll (`GET /jobs/{id}`).

Progress is written in its own short transaction so it is visible while the job still runs.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from rcm.db import unit_of_work, utcnow
from rcm.jobs.models import Job, JobStatus
from rcm.jobs.repository import JobRepository
from rcm.tenancy import AuthContext


def create_job(session: Session, ctx: AuthContext, kind: str, total: int, params: dict[str, Any]) -> Job:
    job = Job(kind=kind, status=JobStatus.queued, total=total, progress=0, params=params, result={}, error="")
    JobRepository(session, ctx).add(job)
    session.flush()
    return job


def get_job(session: Session, ctx: AuthContext, job_id: uuid.UUID) -> Job:
    return JobRepository(session, ctx).get_or_raise(job_id)


def report_progress(
    ctx: AuthContext,
    job_id: uuid.UUID,
    *,
    progress: int | None = None,
    status: JobStatus | None = None,
    result: dict[str, Any] | None = None,
    error: str = "",
) -> None:
    with unit_of_work() as session:
        job = JobRepository(session, ctx).get_or_raise(job_id)
        if progress is not None:
            job.progress = progress
        if status is JobStatus.running and job.started_at is None:
            job.started_at = utcnow()
        if status in (JobStatus.succeeded, JobStatus.failed):
            job.finished_at = utcnow()
        if status is not None:
            job.status = status
        if result is not None:
            job.result = result
        if error:
            job.error = error[:4000]
