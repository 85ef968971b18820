"""Agent workload figures, and collection strategy management."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from rcm.db import utcnow
from rcm.errors import Conflict, NotFound
from rcm.followup import queues, refresh, strategies
from rcm.followup.assignment import AssigneeInvalid
from rcm.followup.schemas import StrategyCreate, StrategyUpdate, WorkItemUpdate
from rcm.workqueues.models import WorkItemKind
from tests.factories import OrgFixture, make_user
from tests.followup.conftest import follow_up_items


class TestWorkload:
    def test_per_queue_and_per_assignee(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        world = world_of()
        senior = [put(world, balance=200_000), put(world, balance=300_000)]
        general = [put(world, balance=10_000), put(world, balance=20_000), put(world, balance=30_000)]
        refresh.refresh(session, org.ctx)
        agent = make_user(session, org, "biller", full_name="Ana Agent")
        items = {c.id: follow_up_items(session, c)[0] for c in senior + general}
        for claim in (senior[0], general[0]):
            queues.update_work_item(
                session, org.ctx, items[claim.id].id, WorkItemUpdate(assignee_id=agent.id)
            )
        overdue = items[general[1].id]
        overdue.due_at = utcnow() - timedelta(days=2)
        session.flush()

        load = queues.workload(session, org.ctx)

        assert (load.totals.open_items, load.totals.amount_cents, load.totals.overdue) == (5, 560_000, 1)
        assert load.totals.oldest_due_at == overdue.due_at
        by_queue = {q.queue: q for q in load.queues}
        assert (by_queue["senior_agent"].open_items, by_queue["senior_agent"].amount_cents) == (2, 500_000)
        assert (by_queue["general"].open_items, by_queue["general"].overdue) == (3, 1)
        by_person = {a.assignee_name: a for a in load.assignees}
        assert by_person["Ana Agent"].assignee_id == agent.id
        assert (by_person["Ana Agent"].open_items, by_person["Ana Agent"].amount_cents) == (2, 210_000)
        assert by_person["Ana Agent"].queues == ["general", "senior_agent"]
        assert (by_person[None].open_items, by_person[None].overdue) == (3, 1)  # unassigned

    def test_other_kinds_and_other_orgs_are_not_counted(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        put(world_of(of=other_org), of=other_org)
        refresh.refresh(session, other_org.ctx)
        assert queues.workload(session, org.ctx).totals.open_items == 0
        assert queues.workload(session, other_org.ctx, WorkItemKind.denial).totals.open_items == 0
        assert queues.workload(session, other_org.ctx).totals.open_items == 1


class TestAssignment:
    def test_only_an_active_user_of_the_org_who_works_queues(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of())
        refresh.refresh(session, org.ctx)
        [item] = follow_up_items(session, claim)
        with pytest.raises(NotFound):
            queues.update_work_item(
                session,
                org.ctx,
                item.id,
                WorkItemUpdate(assignee_id=make_user(session, other_org, "biller").id),
            )
        with pytest.raises(AssigneeInvalid):
            queues.update_work_item(
                session, org.ctx, item.id, WorkItemUpdate(assignee_id=make_user(session, org, "clinician").id)
            )
        with pytest.raises(NotFound):
            queues.update_work_item(session, other_org.ctx, item.id, WorkItemUpdate(note="mine now"))


class TestStrategies:
    def test_create_update_delete(self, session: Session, org: OrgFixture, world_of: Callable) -> None:
        world = world_of()
        created = strategies.create_strategy(
            session,
            org.ctx,
            StrategyCreate(
                name="BCBS", payer_id=world.payer.id, channel="portal", notes="auto-resubmit denials"
            ),
        )
        updated = strategies.update_strategy(session, org.ctx, created.id, StrategyUpdate(cadence_days=21))
        assert (updated.cadence_days, updated.channel.value, updated.notes) == (
            21,
            "portal",
            "auto-resubmit denials",
        )
        book = strategies.strategy_book(session, org.ctx)
        assert book.resolve(world.payer.id, "commercial").cadence_days == 21
        strategies.delete_strategy(session, org.ctx, created.id)
        assert strategies.list_strategies(session, org.ctx) == []
        assert (
            strategies.strategy_book(session, org.ctx).resolve(world.payer.id, "commercial").cadence_days
            == 14
        )

    def test_one_strategy_per_scope(self, session: Session, org: OrgFixture) -> None:
        strategies.create_strategy(session, org.ctx, StrategyCreate(name="default", cadence_days=10))
        strategies.create_strategy(session, org.ctx, StrategyCreate(name="gov", payer_type="medicare"))
        with pytest.raises(Conflict):
            strategies.create_strategy(session, org.ctx, StrategyCreate(name="again"))
        with pytest.raises(Conflict):
            strategies.create_strategy(session, org.ctx, StrategyCreate(name="gov 2", payer_type="medicare"))

    def test_another_orgs_payer_and_strategy_are_not_found(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, world_of: Callable
    ) -> None:
        theirs = world_of(of=other_org)
        with pytest.raises(NotFound):
            strategies.create_strategy(session, org.ctx, StrategyCreate(name="x", payer_id=theirs.payer.id))
        their_strategy = strategies.create_strategy(session, other_org.ctx, StrategyCreate(name="x"))
        with pytest.raises(NotFound):
            strategies.get_strategy(session, org.ctx, their_strategy.id)
