"""The production path on PostgreSQL + Redis with a real Celery worker (CI always runs it):
submission is sent by the worker after commit, the worker polls the payer simulator, ingests
999/277CA answers and posts the 835s. 1,000 claims end exactly where the simulator decided."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from rcm.batches import service as batches
from rcm.claims import service as claims
from rcm.claims.state_machine import ClaimStatus
from rcm.config import JobsBackend, get_settings
from rcm.db import unit_of_work
from rcm.payments.ledger import check_ledger
from tests import factories
from tests.e2e.pipeline import EXPECTED, configure_simulator, decisions

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def via_celery(celery_worker: Any, committed: Engine) -> Iterator[Any]:
    settings = get_settings()
    saved = (settings.jobs_backend, settings.redis_url)
    settings.jobs_backend, settings.redis_url = JobsBackend.celery, os.environ["RCM_REDIS_URL"]
    yield celery_worker
    settings.jobs_backend, settings.redis_url = saved


def _wait_until(check: Any, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.5)


def _statuses(org: factories.OrgFixture, numbers: list[str]) -> dict[str, ClaimStatus]:
    with unit_of_work() as session:
        return {n: c.status for n, c in claims.by_control_numbers(session, org.ctx, numbers).items()}


def _submit(count: int, **behaviour: Any) -> tuple[factories.OrgFixture, list[str]]:
    with unit_of_work() as session:
        org = factories.make_org(session, "Celery Practice")
        world = factories.make_world(session, org)
        made = [
            factories.scrubbed(session, org, factories.make_claim(session, org, lines=2, world=world))
            for _ in range(count)
        ]
    configure_simulator(org.id, **behaviour)
    with unit_of_work() as session:  # the send job goes to the worker only once this commits
        batches.submit_claims(session, org.ctx, [c.id for c in made])
    return org, [c.patient_control_number for c in made]


def _all_sent(org: factories.OrgFixture) -> bool:
    from rcm.batches.models import BatchDirection
    from rcm.pagination import PageParams

    with unit_of_work() as session:
        page = batches.list_batches(session, org.ctx, PageParams(1, 50), None, BatchDirection.outbound)
        return bool(page.items) and all(b.status.value == "sent" for b in page.items)


def _poll(app: Any, org: factories.OrgFixture) -> dict[str, int]:
    result: dict[str, int] = app.send_task("batches.poll", kwargs={"org_id": str(org.id)}).get(timeout=300)
    return result


def test_submitted_claims_are_rejected_or_accepted_by_the_277ca(via_celery: Any) -> None:
    org, numbers = _submit(20, rejection_rate=0.3, adjudication_delay_days=30)  # no 835 yet
    _wait_until(lambda: _all_sent(org))  # the worker sent the 837 after our commit
    assert _poll(via_celery, org)["processed"] == 2  # the 999 and the 277CA
    statuses = _statuses(org, numbers)
    decided = decisions(org.id)
    assert {s for s in statuses.values()} <= {ClaimStatus.rejected, ClaimStatus.accepted}
    for number, status in statuses.items():
        rejected = decided[number].outcome.value == "rejected"
        assert status is (ClaimStatus.rejected if rejected else ClaimStatus.accepted), number


def test_thousand_claims_round_trip_through_the_worker(via_celery: Any) -> None:
    org, numbers = _submit(
        1000, rejection_rate=0.05, denial_rate=0.1, partial_payment_rate=0.1, reversal_rate=0.03
    )
    _wait_until(lambda: _all_sent(org))
    first = _poll(via_celery, org)  # 999, 277CA and every 835 due (no delay configured)
    assert first["processed"] >= 3 and first["failed"] == 0, first
    _poll(via_celery, org)  # corrected payments released after the reversals
    decided = decisions(org.id)
    statuses = _statuses(org, numbers)
    assert len(decided) == 1000
    mismatched = {
        n: (decided[n].outcome.value, s.value)
        for n, s in statuses.items()
        if s is not EXPECTED[decided[n].outcome]
    }
    assert not mismatched, dict(list(mismatched.items())[:10])
    assert len(Counter(d.outcome for d in decided.values())) == 5
    with unit_of_work() as session:
        assert check_ledger(session, org.ctx).ok
