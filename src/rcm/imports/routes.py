from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, UploadFile
from fastapi.responses import StreamingResponse

from rcm.auth.permissions import Action
from rcm.imports import service
from rcm.imports.schemas import ImportRead
from rcm.jobs.models import Job
from rcm.routing import SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/imports", tags=["imports"])
ImportsRun = Annotated[AuthContext, permission(Action.imports_run)]


@router.post("/claims", response_model=ImportRead, status_code=202)
def import_claims(file: UploadFile, ctx: ImportsRun, session: SessionDep) -> Job:
    """Import a claims CSV (one claim per row): stored now, imported by a job (poll `GET /imports/{id}`)."""
    content = file.file.read(service.MAX_UPLOAD + 1)  # a sync route: the read blocks a worker thread only
    return service.start_claims_import(session, ctx, file.filename or "claims.csv", content)


@router.get("/{job_id}", response_model=ImportRead)
def get_import(job_id: uuid.UUID, ctx: ImportsRun, session: SessionDep) -> Job:
    """An import's status, rows processed so far, and (when done) its counts and quarantine summary."""
    return service.get_import(session, ctx, job_id)


@router.get("/{job_id}/quarantine.csv", response_class=StreamingResponse)
def download_quarantine(job_id: uuid.UUID, ctx: ImportsRun, session: SessionDep) -> StreamingResponse:
    """The quarantined rows with their row numbers and reasons; fix the cells and import this file again."""
    rows = service.quarantine_csv(session, ctx, job_id)
    headers = {"Content-Disposition": f'attachment; filename="import-{job_id}-quarantine.csv"'}
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers=headers)
