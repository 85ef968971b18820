"""Two simultaneous changes to one claim on PostgreSQL with two real connections: one wins, one 409."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.repository import ClaimRepository
from rcm.claims.schemas import ClaimUpdate
from rcm.db import database, unit_of_work
from tests import factories

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(committed: Engine) -> Engine:
    if committed.dialect.name != "postgresql":
        pytest.skip("needs PostgreSQL (set RCM_TEST_DATABASE_URL); CI always runs it")
    return committed


@pytest.fixture
def stored_claim(pg: Engine) -> Iterator[tuple[factories.OrgFixture, Claim]]:
    with unit_of_work() as session:
        org = factories.make_org(session, "Concurrency Practice")
        claim = factories.make_claim(session, org)
    yield org, claim


def test_version_column_refuses_the_second_writer(stored_claim: tuple) -> None:
    org, claim = stored_claim
    first, second = database.session(), database.session()
    try:
        mine = ClaimRepository(first, org.ctx).get_full(claim.id)
        theirs = ClaimRepository(second, org.ctx).get_full(claim.id)
        assert mine.version == theirs.version == 1
        mine.place_of_service = "22"
        first.commit()
        theirs.place_of_service = "23"
        with pytest.raises(StaleDataError):
            second.flush()
        second.rollback()
    finally:
        first.close()
        second.close()
    with unit_of_work() as session:
        final = ClaimRepository(session, org.ctx).get_full(claim.id)
        assert (final.place_of_service, final.version) == ("22", 2)


def test_simultaneous_service_updates_one_wins(stored_claim: tuple) -> None:
    org, claim = stored_claim
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def edit(pos: str) -> None:
        session: Session = database.session()
        try:
            ClaimRepository(session, org.ctx).get_full(claim.id)  # both read version 1
            barrier.wait()
            claims.update_claim(session, org.ctx, claim.id, ClaimUpdate(version=1, place_of_service=pos))
            session.commit()
            outcomes.append("won")
        except Exception as exc:  # StaleDataError or the version Conflict, depending on timing
            session.rollback()
            outcomes.append(type(exc).__name__)
        finally:
            session.close()

    threads = [threading.Thread(target=edit, args=(pos,)) for pos in ("21", "22")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) in (["Conflict", "won"], ["StaleDataError", "won"])


def test_two_http_edits_with_the_same_version_one_gets_409(stored_claim: tuple, pg: Engine) -> None:
    from rcm.app import create_app

    org, claim = stored_claim
    with unit_of_work() as session:
        user = factories.make_user(session, org, "biller")
    token = factories.token_for(user)
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    with TestClient(create_app()) as client:

        def patch(pos: str) -> None:
            barrier.wait()
            res = client.patch(
                f"/claims/{claim.id}",
                json={"version": 1, "place_of_service": pos},
                headers={"Authorization": f"Bearer {token}"},
            )
            statuses.append(res.status_code)

        threads = [threading.Thread(target=patch, args=(pos,)) for pos in ("21", "22")]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert sorted(statuses) == [200, 409]
