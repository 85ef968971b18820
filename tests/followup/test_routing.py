"""Default AR follow-up routing as data: the four rules, first match wins, org overrides."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from rcm.followup import assignment, refresh
from rcm.followup.schemas import AssignmentRuleCreate, AssignmentRuleUpdate
from rcm.workqueues.priority import RoutingConditionInvalid
from tests.factories import OrgFixture
from tests.followup.conftest import follow_up_items


def queue_of(session: Session, org: OrgFixture, claim: object) -> str:
    refresh.refresh(session, org.ctx)
    [item] = follow_up_items(session, claim)  # type: ignore[arg-type]
    return item.queue


class TestDefaultRules:
    def test_seeded_once_in_order_and_listed(self, session: Session, org: OrgFixture) -> None:
        assert assignment.ensure_default_rules(session, org.ctx) == 4
        assert assignment.ensure_default_rules(session, org.ctx) == 0
        rules = assignment.list_rules(session, org.ctx)
        assert [(r.condition, r.queue) for r in rules] == [
            ("amount_cents > 100000", "senior_agent"),
            ("age_days > 90", "escalation_team"),
            ("payer_type in ['medicare', 'medicaid']", "government_specialist"),
            ("true", "general"),
        ]

    @pytest.mark.parametrize(
        ("payer_type", "age", "balance", "queue"),
        [
            ("commercial", 30, 100_001, "senior_agent"),  # more than $1,000
            ("commercial", 30, 100_000, "general"),  # exactly $1,000 is not "more than"
            ("commercial", 91, 50_000, "escalation_team"),
            ("commercial", 90, 50_000, "general"),
            ("medicare", 30, 50_000, "government_specialist"),
            ("medicaid", 30, 50_000, "government_specialist"),
            ("medicare_advantage", 30, 50_000, "general"),
            ("commercial", 30, 50_000, "general"),
        ],
    )
    def test_each_rule(
        self,
        session: Session,
        org: OrgFixture,
        put: Callable,
        world_of: Callable,
        payer_type: str,
        age: int,
        balance: int,
        queue: str,
    ) -> None:
        claim = put(world_of(payer_type), age=age, balance=balance)
        assert queue_of(session, org, claim) == queue

    def test_first_match_wins(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        # high value, aged and Medicare all at once: the high-value rule comes first
        claim = put(world_of("medicare"), age=200, balance=500_000)
        assert queue_of(session, org, claim) == "senior_agent"


class TestOrgRules:
    def test_a_custom_rule_ahead_of_the_defaults_wins(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        assignment.create_rule(
            session,
            org.ctx,
            AssignmentRuleCreate(position=50, condition="payer_type == 'tricare'", queue="military"),
        )
        tricare = put(world_of("tricare"), balance=900_000)
        other = put(world_of("commercial"), balance=900_000)
        assert queue_of(session, org, tricare) == "military"
        assert follow_up_items(session, other)[0].queue == "senior_agent"  # defaults still apply

    def test_deactivating_a_default_rule(
        self, session: Session, org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        senior = assignment.list_rules(session, org.ctx)[0]
        assignment.update_rule(session, org.ctx, senior.id, AssignmentRuleUpdate(is_active=False))
        claim = put(world_of("commercial"), balance=900_000)
        assert queue_of(session, org, claim) == "general"
        assert assignment.ensure_default_rules(session, org.ctx) == 0  # an inactive rule is not re-seeded

    def test_another_orgs_rules_do_not_route_mine(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable, world_of: Callable
    ) -> None:
        assignment.create_rule(session, other_org.ctx, AssignmentRuleCreate(position=1, queue="theirs"))
        claim = put(world_of("commercial"))
        assert queue_of(session, org, claim) == "general"
        from rcm.errors import NotFound

        theirs = assignment.list_rules(session, other_org.ctx)[0]
        with pytest.raises(NotFound):
            assignment.update_rule(session, org.ctx, theirs.id, AssignmentRuleUpdate(queue="mine"))

    def test_a_condition_that_does_not_compile_is_refused(self, session: Session, org: OrgFixture) -> None:
        with pytest.raises(RoutingConditionInvalid):
            assignment.create_rule(
                session, org.ctx, AssignmentRuleCreate(condition="amount_cents >", queue="x")
            )
