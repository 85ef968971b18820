"""ERA intake for the API and CLI: one file (optionally a dry run), or many files as a job."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from rcm import records
from rcm.batches import inbound
from rcm.batches.inbound import IngestResult
from rcm.db import utcnow
from rcm.errors import BusinessRuleViolation
from rcm.jobs import service as jobs
from rcm.jobs.models import Job, JobStatus
from rcm.jobs.queue import enqueue
from rcm.payments.models import Remittance
from rcm.payments.posting import post_era
from rcm.payments.repository import RemittanceRepository
from rcm.tenancy import AuthContext


class ReconciliationMismatch(BusinessRuleViolation):
    """The bank deposit does not equal the remittance's payment amount (BPR02)."""


def dry_run(session: Session, ctx: AuthContext, content: bytes) -> dict[str, Any]:
    """What posting would do; nothing is stored or changed."""
    return post_era(session, ctx, content, dry_run=True).as_dict()


def post_file(
    session: Session, ctx: AuthContext, filename: str, content: bytes, *, source: str
) -> IngestResult:
    return inbound.ingest(session, ctx, filename, content, source=source)


def post_files(session: Session, ctx: AuthContext, uploads: list[tuple[str, bytes]]) -> Job:
    """Store every file now (nothing is lost), post them in a job that reports progress."""
    batch_ids = []
    for name, content in uploads:
        result = inbound.ingest(session, ctx, name, content, source="upload", process=False)
        batch_ids.append(str(result.batch.id))
    job = jobs.create_job(session, ctx, "payments.post_files", len(batch_ids), {"batch_ids": batch_ids})
    enqueue(session, "payments.post_files", job_id=job.id, org_id=ctx.org_id)
    return job


def run_post_files(ctx: AuthContext, job_id: uuid.UUID) -> dict[str, Any]:
    """The job: each file in its own transaction, so one bad file does not undo the others."""
    from rcm.db import unit_of_work

    with unit_of_work() as session:
        batch_ids = [uuid.UUID(b) for b in jobs.get_job(session, ctx, job_id).params["batch_ids"]]
    jobs.report_progress(ctx, job_id, status=JobStatus.running)
    files: list[dict[str, Any]] = []
    for done, batch_id in enumerate(batch_ids, start=1):
        with unit_of_work() as session:
            result = inbound.process_stored(session, ctx, batch_id)
            files.append(
                {
                    "batch_id": str(batch_id),
                    "filename": result.batch.filename,
                    "status": result.batch.status.value,
                    "error": result.error.detail if result.error else None,
                    **_totals(result.summary),
                }
            )
        jobs.report_progress(ctx, job_id, progress=done)
    summary = {
        "files": files,
        "posted": sum(1 for f in files if f["status"] == "processed"),
        "failed": sum(1 for f in files if f["status"] == "failed"),
    }
    jobs.report_progress(ctx, job_id, status=JobStatus.succeeded, result=summary)
    return summary


def _totals(summary: dict[str, Any]) -> dict[str, Any]:
    remittances = summary.get("remittances", [])
    return {
        "claims": sum(r["claims"] for r in remittances),
        "matched": sum(r["matched"] for r in remittances),
        "unmatched": sum(r["unmatched"] for r in remittances),
        "paid_cents": sum(r["paid_cents"] for r in remittances),
    }


def reconcile(
    session: Session,
    ctx: AuthContext,
    remittance_id: uuid.UUID,
    reference: str,
    deposit_date: Any,
    deposit_cents: int,
) -> Remittance:
    remittance = RemittanceRepository(session, ctx).get_or_raise(remittance_id, for_update=True)
    if deposit_cents != remittance.payment_cents:
        raise ReconciliationMismatch(
            f"the deposit ({deposit_cents}) differs from the ERA payment ({remittance.payment_cents})",
            difference_cents=deposit_cents - remittance.payment_cents,
        )
    return records.update(
        session,
        ctx,
        remittance,
        {"deposit_reference": reference, "deposit_date": deposit_date, "reconciled_at": utcnow()},
        "remittance.reconciled",
    )
