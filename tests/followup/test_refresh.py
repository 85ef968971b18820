"""The daily refresh: which claims get a follow-up item, when, and what happens to open items."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from rcm.claims.state_machine import ClaimStatus as S
from rcm.db import utcnow
from rcm.followup import cadence, refresh, strategies
from rcm.followup.cadence import BUILT_IN, Strategy, StrategyBook
from rcm.followup.models import FollowUpChannel
from rcm.followup.schemas import StrategyCreate
from rcm.jobs.queue import run_now
from rcm.workqueues.models import WorkItemStatus
from tests.factories import OrgFixture
from tests.followup.conftest import follow_up_items

TODAY = date.today()


def days_ago(n: int) -> datetime:
    return utcnow() - timedelta(days=n)


class TestOpening:
    def test_one_item_per_open_ar_claim_with_a_balance(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        world = world_of("medicaid", name="State Medicaid")
        due = {
            status: put(world, status, age=40)
            for status in (S.submitted, S.accepted, S.partially_paid, S.denied)
        }
        skipped = [
            put(world, S.draft),
            put(world, S.scrubbed),
            put(world, S.rejected),
            put(world, S.paid, balance=0),
            put(world, S.written_off, balance=0),
            put(world, S.partially_paid, balance=0),
        ]
        result = refresh.refresh(session, org.ctx)
        assert (result.seeded_rules, result.opened, result.closed) == (4, 4, 0)
        for claim in due.values():
            [item] = follow_up_items(session, claim)
            assert (item.claim_id, item.amount_cents, item.status) == (claim.id, 50_000, WorkItemStatus.open)
            assert item.queue == "government_specialist"
            assert item.title.startswith(
                f"Follow up by phone: claim {claim.patient_control_number} with State"
            )
            assert "$500.00 open" in item.title and "40 days" in item.title
        assert all(follow_up_items(session, c) == [] for c in skipped)

    def test_idempotent(self, session: Session, org: OrgFixture, put: Callable, world_of: Callable) -> None:
        claim = put(world_of(), age=200)
        first = refresh.refresh(session, org.ctx)
        second = refresh.refresh(session, org.ctx)
        assert (first.opened, first.escalated) == (1, 1)
        assert second.model_dump() == {
            "seeded_rules": 0,
            "opened": 0,
            "closed": 0,
            "escalated": 0,
            "woken": 0,
        }
        assert len(follow_up_items(session, claim)) == 1

    def test_the_job_refreshes_every_org(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        mine, theirs = put(world_of()), put(world_of(of=other_org), of=other_org)
        session.commit()
        assert run_now("followup.refresh") >= 2
        assert len(follow_up_items(session, mine)) == len(follow_up_items(session, theirs)) == 1
        assert follow_up_items(session, theirs)[0].org_id == other_org.id


class TestCadence:
    def test_a_claim_touched_within_the_cadence_waits(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        world = world_of()
        recent = put(world, S.submitted, submitted_at=days_ago(10))  # default cadence: 14 days
        stale = put(world, S.submitted, submitted_at=days_ago(15))
        paid_lately = put(world, S.partially_paid, submitted_at=days_ago(60), last_payment_at=days_ago(3))
        refresh.refresh(session, org.ctx)
        assert follow_up_items(session, recent) == follow_up_items(session, paid_lately) == []
        assert len(follow_up_items(session, stale)) == 1

    def test_the_payer_strategy_sets_the_cadence(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        fast, by_type = world_of("commercial"), world_of("medicare")
        strategies.create_strategy(
            session, org.ctx, StrategyCreate(name="weekly", payer_id=fast.payer.id, cadence_days=7)
        )
        strategies.create_strategy(
            session, org.ctx, StrategyCreate(name="monthly", payer_type="medicare", cadence_days=30)
        )
        weekly = put(fast, S.submitted, submitted_at=days_ago(8))
        monthly = put(by_type, S.submitted, submitted_at=days_ago(20))
        refresh.refresh(session, org.ctx)
        assert len(follow_up_items(session, weekly)) == 1
        assert follow_up_items(session, monthly) == []
        refresh.refresh(session, org.ctx, now=utcnow() + timedelta(days=10))
        assert len(follow_up_items(session, monthly)) == 1


class TestOpenItems:
    def test_closes_items_whose_claim_has_no_balance_left(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of())
        refresh.refresh(session, org.ctx)
        claim.status, claim.balance_cents, claim.paid_cents = S.paid, 0, claim.charge_cents
        session.flush()
        assert refresh.refresh(session, org.ctx).closed == 1
        [item] = follow_up_items(session, claim)
        assert item.status is WorkItemStatus.done and item.closed_at is not None
        assert "no balance left" in item.note

    def test_tracks_a_partial_payment_and_escalates_past_the_strategy_age(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of(), age=80, balance=50_000)
        refresh.refresh(session, org.ctx)
        claim.balance_cents = 20_000
        session.flush()
        result = refresh.refresh(session, org.ctx, now=utcnow() + timedelta(days=11))
        [item] = follow_up_items(session, claim)
        assert (result.escalated, item.escalated, item.amount_cents) == (1, True, 20_000)

    def test_a_snoozed_item_wakes_to_the_top_when_due(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of())
        refresh.refresh(session, org.ctx)
        [item] = follow_up_items(session, claim)
        item.due_at, item.priority = (
            datetime.combine(TODAY + timedelta(days=3), datetime.min.time(), UTC),
            100,
        )
        session.flush()
        assert refresh.refresh(session, org.ctx).woken == 0
        woke = refresh.refresh(session, org.ctx, now=utcnow() + timedelta(days=3))
        [item] = follow_up_items(session, claim)
        assert woke.woken == 1 and item.priority >= 1000


class TestPureCadence:
    def test_strategy_resolution_payer_then_type_then_default(self) -> None:
        import uuid

        payer = uuid.uuid4()
        own = Strategy(7, FollowUpChannel.portal, 60, payer_id=payer)
        typed = Strategy(30, FollowUpChannel.fax, 120, payer_type="medicare")
        book = StrategyBook([own, typed])
        assert book.resolve(payer, "medicare") is own
        assert book.resolve(uuid.uuid4(), "medicare") is typed
        assert book.resolve(uuid.uuid4(), "commercial") is BUILT_IN
        default = Strategy(10, FollowUpChannel.email, 45)
        assert StrategyBook([default]).resolve(None, None) is default

    def test_due_date_from_the_latest_touch_or_the_latest_actions_own_date(self) -> None:
        def at(day: int) -> datetime:
            return datetime(2026, 1, day, 9, tzinfo=UTC)

        dos = date(2025, 12, 1)
        assert cadence.due_on(14, [None, None, None], None, None, dos) == dos
        assert cadence.due_on(14, [at(1), at(5), None], None, None, dos) == date(2026, 1, 19)
        assert cadence.due_on(14, [at(1), None, None], at(3), date(2026, 1, 4), dos) == date(2026, 1, 4)
        # a payment after the action restarts the cadence: the action's date no longer applies
        assert cadence.due_on(14, [at(1), None, at(10)], at(3), date(2026, 1, 4), dos) == date(2026, 1, 24)


class TestScale:
    def test_statements_do_not_grow_with_the_number_of_claims(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        from sqlalchemy import event

        def statements_to_open(claims: int) -> int:
            world = world_of()
            for _ in range(claims):
                put(world)
            session.flush()
            seen: list[str] = []

            def count(*args: object) -> None:
                seen.append(str(args[2]))

            conn = session.connection()
            event.listen(conn, "before_cursor_execute", count)
            try:
                assert refresh.refresh(session, org.ctx).opened == claims
            finally:
                event.remove(conn, "before_cursor_execute", count)
            return len(seen)

        from rcm.followup.assignment import ensure_default_rules

        ensure_default_rules(session, org.ctx)
        assert statements_to_open(30) == statements_to_open(3) <= 8
