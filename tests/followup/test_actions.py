"""Follow-up actions: stored, on the claim's timeline, and the work item snoozed or closed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.audit.models import AuditEvent
from rcm.claims.state_machine import ClaimStatus as S
from rcm.db import utcnow
from rcm.errors import BusinessRuleViolation, InvalidInput, NotFound
from rcm.followup import actions, refresh, strategies
from rcm.followup.schemas import FollowUpCreate, StrategyCreate
from rcm.workqueues.models import WorkItemStatus
from tests.factories import OrgFixture, ctx_for, make_user
from tests.followup.conftest import follow_up_items

TODAY = utcnow().date()


def midnight(days: int) -> datetime:
    return datetime.combine(TODAY + timedelta(days=days), datetime.min.time(), UTC)


def log(session: Session, org: OrgFixture, claim: object, **fields: object) -> object:
    body = FollowUpCreate(**{"channel": "phone", "outcome": "payer_says_in_process", **fields})  # type: ignore[arg-type]
    return actions.log_follow_up(session, org.ctx, claim.id, body)  # type: ignore[attr-defined]


class TestLogFollowUp:
    def test_stored_audited_on_the_claim_and_item_snoozed(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        agent = make_user(session, org, "biller")
        claim = put(world_of())
        refresh.refresh(session, org.ctx)
        [before] = follow_up_items(session, claim)
        fresh_priority = before.priority
        body = FollowUpCreate(
            channel="phone",
            outcome="payer_says_in_process",
            note="rep Dana: in review, ref #A123",
            next_follow_up_on=TODAY + timedelta(days=10),
        )
        action = actions.log_follow_up(session, ctx_for(agent), claim.id, body)

        assert (action.claim_id, action.work_item_id, action.performed_by) == (claim.id, before.id, agent.id)
        assert action.next_follow_up_on == TODAY + timedelta(days=10)
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == claim.id, AuditEvent.action == "claim.follow_up")
        ).one()
        assert (event.entity_type, event.actor_id, event.reason) == (
            "claim",
            agent.id,
            "rep Dana: in review, ref #A123",
        )
        assert event.changes["outcome"] == [None, "payer_says_in_process"]
        assert event.changes["follow_up_id"] == [None, str(action.id)]
        [item] = follow_up_items(session, claim)
        assert item.status is WorkItemStatus.open and item.due_at == midnight(10)
        assert item.priority < fresh_priority  # not urgent until it wakes up
        assert item.note.endswith(
            f"phone: payer_says_in_process -> snoozed until {TODAY + timedelta(days=10)}"
        )

    def test_next_date_defaults_to_the_payer_cadence(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        world = world_of()
        strategies.create_strategy(
            session, org.ctx, StrategyCreate(name="p", payer_id=world.payer.id, cadence_days=5)
        )
        action = log(session, org, put(world))
        assert action.next_follow_up_on == TODAY + timedelta(days=5)  # type: ignore[attr-defined]

    def test_a_promised_payment_comes_back_after_a_grace_period(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        promised = TODAY + timedelta(days=7)
        action = log(
            session, org, put(world_of()), outcome="promised_payment_date", promised_payment_on=promised
        )
        assert action.next_follow_up_on == promised + timedelta(days=actions.PROMISE_GRACE_DAYS)  # type: ignore[attr-defined]

    def test_close_item_closes_and_the_claim_comes_back_when_due(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of())
        refresh.refresh(session, org.ctx)
        log(
            session,
            org,
            claim,
            outcome="payer_says_paid",
            next_follow_up_on=TODAY + timedelta(days=3),
            close_item=True,
        )
        [item] = follow_up_items(session, claim)
        assert item.status is WorkItemStatus.done and item.note.endswith("-> closed")
        assert refresh.refresh(session, org.ctx).opened == 0  # not before the next follow-up date
        assert refresh.refresh(session, org.ctx, now=utcnow() + timedelta(days=3)).opened == 1  # still unpaid

    def test_refuses_a_next_date_in_the_past(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        with pytest.raises(InvalidInput):
            log(session, org, put(world_of()), next_follow_up_on=TODAY - timedelta(days=1))

    def test_refuses_a_claim_never_billed(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        with pytest.raises(BusinessRuleViolation):
            log(session, org, put(world_of(), S.draft))

    def test_another_orgs_claim_is_not_found(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        theirs = put(world_of(of=other_org), of=other_org)
        with pytest.raises(NotFound):
            log(session, org, theirs)
        with pytest.raises(NotFound):
            actions.follow_ups_of_claim(session, org.ctx, theirs.id)

    def test_listed_newest_first(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        claim = put(world_of())
        first = actions.log_follow_up(
            session,
            org.ctx,
            claim.id,
            FollowUpCreate(channel="phone", outcome="left_voicemail"),
            now=utcnow() - timedelta(hours=2),
        )
        second = log(session, org, claim, channel="portal")
        assert [a.id for a in actions.follow_ups_of_claim(session, org.ctx, claim.id)] == [
            second.id,
            first.id,
        ]  # type: ignore[attr-defined]
