from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from rcm.auth.permissions import Action
from rcm.denials import service
from rcm.denials.models import AppealStatus, Denial, DenialMappingOverride
from rcm.denials.repository import DenialFilters
from rcm.denials.schemas import (
    Carc,
    ClassificationRead,
    DenialMappingCreate,
    DenialMappingRead,
    DenialRead,
    DenialUpdate,
    GroupCode,
    Rarc,
)
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(tags=["denials"])
DenialsRead = Annotated[AuthContext, permission(Action.denials_read)]
DenialsWrite = Annotated[AuthContext, permission(Action.denials_write)]
OrgConfigure = Annotated[AuthContext, permission(Action.org_configure)]


@router.get("/denials", response_model=PageOut[DenialRead])
def list_denials(
    ctx: DenialsRead,
    session: SessionDep,
    page: PageDep,
    is_open: bool | None = None,
    category: Annotated[str | None, Query(max_length=50)] = None,
    root_cause: Annotated[str | None, Query(max_length=50)] = None,
    payer_id: uuid.UUID | None = None,
    appeal_status: AppealStatus | None = None,
    claim_id: uuid.UUID | None = None,
) -> object:
    """Denials, the nearest appeal deadline first; filter by open/closed, category, root cause, payer."""
    filters = DenialFilters(
        is_open, category.upper() if category else None, root_cause, payer_id, appeal_status, claim_id
    )
    return service.search_denials(session, ctx, page, filters)


@router.get("/denials/{denial_id}", response_model=DenialRead)
def get_denial(denial_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> Denial:
    """One denial: codes, our label, category, root cause, appeal status and deadline."""
    return service.get_denial(session, ctx, denial_id)


@router.patch("/denials/{denial_id}", response_model=DenialRead)
def update_denial(denial_id: uuid.UUID, body: DenialUpdate, ctx: DenialsWrite, session: SessionDep) -> Denial:
    """Set the appeal status by hand (appealed outside the system), or close / reopen with a note."""
    return service.update_denial(session, ctx, denial_id, body)


@router.get("/claims/{claim_id}/denials", response_model=list[DenialRead])
def claim_denials(claim_id: uuid.UUID, ctx: DenialsRead, session: SessionDep) -> list[Denial]:
    """Every denial of one claim, oldest first."""
    return service.claim_denials(session, ctx, claim_id)


@router.post("/denial-mappings", response_model=DenialMappingRead, status_code=201)
def create_mapping_override(
    body: DenialMappingCreate, ctx: OrgConfigure, session: SessionDep
) -> DenialMappingOverride:
    """Override the category, root cause, action and team of a CARC (+RARC), org-wide or for one payer."""
    return service.create_override(session, ctx, body)


@router.get("/denial-mappings", response_model=PageOut[DenialMappingRead])
def list_mapping_overrides(
    ctx: OrgConfigure,
    session: SessionDep,
    page: PageDep,
    carc: Annotated[str | None, Query(max_length=5)] = None,
    payer_id: uuid.UUID | None = None,
) -> object:
    """The organization's mapping overrides, every version (the highest active one applies)."""
    return service.list_overrides(session, ctx, page, carc, payer_id)


@router.get("/denial-mappings/classify", response_model=ClassificationRead)
def classify_adjustment(
    ctx: DenialsRead,
    session: SessionDep,
    carc: Carc,
    group: GroupCode = "CO",
    rarc: Annotated[list[Rarc] | None, Query()] = None,
    payer_id: uuid.UUID | None = None,
) -> ClassificationRead:
    """Preview what the mapping says about a group-CARC (+RARCs) for a payer, and which layer decided."""
    rarcs = [r for r in rarc or [] if r]
    return service.preview_classification(session, ctx, group, carc, rarcs, payer_id)
