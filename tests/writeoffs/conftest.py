from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from rcm.batches import service as batches
from rcm.claims.models import Claim
from tests.factories import ClaimWorld, OrgFixture, make_claim, make_world, scrubbed


@pytest.fixture
def world(session: Session, org: OrgFixture) -> ClaimWorld:
    return make_world(session, org, payer_code="ACME01", name="Acme Health")


@pytest.fixture
def submitted(session: Session, org: OrgFixture, world: ClaimWorld) -> Callable[..., Claim]:
    """`submitted(lines=2)` -> a claim that went out in an 837 (status Submitted)."""

    def make(lines: int = 2, **overrides: object) -> Claim:
        claim = scrubbed(session, org, make_claim(session, org, lines=lines, world=world, **overrides))
        batches.submit_claims(session, org.ctx, [claim.id])
        return claim

    return make
