"""Claim imports as the API sees them: start one (stored file + job), read its record and its
quarantined rows. The import itself runs in `rcm.imports.runner`, batch by batch."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

from sqlalchemy.orm import Session

from rcm import files
from rcm.audit import service as audit
from rcm.errors import InvalidInput, NotFound
from rcm.imports.quarantine import entries_from, render_csv
from rcm.imports.reader import count_rows, open_csv
from rcm.jobs import service as jobs
from rcm.jobs.models import Job
from rcm.jobs.queue import enqueue
from rcm.tenancy import AuthContext

KIND = "imports.claims"
MAX_UPLOAD = 512 * 1024 * 1024


def _params(ctx: AuthContext, filename: str, source: str, **extra: object) -> dict[str, object]:
    return {
        "filename": files.safe_name(filename),
        "source": source,
        "user_id": str(ctx.user_id) if ctx.user_id else None,
        "role": ctx.role.value,
        **extra,
    }


def start_claims_import(session: Session, ctx: AuthContext, filename: str, content: bytes) -> Job:
    """Check the header row now (a file we cannot read is refused at once), store the file, and
    queue the import; it runs after this transaction commits."""
    if len(content) > MAX_UPLOAD:
        raise InvalidInput(
            f"the file is larger than {MAX_UPLOAD // 2**20} MiB; import it with `rcm import claims`",
            limit_bytes=MAX_UPLOAD,
        )
    open_csv(io.BytesIO(content), filename)
    stored = files.store(ctx.org_id, filename, content)
    params = _params(ctx, filename, "upload", file_key=stored.key, sha256=stored.sha256, size=stored.size)
    job = jobs.create_job(session, ctx, KIND, count_rows(io.BytesIO(content)), params)
    audit.record(session, ctx, "import.queued", job, changes={"file": [None, params["filename"]]})
    enqueue(session, KIND, job_id=job.id, org_id=ctx.org_id)
    return job


def register_local_import(session: Session, ctx: AuthContext, filename: str, total: int) -> Job:
    """The job record of an import run from the command line (the file stays where it is)."""
    params = _params(ctx, filename, "cli")
    job = jobs.create_job(session, ctx, KIND, total, params)
    audit.record(session, ctx, "import.started", job, changes={"file": [None, params["filename"]]})
    return job


def get_import(session: Session, ctx: AuthContext, job_id: uuid.UUID) -> Job:
    job = jobs.get_job(session, ctx, job_id)
    if job.kind != KIND:
        raise NotFound(f"import {job_id} not found", id=str(job_id))
    return job


def quarantine_csv(session: Session, ctx: AuthContext, job_id: uuid.UUID) -> Iterator[str]:
    """The quarantined rows of an import as CSV (row, reason, column, then the file's own columns)."""
    job = get_import(session, ctx, job_id)
    key, headers = job.result.get("quarantine_file"), list(job.result.get("headers", []))
    content = files.read(key) if key else b""
    return render_csv(entries_from(content), headers)


def record_finished(session: Session, ctx: AuthContext, job_id: uuid.UUID, result: dict[str, object]) -> None:
    """The import's own audit event, with its counts (each claim has its own events too)."""
    job = get_import(session, ctx, job_id)
    counts = {k: [None, result[k]] for k in ("rows", "created", "updated", "unchanged", "quarantined")}
    audit.record(session, ctx, "import.finished", job, changes=counts, reason=f"import of {result['file']}")
