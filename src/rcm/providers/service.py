"""Providers: billing, rendering and referring, identified by a valid NPI."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from rcm import records
from rcm.codesets.npi import is_valid_npi
from rcm.errors import Conflict, InvalidInput
from rcm.pagination import Page, PageParams
from rcm.providers.models import Provider
from rcm.providers.repository import ProviderRepository
from rcm.providers.schemas import ProviderCreate, ProviderUpdate
from rcm.tenancy import AuthContext


class InvalidNpi(InvalidInput):
    """The NPI fails its check digit (Luhn over 80840 + the first nine digits)."""


def create_provider(session: Session, ctx: AuthContext, data: ProviderCreate) -> Provider:
    if not is_valid_npi(data.npi):
        raise InvalidNpi(f"NPI {data.npi} fails its check digit", npi=data.npi)
    repo = ProviderRepository(session, ctx)
    if repo.by_npi(data.npi) is not None:
        raise Conflict(f"a provider with NPI {data.npi} already exists", npi=data.npi)
    return records.create(session, ctx, repo, Provider(**data.model_dump()), "provider.created")


def get_provider(session: Session, ctx: AuthContext, provider_id: uuid.UUID) -> Provider:
    return ProviderRepository(session, ctx).get_or_raise(provider_id)


def list_providers(
    session: Session, ctx: AuthContext, params: PageParams, billing_only: bool
) -> Page[Provider]:
    return ProviderRepository(session, ctx).search(params, billing_only)


def update_provider(
    session: Session, ctx: AuthContext, provider_id: uuid.UUID, data: ProviderUpdate
) -> Provider:
    provider = get_provider(session, ctx, provider_id)
    return records.update(session, ctx, provider, data.model_dump(exclude_unset=True), "provider.updated")


def get_many(
    session: Session, ctx: AuthContext, provider_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Provider]:
    return ProviderRepository(session, ctx).many(provider_ids)


def all_providers(session: Session, ctx: AuthContext) -> list[Provider]:
    """Every provider of the organization (a few hundred at most): imports resolve NPIs from it."""
    return ProviderRepository(session, ctx).all()
