from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.payers import service
from rcm.payers.models import Payer, PayerType
from rcm.payers.schemas import PayerCreate, PayerRead, PayerUpdate
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/payers", tags=["payers"])
PayersRead = Annotated[AuthContext, permission(Action.payers_read)]
PayersWrite = Annotated[AuthContext, permission(Action.payers_write)]


@router.post("", response_model=PayerRead, status_code=201)
def create_payer(body: PayerCreate, ctx: PayersWrite, session: SessionDep) -> Payer:
    """Add a payer (X12 payer id, type, filing and appeal limits)."""
    return service.create_payer(session, ctx, body)


@router.get("", response_model=PageOut[PayerRead])
def list_payers(
    ctx: PayersRead, session: SessionDep, page: PageDep, payer_type: PayerType | None = None
) -> object:
    """Payers of the organization, by name."""
    return service.list_payers(session, ctx, page, payer_type)


@router.get("/{payer_id}", response_model=PayerRead)
def get_payer(payer_id: uuid.UUID, ctx: PayersRead, session: SessionDep) -> Payer:
    """One payer."""
    return service.get_payer(session, ctx, payer_id)


@router.patch("/{payer_id}", response_model=PayerRead)
def update_payer(payer_id: uuid.UUID, body: PayerUpdate, ctx: PayersWrite, session: SessionDep) -> Payer:
    """Change a payer's name, limits or active flag."""
    return service.update_payer(session, ctx, payer_id, body)
