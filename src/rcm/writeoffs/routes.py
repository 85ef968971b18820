from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext
from rcm.writeoffs import service
from rcm.writeoffs.models import WriteOff, WriteOffStatus
from rcm.writeoffs.schemas import WriteOffCreate, WriteOffDecision, WriteOffRead

router = APIRouter(tags=["write-offs"])
Request = Annotated[AuthContext, permission(Action.writeoffs_request)]
Approve = Annotated[AuthContext, permission(Action.writeoffs_approve)]
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read)]


@router.post("/claims/{claim_id}/write-offs", response_model=WriteOffRead, status_code=201)
def request_write_off(
    claim_id: uuid.UUID, body: WriteOffCreate, ctx: Request, session: SessionDep
) -> WriteOff:
    """Write off part or all of a claim's open balance; above the org threshold it waits for approval."""
    return service.request_write_off(session, ctx, claim_id, body)


@router.get("/claims/{claim_id}/write-offs", response_model=list[WriteOffRead])
def claim_write_offs(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> list[WriteOff]:
    """A claim's write-offs."""
    return service.write_offs_of_claim(session, ctx, claim_id)


@router.get("/write-offs", response_model=PageOut[WriteOffRead])
def list_write_offs(
    ctx: Request, session: SessionDep, page: PageDep, status: WriteOffStatus | None = None
) -> object:
    """Write-offs, e.g. those pending approval."""
    return service.list_write_offs(session, ctx, page, status)


@router.post("/write-offs/{write_off_id}/approve", response_model=WriteOffRead)
def approve(write_off_id: uuid.UUID, body: WriteOffDecision, ctx: Approve, session: SessionDep) -> WriteOff:
    """Approve a write-off above the threshold (a practice admin other than the requester)."""
    return service.approve(session, ctx, write_off_id, body.note)


@router.post("/write-offs/{write_off_id}/reject", response_model=WriteOffRead)
def reject(write_off_id: uuid.UUID, body: WriteOffDecision, ctx: Approve, session: SessionDep) -> WriteOff:
    """Reject a write-off waiting for approval."""
    return service.reject(session, ctx, write_off_id, body.note)
