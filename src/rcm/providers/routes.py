from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.providers import service
from rcm.providers.models import Provider
from rcm.providers.schemas import ProviderCreate, ProviderRead, ProviderUpdate
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/providers", tags=["providers"])
ProvidersRead = Annotated[AuthContext, permission(Action.providers_read)]
ProvidersWrite = Annotated[AuthContext, permission(Action.providers_write)]


@router.post("", response_model=ProviderRead, status_code=201)
def create_provider(body: ProviderCreate, ctx: ProvidersWrite, session: SessionDep) -> Provider:
    """Add a provider; the NPI must pass its check digit."""
    return service.create_provider(session, ctx, body)


@router.get("", response_model=PageOut[ProviderRead])
def list_providers(
    ctx: ProvidersRead, session: SessionDep, page: PageDep, billing_only: bool = False
) -> object:
    """Providers of the organization, by name."""
    return service.list_providers(session, ctx, page, billing_only)


@router.get("/{provider_id}", response_model=ProviderRead)
def get_provider(provider_id: uuid.UUID, ctx: ProvidersRead, session: SessionDep) -> Provider:
    """One provider."""
    return service.get_provider(session, ctx, provider_id)


@router.patch("/{provider_id}", response_model=ProviderRead)
def update_provider(
    provider_id: uuid.UUID, body: ProviderUpdate, ctx: ProvidersWrite, session: SessionDep
) -> Provider:
    """Change a provider's name, taxonomy, tax id or address."""
    return service.update_provider(session, ctx, provider_id, body)
