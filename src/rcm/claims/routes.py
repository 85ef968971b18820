from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from rcm.auth import service as auth_service
from rcm.auth.permissions import Action
from rcm.claims import lifecycle, service
from rcm.claims.models import Claim
from rcm.claims.repository import ClaimFilters
from rcm.claims.schemas import (
    ClaimCreate,
    ClaimRead,
    ClaimSummary,
    ClaimUpdate,
    HistoryEntry,
    TransitionRequest,
    TransitionsRead,
)
from rcm.claims.state_machine import ClaimStatus
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/claims", tags=["claims"])
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read, Action.claims_read_own)]
ClaimsWrite = Annotated[AuthContext, permission(Action.claims_write)]
ClaimsVoid = Annotated[AuthContext, permission(Action.claims_void)]


@router.post("", response_model=ClaimRead, status_code=201)
def create_claim(body: ClaimCreate, ctx: ClaimsWrite, session: SessionDep) -> Claim:
    """Create a Draft claim with its lines; totals are derived from the lines."""
    return service.create_claim(session, ctx, body)


@router.get("", response_model=PageOut[ClaimSummary])
def list_claims(
    ctx: ClaimsRead,
    session: SessionDep,
    page: PageDep,
    status: Annotated[list[ClaimStatus] | None, Query()] = None,
    payer_id: uuid.UUID | None = None,
    patient_id: uuid.UUID | None = None,
    rendering_provider_id: uuid.UUID | None = None,
    service_from: date | None = None,
    service_to: date | None = None,
    patient_control_number: str | None = None,
) -> object:
    """Claims, newest first, filterable by status, payer, patient, provider and date of service."""
    filters = ClaimFilters(
        status, payer_id, patient_id, rendering_provider_id, service_from, service_to, patient_control_number
    )
    return service.list_claims(session, ctx, page, filters)


@router.get("/{claim_id}", response_model=ClaimRead)
def get_claim(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> Claim:
    """One claim with its lines."""
    return service.get_claim(session, ctx, claim_id)


@router.patch("/{claim_id}", response_model=ClaimRead)
def update_claim(claim_id: uuid.UUID, body: ClaimUpdate, ctx: ClaimsWrite, session: SessionDep) -> Claim:
    """Edit a Draft, Scrubbed or Rejected claim (send the version you read; a stale one is a 409)."""
    return service.update_claim(session, ctx, claim_id, body)


@router.post("/{claim_id}/void", response_model=ClaimRead)
def void_claim(claim_id: uuid.UUID, body: TransitionRequest, ctx: ClaimsVoid, session: SessionDep) -> Claim:
    """Cancel a Draft or Scrubbed claim."""
    return lifecycle.void_claim(session, ctx, claim_id, body)


@router.post("/{claim_id}/reopen", response_model=ClaimRead)
def reopen_claim(
    claim_id: uuid.UUID, body: TransitionRequest, ctx: ClaimsWrite, session: SessionDep
) -> Claim:
    """Bring a Rejected claim back to Draft for correction."""
    return lifecycle.reopen_claim(session, ctx, claim_id, body)


@router.get("/{claim_id}/transitions", response_model=TransitionsRead)
def claim_transitions(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> TransitionsRead:
    """The claim's status and the events allowed next (and where each comes from)."""
    return lifecycle.allowed_transitions(session, ctx, claim_id)


@router.get("/{claim_id}/history", response_model=list[HistoryEntry])
def claim_history(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> list[HistoryEntry]:
    """The claim's timeline from the audit log: who (with name), when, what changed, why, which document."""
    events = lifecycle.history(session, ctx, claim_id)
    names = auth_service.user_names(session, ctx, {e.actor_id for e in events if e.actor_id})
    return [
        HistoryEntry.model_validate(e).model_copy(
            update={"actor_name": names.get(e.actor_id, "") if e.actor_id else ""}
        )
        for e in events
    ]
