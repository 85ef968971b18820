from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import Response

from rcm.appeals import documents, service, submission
from rcm.appeals.schemas import AppealCreate, AppealOutcome, AppealRead, AttachmentRead
from rcm.auth.permissions import Action
from rcm.denials.models import Appeal, AppealAttachment, AppealStatus
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(tags=["appeals"])
DenialsRead = Annotated[AuthContext, permission(Action.denials_read)]
DenialsWrite = Annotated[AuthContext, permission(Action.denials_write)]
AppealsSubmit = Annotated[AuthContext, permission(Action.appeals_submit)]
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "the appeal letter"}
}


@router.post("/denials/{denial_id}/appeals", response_model=AppealRead, status_code=201)
def open_appeal(denial_id: uuid.UUID, body: AppealCreate, ctx: AppealsSubmit, session: SessionDep) -> Appeal:
    """Open an appeal of an open denial before its appeal deadline (the denial becomes Pending)."""
    return service.open_appeal(session, ctx, denial_id, body)


@router.get("/denials/{denial_id}/appeals", response_model=list[AppealRead])
def denial_appeals(denial_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> list[Appeal]:
    """Every appeal of one denial, by level."""
    return service.appeals_of_denial(session, ctx, denial_id)


@router.get("/appeals", response_model=PageOut[AppealRead])
def list_appeals(
    ctx: DenialsRead, session: SessionDep, page: PageDep, status: AppealStatus | None = None
) -> object:
    """Appeals, the nearest deadline first."""
    return service.list_appeals(session, ctx, page, status)


@router.get("/appeals/{appeal_id}", response_model=AppealRead)
def get_appeal(appeal_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> Appeal:
    """One appeal: level, deadline, argument, submission and outcome."""
    return service.get_appeal(session, ctx, appeal_id)


@router.post("/appeals/{appeal_id}/attachments", response_model=AttachmentRead, status_code=201)
def add_attachment(
    appeal_id: uuid.UUID, file: UploadFile, ctx: DenialsWrite, session: SessionDep
) -> AppealAttachment:
    """Attach a supporting document (multipart `file`, up to 20 MiB) to an appeal not yet submitted."""
    content = file.file.read(documents.MAX_ATTACHMENT_BYTES + 1)
    return documents.add_attachment(
        session, ctx, appeal_id, file.filename or "", file.content_type or "", content
    )


@router.get("/appeals/{appeal_id}/attachments", response_model=list[AttachmentRead])
def list_attachments(appeal_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> list[AppealAttachment]:
    """The appeal's attachments in upload order."""
    return documents.list_attachments(session, ctx, appeal_id)


@router.get("/appeals/{appeal_id}/attachments/{attachment_id}", response_class=Response)
def download_attachment(
    appeal_id: uuid.UUID, attachment_id: uuid.UUID, ctx: DenialsRead, session: SessionDep
) -> Response:
    """Download one attachment, with the content type it was uploaded with."""
    found, content = documents.attachment_content(session, ctx, appeal_id, attachment_id)
    disposition = f'attachment; filename="{found.filename}"'
    return Response(content, media_type=found.content_type, headers={"Content-Disposition": disposition})


@router.post("/appeals/{appeal_id}/letter", response_model=AppealRead)
def generate_letter(appeal_id: uuid.UUID, ctx: DenialsWrite, session: SessionDep) -> Appeal:
    """Generate (or regenerate) the appeal letter PDF from the claim, the denial and the argument."""
    return documents.generate_letter(session, ctx, appeal_id)


@router.get("/appeals/{appeal_id}/letter", response_class=Response, responses=PDF)
def download_letter(appeal_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> Response:
    """The appeal letter as a PDF."""
    appeal, content = documents.letter_content(session, ctx, appeal_id)
    disposition = f'inline; filename="appeal-{appeal.id.hex[:12]}.pdf"'
    return Response(content, media_type="application/pdf", headers={"Content-Disposition": disposition})


@router.post("/appeals/{appeal_id}/submit", response_model=AppealRead)
def submit_appeal(appeal_id: uuid.UUID, ctx: AppealsSubmit, session: SessionDep) -> Appeal:
    """Submit before the deadline: the letter and attachments go to the clearinghouse after commit."""
    return submission.submit_appeal(session, ctx, appeal_id)


@router.post("/appeals/{appeal_id}/outcome", response_model=AppealRead)
def record_outcome(
    appeal_id: uuid.UUID, body: AppealOutcome, ctx: AppealsSubmit, session: SessionDep
) -> Appeal:
    """Record the payer's decision (Won with the recovered amount, or Lost); the denial is closed."""
    return service.record_outcome(session, ctx, appeal_id, body)
