"""Collection strategies: how often and how to chase a payer, per payer, per payer type or by default."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from rcm import records
from rcm.audit import service as audit
from rcm.errors import Conflict
from rcm.followup.cadence import Strategy, StrategyBook
from rcm.followup.models import CollectionStrategy
from rcm.followup.repository import StrategyRepository
from rcm.followup.schemas import StrategyCreate, StrategyUpdate
from rcm.payers import service as payers
from rcm.payers.models import PayerType
from rcm.tenancy import AuthContext


def _scope(payer_id: uuid.UUID | None, payer_type: PayerType | None) -> str:
    if payer_id is not None:
        return f"payer {payer_id}"
    return f"payer type {payer_type.value}" if payer_type is not None else "the organization default"


def create_strategy(session: Session, ctx: AuthContext, data: StrategyCreate) -> CollectionStrategy:
    if data.payer_id is not None:
        payers.get_payer(session, ctx, data.payer_id)  # another org's payer is a 404
    repo = StrategyRepository(session, ctx)
    if repo.same_scope(data.payer_id, data.payer_type):
        raise Conflict(
            f"{_scope(data.payer_id, data.payer_type)} already has a strategy; edit that one",
            payer_id=str(data.payer_id) if data.payer_id else None,
            payer_type=data.payer_type.value if data.payer_type else None,
        )
    strategy = CollectionStrategy(**data.model_dump())
    return records.create(session, ctx, repo, strategy, "collection_strategy.created")


def update_strategy(
    session: Session, ctx: AuthContext, strategy_id: uuid.UUID, data: StrategyUpdate
) -> CollectionStrategy:
    strategy = StrategyRepository(session, ctx).get_or_raise(strategy_id)
    values = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    return records.update(session, ctx, strategy, values, "collection_strategy.updated")


def delete_strategy(session: Session, ctx: AuthContext, strategy_id: uuid.UUID) -> None:
    repo = StrategyRepository(session, ctx)
    strategy = repo.get_or_raise(strategy_id)
    audit.record(
        session,
        ctx,
        "collection_strategy.deleted",
        strategy,
        changes=audit.diff(audit.snapshot(strategy), {}),
    )
    repo.remove(strategy)


def get_strategy(session: Session, ctx: AuthContext, strategy_id: uuid.UUID) -> CollectionStrategy:
    return StrategyRepository(session, ctx).get_or_raise(strategy_id)


def list_strategies(session: Session, ctx: AuthContext) -> list[CollectionStrategy]:
    return StrategyRepository(session, ctx).all()


def strategy_book(session: Session, ctx: AuthContext) -> StrategyBook:
    return StrategyBook(
        Strategy(
            cadence_days=s.cadence_days,
            channel=s.channel,
            escalate_after_days=s.escalate_after_days,
            notes=s.notes,
            strategy_id=s.id,
            payer_id=s.payer_id,
            payer_type=s.payer_type.value if s.payer_type else None,
        )
        for s in StrategyRepository(session, ctx).active()
    )
