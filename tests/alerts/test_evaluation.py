"""Alert rules evaluated on hand-made claims: which fire, with which value, and how often."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.alerts import evaluation, service
from rcm.alerts.models import AlertEvent, AlertRule, DeliveryStatus
from rcm.alerts.schemas import AlertRuleCreate
from rcm.alerts.service import AlertRuleInvalid
from rcm.audit.models import AuditEvent
from rcm.claims.state_machine import ClaimStatus as S
from rcm.pagination import PageParams
from tests.alerts.conftest import NOW, SECRET, TODAY
from tests.factories import OrgFixture, make_world


def events(session: Session, rule: AlertRule) -> list[AlertEvent]:
    stmt = select(AlertEvent).where(AlertEvent.rule_id == rule.id).order_by(AlertEvent.fired_at)
    return list(session.scalars(stmt))


class TestEvaluateRules:
    def test_payer_a_at_50_percent_fires_and_payer_b_at_0_does_not(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        a, b = make_world(session, org, name="Payer A"), make_world(session, org, name="Payer B")
        put(a, S.denied)
        put(a, S.paid, paid_cents=10_000)
        put(b, S.paid, paid_cents=10_000)
        rule_a = make_rule(name="A denials", payer_id=a.payer.id)
        rule_b = make_rule(name="B denials", payer_id=b.payer.id)

        result = evaluation.evaluate_rules(session, org.ctx, NOW)

        assert result.evaluated == 2 and len(result.fired) == 1
        [event] = events(session, rule_a)
        assert (event.value, event.threshold, event.comparator.value) == (50.0, 15.0, ">")
        assert event.status is DeliveryStatus.pending and event.attempts == 0
        assert event.payload["event_id"] == str(event.id)
        assert event.payload["rule"] == {"id": str(rule_a.id), "name": "A denials"}
        assert event.payload["filters"]["payer_id"] == str(a.payer.id)
        assert events(session, rule_b) == []
        assert (rule_a.condition_met, rule_a.last_fired_at) == (True, NOW)
        assert (rule_b.condition_met, rule_b.last_fired_at) == (False, None)

    def test_rules_sharing_a_source_and_filters_cost_one_query(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        a, b = make_world(session, org), make_world(session, org)
        put(a, S.denied)
        make_rule(metric="denial_rate", payer_id=a.payer.id)
        make_rule(metric="denial_rate_all_claims", payer_id=a.payer.id)
        make_rule(metric="denial_rate", payer_id=b.payer.id)
        make_rule(metric="clean_claim_rate", payer_id=a.payer.id, comparator="<", threshold=90)
        result = evaluation.evaluate_rules(session, org.ctx, NOW)
        assert result.evaluated == 4 and result.kpi_queries == 3

    def test_a_metric_without_a_value_never_fires(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        world = make_world(session, org)
        put(world, S.draft)  # nothing adjudicated: the denial rate is None, not 0
        rule = make_rule(payer_id=world.payer.id, comparator="<", threshold=5)
        assert evaluation.evaluate_rules(session, org.ctx, NOW).fired == []
        assert service.preview_rule(session, org.ctx, rule.id, NOW).value is None

    def test_lookback_window_counts_only_recent_dates_of_service(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        world = make_world(session, org)
        put(world, S.denied, age=60)
        put(world, S.paid, age=5, paid_cents=10_000)
        recent = make_rule(payer_id=world.payer.id, lookback_days=30)
        everything = make_rule(payer_id=world.payer.id)
        evaluation.evaluate_rules(session, org.ctx, NOW)
        assert events(session, recent) == []
        assert [e.value for e in events(session, everything)] == [50.0]
        preview = service.preview_rule(session, org.ctx, recent.id, NOW)
        assert (preview.date_from, preview.date_to, preview.value) == (TODAY - timedelta(days=30), TODAY, 0.0)

    def test_money_metric_in_cents_with_lower_bound_comparators(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        world = make_world(session, org)
        put(world, S.accepted, age=100, charge=250_000)
        put(world, S.accepted, age=10, charge=99_999)
        over = make_rule(metric="ar_over_90_days_cents", comparator=">=", threshold=250_000)
        under = make_rule(metric="ar_over_120_days_cents", comparator="<=", threshold=0)
        missed = make_rule(metric="ar_over_90_days_cents", comparator="<", threshold=250_000)
        evaluation.evaluate_rules(session, org.ctx, NOW)
        assert [e.value for e in events(session, over)] == [250_000.0]
        assert [e.value for e in events(session, under)] == [0.0]
        assert events(session, missed) == []

    def test_inactive_rules_are_not_evaluated(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        make_rule(is_active=False)
        assert evaluation.evaluate_rules(session, org.ctx, NOW).evaluated == 0

    def test_open_work_items_counts_the_queues(
        self, session: Session, org: OrgFixture, make_rule: Callable
    ) -> None:
        rule = make_rule(metric="open_work_items", comparator=">=", threshold=0)
        assert service.preview_rule(session, org.ctx, rule.id, NOW).value == 0.0
        with pytest.raises(AlertRuleInvalid):
            make_rule(metric="open_work_items", lookback_days=7)


class TestCooldown:
    def test_does_not_fire_again_while_true_within_the_cooldown(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        rule = make_rule(cooldown_hours=24)
        for hours in (0, 1, 23):
            evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(hours=hours))
        assert len(events(session, rule)) == 1
        evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(hours=24))
        assert [e.fired_at for e in events(session, rule)] == [NOW, NOW + timedelta(hours=24)]

    def test_fires_again_when_it_resolves_and_recurs(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        world = make_world(session, org)
        denied = put(world, S.denied)
        rule = make_rule(cooldown_hours=24)
        evaluation.evaluate_rules(session, org.ctx, NOW)
        denied.status = S.paid  # resolved (the appeal won)
        session.flush()
        evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(hours=1))
        assert rule.condition_met is False
        put(world, S.denied)
        evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(hours=2))
        assert len(events(session, rule)) == 2

    def test_state_changes_are_audited_but_quiet_runs_are_not(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        rule = make_rule()

        def audited() -> list[str]:
            stmt = select(AuditEvent.action).where(AuditEvent.entity_id == rule.id).order_by(AuditEvent.seq)
            return list(session.scalars(stmt))

        evaluation.evaluate_rules(session, org.ctx, NOW)
        evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(minutes=15))
        assert audited() == ["alert_rule.created", "alert_rule.evaluated"]

    def test_redefining_a_rule_resets_its_state(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        rule = make_rule(cooldown_hours=24)
        evaluation.evaluate_rules(session, org.ctx, NOW)
        from rcm.alerts.schemas import AlertRuleUpdate

        service.update_rule(session, org.ctx, rule.id, AlertRuleUpdate(threshold=20))
        evaluation.evaluate_rules(session, org.ctx, NOW + timedelta(hours=1))
        assert len(events(session, rule)) == 2


class TestTenantIsolation:
    def test_each_org_evaluates_only_its_rules_on_its_claims(
        self,
        session: Session,
        org: OrgFixture,
        other_org: OrgFixture,
        put: Callable,
        make_rule: Callable,
    ) -> None:
        put(make_world(session, other_org), S.denied, of=other_org)
        mine = make_rule()
        theirs = make_rule(of=other_org)
        assert evaluation.evaluate_rules(session, org.ctx, NOW).fired == []  # my org has no claims
        fired = evaluation.evaluate_rules(session, other_org.ctx, NOW).fired
        assert [e.id for e in events(session, theirs)] == fired
        assert events(session, mine) == []
        assert service.list_events(session, org.ctx, PageParams()).total == 0
        assert service.list_events(session, other_org.ctx, PageParams()).total == 1

    def test_a_rule_cannot_name_another_orgs_payer(
        self, session: Session, org: OrgFixture, other_org: OrgFixture
    ) -> None:
        foreign = make_world(session, other_org)
        from rcm.errors import NotFound

        with pytest.raises(NotFound):
            service.create_rule(
                session,
                org.ctx,
                AlertRuleCreate(
                    name="x",
                    metric="denial_rate",
                    comparator=">",
                    threshold=1,
                    webhook_url="https://example.test/h",
                    secret=SECRET,
                    payer_id=foreign.payer.id,
                ),
            )
