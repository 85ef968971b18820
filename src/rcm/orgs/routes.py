from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.orgs import service
from rcm.orgs.models import Organization
from rcm.orgs.schemas import OrganizationRead, OrganizationUpdate
from rcm.routing import CurrentContext, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/org", tags=["organization"])
OrgConfigure = Annotated[AuthContext, permission(Action.org_configure)]


@router.get("", response_model=OrganizationRead)
def get_organization(ctx: CurrentContext, session: SessionDep) -> Organization:
    """The caller's organization and its billing settings."""
    return service.get_organization(session, ctx)


@router.patch("", response_model=OrganizationRead)
def update_organization(body: OrganizationUpdate, ctx: OrgConfigure, session: SessionDep) -> Organization:
    """Change settings: coding sign-off, write-off threshold, X12 submitter and receiver ids."""
    return service.update_organization(session, ctx, body)
