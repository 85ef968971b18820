from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, UploadFile
from fastapi.responses import JSONResponse, Response

from rcm.auth.permissions import Action
from rcm.batches import inbound, service, status_inquiry
from rcm.batches.models import Batch, BatchDirection, BatchKind, ClaimAcknowledgment
from rcm.batches.schemas import (
    AcknowledgmentRead,
    BatchRead,
    IngestRead,
    StatusInquiryRequest,
    SubmitOne,
    SubmitRequest,
)
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(tags=["edi"])
ClaimsSubmit = Annotated[AuthContext, permission(Action.claims_submit)]
BatchesRead = Annotated[AuthContext, permission(Action.batches_read)]
RecordOutcome = Annotated[AuthContext, permission(Action.claims_record_outcome)]
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read)]
MAX_UPLOAD = 512 * 1024 * 1024


@router.post("/claims/{claim_id}/submit", response_model=list[BatchRead], status_code=201)
def submit_claim(claim_id: uuid.UUID, body: SubmitOne, ctx: ClaimsSubmit, session: SessionDep) -> list[Batch]:
    """Submit one Scrubbed claim (or resubmit a Denied one) in its own 837; sent after commit."""
    return service.submit_claims(session, ctx, [claim_id], reason=body.reason)


@router.post("/batches/837", response_model=list[BatchRead], status_code=201)
def submit_batch(body: SubmitRequest, ctx: ClaimsSubmit, session: SessionDep) -> list[Batch]:
    """Submit many claims: one 837P and/or one 837I file, with fresh ISA/GS/ST control numbers."""
    return service.submit_claims(session, ctx, body.claim_ids, reason=body.reason)


@router.get("/batches", response_model=PageOut[BatchRead])
def list_batches(
    ctx: BatchesRead,
    session: SessionDep,
    page: PageDep,
    kind: BatchKind | None = None,
    direction: BatchDirection | None = None,
) -> object:
    """X12 files sent and received, newest first."""
    return service.list_batches(session, ctx, page, kind, direction)


@router.get("/batches/{batch_id}", response_model=BatchRead)
def get_batch(batch_id: uuid.UUID, ctx: BatchesRead, session: SessionDep) -> Batch:
    """One X12 file's record: control numbers, status, what processing found."""
    return service.get_batch(session, ctx, batch_id)


@router.get("/batches/{batch_id}/content", response_class=Response)
def batch_content(batch_id: uuid.UUID, ctx: BatchesRead, session: SessionDep) -> Response:
    """The X12 file itself."""
    batch, content = service.batch_content(session, ctx, batch_id)
    return Response(
        content,
        media_type="application/edi-x12",
        headers={"Content-Disposition": f'attachment; filename="{batch.filename}"'},
    )


@router.post(
    "/edi/inbound", response_model=IngestRead, responses={422: {"description": "stored, not processable"}}
)
async def upload_inbound(file: UploadFile, ctx: RecordOutcome, session: SessionDep) -> object:
    """Upload a 999, 277CA, 277, 835 or TA1 file; it is stored, then processed (the same file twice: once)."""
    content = await file.read(MAX_UPLOAD + 1)
    result = inbound.ingest(
        session, ctx, file.filename or "upload.x12", content[:MAX_UPLOAD], source="upload"
    )
    if result.error is not None:
        # Answer 422 while the file and its failed-batch record are still committed: nothing is lost.
        return JSONResponse(status_code=422, content=result.error.to_dict())
    return IngestRead(
        batch=BatchRead.model_validate(result.batch), duplicate=result.duplicate, summary=result.summary
    )


@router.get("/claims/{claim_id}/acknowledgments", response_model=list[AcknowledgmentRead])
def claim_acknowledgments(
    claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep
) -> list[ClaimAcknowledgment]:
    """Every 999 / 277CA / 277 answer about the claim."""
    return status_inquiry.acknowledgments_of(session, ctx, claim_id)


@router.post("/claims/status-inquiry", response_model=BatchRead, status_code=201)
def claim_status_inquiry(body: StatusInquiryRequest, ctx: RecordOutcome, session: SessionDep) -> Batch:
    """Build a 276 claim status request for the claims; the 277 answers update their history."""
    return status_inquiry.request_status(session, ctx, body.claim_ids)
