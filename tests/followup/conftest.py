"""AR follow-up fixtures: billed claims in a given state, age and balance, per payer type."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.payers.models import PayerType
from rcm.workqueues.models import WorkItem, WorkItemKind
from tests.factories import ClaimWorld, OrgFixture, make_claim, make_world


@pytest.fixture
def world_of(session: Session, org: OrgFixture) -> Callable[..., ClaimWorld]:
    """`world_of("medicare")` -> a patient covered by a new payer of that type."""

    def make(payer_type: str = "commercial", of: OrgFixture | None = None, **payer: Any) -> ClaimWorld:
        return make_world(session, of or org, payer_type=PayerType(payer_type), **payer)

    return make


@pytest.fixture
def put(session: Session, org: OrgFixture) -> Callable[..., Claim]:
    """`put(world, status, age=..., balance=..., **columns)` -> a billed claim in exactly that state."""

    def make(
        world: ClaimWorld,
        status: ClaimStatus = ClaimStatus.accepted,
        *,
        age: int = 40,
        balance: int = 50_000,
        of: OrgFixture | None = None,
        **columns: Any,
    ) -> Claim:
        claim = make_claim(session, of or org, lines=1, world=world, dos=date.today() - timedelta(days=age))
        charge = max(balance, columns.pop("charge", balance))
        claim.lines[0].charge_cents = claim.charge_cents = charge
        values = {"status": status, "balance_cents": balance, "paid_cents": charge - balance, **columns}
        for key, value in values.items():
            setattr(claim, key, value)
        session.flush()
        return claim

    return make


def follow_up_items(session: Session, claim: Claim) -> list[WorkItem]:
    session.expire_all()
    stmt = (
        select(WorkItem)
        .where(WorkItem.entity_id == claim.id, WorkItem.kind == WorkItemKind.ar_followup)
        .order_by(WorkItem.created_at)
    )
    return list(session.scalars(stmt))
