"""Denials the real way: a submitted claim, then an 835 that denies it, posted by the ERA poster."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.batches import service as batches
from rcm.claims.models import Claim
from rcm.denials.models import Denial
from rcm.payments.posting import post_era
from rcm.workqueues.models import WorkItem
from tests.factories import ClaimWorld, OrgFixture, make_claim, make_world, scrubbed
from tests.payments.era import Clp, Line, era

_traces = itertools.count(1)


def submitted_claim(session: Session, org: OrgFixture, world: ClaimWorld, lines: int = 1) -> Claim:
    claim = scrubbed(session, org, make_claim(session, org, lines=lines, world=world))
    batches.submit_claims(session, org.ctx, [claim.id])
    return claim


def deny(
    session: Session,
    org: OrgFixture,
    claim: Claim,
    *,
    carc: str = "50",
    group: str = "CO",
    remarks: tuple[str, ...] = ("N115",),
    adjudicated: date | None = None,
) -> Denial:
    """Post an 835 that denies every line of `claim` (CLP02=4); returns the denial of the first line."""
    paid_on = adjudicated or date.today() - timedelta(days=5)
    lines = [Line(0, [(group, carc, ln.charge_cents)], remarks=list(remarks)) for ln in claim.lines]
    content = era([Clp(claim, lines, status="4")], trace=f"DENY{next(_traces):06d}", paid_on=paid_on)
    post_era(session, org.ctx, content)
    session.commit()  # the API's sessions append to the same audit chain
    found = session.scalars(select(Denial).where(Denial.claim_id == claim.id).order_by(Denial.created_at))
    return next(d for d in found if d.carc == carc)


@dataclass
class Denier:
    session: Session
    org: OrgFixture
    world: ClaimWorld

    def __call__(self, **kwargs: Any) -> Denial:
        return deny(self.session, self.org, submitted_claim(self.session, self.org, self.world), **kwargs)


def work_items(session: Session, denial: Denial) -> list[WorkItem]:
    session.expire_all()
    return list(session.scalars(select(WorkItem).where(WorkItem.entity_id == denial.id)))


def fresh(session: Session, model: type[Any], record_id: Any) -> Any:
    session.expire_all()
    return session.get(model, record_id)


@pytest.fixture
def world(session: Session, org: OrgFixture) -> ClaimWorld:
    return make_world(session, org, payer_code="ACME01", name="Acme Health")


@pytest.fixture
def denied(session: Session, org: OrgFixture, world: ClaimWorld) -> Denier:
    """`denied(carc="50")` -> a denial created by posting an 835 on a freshly submitted claim."""
    return Denier(session, org, world)
