"""ERA posting in chunks, written by the bulk writer (a background thread on PostgreSQL) while the
next chunk is planned: the result is the one of posting every CLP in order, in one transaction."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from psycopg.errors import NotNullViolation
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rcm import bulk
from rcm.audit.service import verify_chain
from rcm.bulk import ConcurrentModification
from rcm.claims import service as claims_service
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.db import utcnow
from rcm.denials.models import Denial
from rcm.payments import posting
from rcm.payments.ledger import check_ledger
from rcm.payments.models import Payment, PaymentAdjustment, Remittance
from rcm.payments.posting import post_era
from tests.factories import OrgFixture
from tests.payments.era import Clp, Line, era

Submitted = Callable[..., Claim]


def _writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "rcm-bulk-writer"]


def _count(session: Session, model: type, org: OrgFixture) -> int:
    return int(session.scalar(select(func.count()).select_from(model).filter_by(org_id=org.id)) or 0)


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(posting, "CHUNK", 2)


class TestChunks:
    def test_many_chunks_post_like_one(
        self, session: Session, org: OrgFixture, submitted: Submitted, small_chunks: None
    ) -> None:
        paid, denied, partial, twice = (submitted(lines=1) for _ in range(4))
        version = session.scalar(select(Claim.version).where(Claim.id == twice.id))
        content = era(
            [
                Clp(paid, [Line(8000, [("CO", "45", 2000)])]),
                Clp(denied, [Line(0, [("CO", "50", 10000)])], status="4"),
                Clp(twice, [Line(9000, [("CO", "45", 1000)])]),
                Clp(partial, [Line(4000, [("CO", "45", 1000), ("CO", "197", 5000)])]),
                # The same claim again, two chunks later: reversed, then paid anew.
                Clp(twice, [Line(9000, [("CO", "45", 1000)])], reversal=True),
                Clp(twice, [Line(7000, [("CO", "45", 1000), ("PR", "2", 2000)])]),
            ]
        )
        report = post_era(session, org.ctx, content)
        rem = report.remittances[0]
        assert (rem.claims, rem.matched, rem.reversals, rem.denials) == (6, 6, 1, 2)
        session.expire_all()
        status = {c.id: c for c in session.scalars(select(Claim).filter_by(org_id=org.id))}
        assert status[paid.id].status is ClaimStatus.paid
        assert status[denied.id].status is ClaimStatus.denied
        assert status[partial.id].status is ClaimStatus.partially_paid
        assert (status[twice.id].status, status[twice.id].paid_cents) == (ClaimStatus.paid, 7000)
        assert status[twice.id].patient_responsibility_cents == 2000
        assert status[twice.id].version == version + 2  # one update per chunk it was in
        # Open denials are kept on the claim as the posting writes it (the trigger finds them done).
        assert (status[denied.id].open_denied_cents, status[partial.id].open_denied_cents) == (10000, 5000)
        assert _count(session, Payment, org) == 6
        assert check_ledger(session, org.ctx).ok
        assert verify_chain(session, org.ctx).ok
        assert report.touched_claim_ids == {paid.id, denied.id, partial.id, twice.id}
        assert not _writer_threads()

    def test_a_reversal_late_in_a_file_closes_the_earlier_denial(
        self, session: Session, org: OrgFixture, submitted: Submitted, small_chunks: None
    ) -> None:
        claim, other, third = (submitted(lines=1) for _ in range(3))
        first = era([Clp(claim, [Line(0, [("CO", "50", 10000)])], status="4")], trace="T1")
        later = era(
            [
                Clp(other, [Line(8000, [("CO", "45", 2000)])]),
                Clp(third, [Line(8000, [("CO", "45", 2000)])]),
                Clp(claim, [Line(0, [("CO", "50", 10000)])], reversal=True),
                Clp(claim, [Line(7000, [("CO", "45", 3000)])]),
            ],
            trace="T2",
        )
        post_era(session, org.ctx, first)
        post_era(session, org.ctx, later)
        session.expire_all()
        fresh = session.get(Claim, claim.id)
        assert fresh is not None and fresh.status is ClaimStatus.paid and fresh.open_denied_cents == 0
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert not denial.is_open
        assert check_ledger(session, org.ctx).ok


class TestFailures:
    def test_a_claim_changed_meanwhile_aborts_the_whole_file(
        self,
        session: Session,
        org: OrgFixture,
        submitted: Submitted,
        small_chunks: None,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        claims = [submitted(lines=1) for _ in range(5)]
        stale = str(claims[3].id)  # posting reads ids as text
        real = claims_service.posting_rows

        def rows_with_a_stale_version(*args: Any) -> list[Any]:
            rows = real(*args)  # as if someone saved claims[3] after we read it
            return [(*r[:1], r[1] - 1, *r[2:]) if r[0] == stale else r for r in rows]

        monkeypatch.setattr(claims_service, "posting_rows", rows_with_a_stale_version)
        content = era([Clp(c, [Line(8000, [("CO", "45", 2000)])]) for c in claims])
        with pytest.raises(ConcurrentModification), session.begin_nested():
            post_era(session, org.ctx, content)
        assert not _writer_threads()
        assert _count(session, Payment, org) == 0 and _count(session, Remittance, org) == 0
        session.expire_all()
        assert {c.status for c in session.scalars(select(Claim).filter_by(org_id=org.id))} == {
            ClaimStatus.submitted
        }

    def test_a_failure_while_planning_stops_the_writer(
        self,
        session: Session,
        org: OrgFixture,
        submitted: Submitted,
        small_chunks: None,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        claims = [submitted(lines=1) for _ in range(5)]
        real = posting.plan_claim
        calls = {"n": 0}

        def fails_on_the_fifth(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 5:
                raise RuntimeError("planning failed")
            return real(*args, **kwargs)

        monkeypatch.setattr(posting, "plan_claim", fails_on_the_fifth)
        content = era([Clp(c, [Line(8000, [("CO", "45", 2000)])]) for c in claims])
        with pytest.raises(RuntimeError, match="planning failed"), session.begin_nested():
            post_era(session, org.ctx, content)
        assert not _writer_threads()
        assert _count(session, Payment, org) == 0


class TestWriter:
    def test_batches_run_in_order_and_failures_reach_the_caller(
        self, session: Session, org: OrgFixture
    ) -> None:
        table = PaymentAdjustment.__table__
        columns = ("id", "org_id", "created_at", "updated_at", "payment_id", "claim_id", "group_code", "carc",
                   "amount_cents", "kind")  # fmt: skip
        now = utcnow()

        def row(amount: int) -> tuple[Any, ...]:
            ids = (uuid.uuid4(), uuid.uuid4())
            return (str(uuid.uuid4()), org.id, now, now, *ids, "CO", "45", amount, "contractual")

        with session.begin_nested():
            writer = bulk.Writer(session)
            for amount in (1, 2, 3):
                batch = bulk.Batch()
                batch.insert(table, columns, [row(amount)])  # type: ignore[arg-type]
                writer.submit(batch)
            writer.close()
            amounts = session.scalars(
                select(PaymentAdjustment.amount_cents).filter_by(org_id=org.id).order_by(PaymentAdjustment.id)
            ).all()
            assert sorted(amounts) == [1, 2, 3]
        with pytest.raises((IntegrityError, NotNullViolation)), session.begin_nested():
            writer = bulk.Writer(session)
            bad = bulk.Batch()
            bad.insert(table, columns, [row(4), (*row(5)[:-1], None)])  # type: ignore[arg-type]  # kind NULL
            writer.submit(bad)
            writer.close()
        assert not _writer_threads()
