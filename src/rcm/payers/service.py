"""Payers: who adjudicates, with filing and appeal limits."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from rcm import records
from rcm.errors import Conflict
from rcm.pagination import Page, PageParams
from rcm.payers.models import Payer, PayerType
from rcm.payers.repository import PayerRepository
from rcm.payers.schemas import PayerCreate, PayerUpdate
from rcm.tenancy import AuthContext


def create_payer(session: Session, ctx: AuthContext, data: PayerCreate) -> Payer:
    repo = PayerRepository(session, ctx)
    if repo.by_code(data.payer_code) is not None:
        raise Conflict(f"payer id {data.payer_code} already exists", payer_code=data.payer_code)
    return records.create(session, ctx, repo, Payer(**data.model_dump()), "payer.created")


def get_payer(session: Session, ctx: AuthContext, payer_id: uuid.UUID) -> Payer:
    return PayerRepository(session, ctx).get_or_raise(payer_id)


def find_by_code(session: Session, ctx: AuthContext, payer_code: str) -> Payer | None:
    return PayerRepository(session, ctx).by_code(payer_code)


def list_payers(
    session: Session, ctx: AuthContext, params: PageParams, payer_type: PayerType | None
) -> Page[Payer]:
    return PayerRepository(session, ctx).search(params, payer_type)


def all_payers(session: Session, ctx: AuthContext) -> list[Payer]:
    return PayerRepository(session, ctx).all()


def update_payer(session: Session, ctx: AuthContext, payer_id: uuid.UUID, data: PayerUpdate) -> Payer:
    payer = get_payer(session, ctx, payer_id)
    return records.update(session, ctx, payer, data.model_dump(exclude_unset=True), "payer.updated")


def get_many(session: Session, ctx: AuthContext, payer_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Payer]:
    return PayerRepository(session, ctx).many(payer_ids)
