from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import JSONResponse

from rcm.auth.permissions import Action
from rcm.jobs import service as jobs
from rcm.jobs.models import Job
from rcm.pagination import PageOut
from rcm.payments import eras, ledger, manual, service
from rcm.payments.models import Remittance, UnmatchedRemittanceClaim
from rcm.payments.schemas import (
    ClaimPaymentsRead,
    DismissRequest,
    JobRead,
    LedgerRead,
    MatchRequest,
    PostingResult,
    ReconcileRequest,
    RemittanceDetail,
    RemittanceRead,
    UnmatchedRead,
)
from rcm.routing import CurrentContext, PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(tags=["payments"])
PostEra = Annotated[AuthContext, permission(Action.payments_post_era)]
PaymentsRead = Annotated[AuthContext, permission(Action.payments_read, Action.payments_read_own)]
LedgerCheck = Annotated[AuthContext, permission(Action.ledger_check)]
MAX_UPLOAD = 512 * 1024 * 1024


@router.post("/eras", response_model=PostingResult, responses={422: {"description": "stored, not postable"}})
async def post_era(
    file: UploadFile,
    ctx: PostEra,
    session: SessionDep,
    dry_run: Annotated[bool, Query(description="report only; store and change nothing")] = False,
) -> Any:
    """Post an 835: matched claims get payments, adjustments, statuses and denials; the rest is queued."""
    content = (await file.read(MAX_UPLOAD + 1))[:MAX_UPLOAD]
    if dry_run:
        return JSONResponse(eras.dry_run(session, ctx, content))
    result = eras.post_file(session, ctx, file.filename or "era.835", content, source="upload")
    if result.error is not None:
        return JSONResponse(status_code=422, content=result.error.to_dict())  # the file stays stored
    return PostingResult(
        batch_id=result.batch.id,
        duplicate=result.duplicate or bool(result.summary.get("duplicate")),
        summary=result.summary,
    )


@router.post("/eras/batch", response_model=JobRead, status_code=202)
async def post_eras(files: list[UploadFile], ctx: PostEra, session: SessionDep) -> Job:
    """Post many 835 files: they are stored at once and posted by a job (poll `GET /jobs/{id}`)."""
    uploads = [
        (f.filename or f"era-{n}.835", (await f.read(MAX_UPLOAD + 1))[:MAX_UPLOAD])
        for n, f in enumerate(files)
    ]
    return eras.post_files(session, ctx, uploads)


@router.get("/jobs/{job_id}", response_model=JobRead)
def get_job(job_id: uuid.UUID, ctx: CurrentContext, session: SessionDep) -> Job:
    """A background job's status, progress and result."""
    return jobs.get_job(session, ctx, job_id)


@router.get("/remittances", response_model=PageOut[RemittanceRead])
def list_remittances(ctx: PaymentsRead, session: SessionDep, page: PageDep) -> object:
    """Posted ERAs, newest first."""
    return service.list_remittances(session, ctx, page)


@router.get("/remittances/{remittance_id}", response_model=RemittanceDetail)
def get_remittance(remittance_id: uuid.UUID, ctx: PaymentsRead, session: SessionDep) -> RemittanceDetail:
    """One ERA with its provider-level (PLB) adjustments."""
    remittance = service.get_remittance(session, ctx, remittance_id)
    plb = service.provider_adjustments(session, ctx, remittance_id)
    return RemittanceDetail.model_validate(
        {"remittance": remittance, "provider_adjustments": plb}, from_attributes=True
    )


@router.post("/remittances/{remittance_id}/reconcile", response_model=RemittanceRead)
def reconcile(
    remittance_id: uuid.UUID, body: ReconcileRequest, ctx: PostEra, session: SessionDep
) -> Remittance:
    """Tie the ERA to its bank deposit; the amounts must agree."""
    return eras.reconcile(
        session, ctx, remittance_id, body.deposit_reference, body.deposit_date, body.deposit_cents
    )


@router.get("/claims/{claim_id}/payments", response_model=ClaimPaymentsRead)
def claim_payments(claim_id: uuid.UUID, ctx: PaymentsRead, session: SessionDep) -> ClaimPaymentsRead:
    """Payments and CAS adjustments posted to a claim."""
    return ClaimPaymentsRead.model_validate(
        {
            "payments": service.payments_of_claim(session, ctx, claim_id),
            "adjustments": service.adjustments_of_claim(session, ctx, claim_id),
        },
        from_attributes=True,
    )


@router.get("/unmatched", response_model=PageOut[UnmatchedRead])
def list_unmatched(ctx: PostEra, session: SessionDep, page: PageDep) -> object:
    """ERA claims that matched no claim, waiting to be matched by hand."""
    return manual.list_unmatched(session, ctx, page)


@router.post("/unmatched/{row_id}/match", response_model=UnmatchedRead)
def match_unmatched(
    row_id: uuid.UUID, body: MatchRequest, ctx: PostEra, session: SessionDep
) -> UnmatchedRemittanceClaim:
    """Post a kept ERA claim onto the claim you picked."""
    return manual.match_by_hand(session, ctx, row_id, body.claim_id)


@router.post("/unmatched/{row_id}/dismiss", response_model=UnmatchedRead)
def dismiss_unmatched(
    row_id: uuid.UUID, body: DismissRequest, ctx: PostEra, session: SessionDep
) -> UnmatchedRemittanceClaim:
    """Close an unmatched ERA claim that needs no posting (with a reason)."""
    return manual.dismiss(session, ctx, row_id, body.note)


@router.get("/admin/ledger/check", response_model=LedgerRead)
def ledger_check(ctx: LedgerCheck, session: SessionDep) -> ledger.LedgerReport:
    """Check every claim: charge = paid + adjustments + patient responsibility + open balance."""
    return ledger.check_ledger(session, ctx)
