"""Webhook delivery against a real HTTP server on 127.0.0.1: body, signature, retries, give-up."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from rcm.alerts import delivery, evaluation
from rcm.alerts.delivery import MAX_ATTEMPTS
from rcm.alerts.models import AlertEvent, DeliveryStatus
from rcm.claims.state_machine import ClaimStatus as S
from rcm.errors import Conflict
from rcm.jobs.queue import run_now
from tests.alerts.conftest import NOW, SECRET, WebhookServer
from tests.factories import OrgFixture, make_world


@pytest.fixture
def fired(
    session: Session, org: OrgFixture, put: Callable, make_rule: Callable, receiver: WebhookServer
) -> AlertEvent:
    """One pending event of a rule whose webhook is the local receiver (committed for other sessions)."""
    put(make_world(session, org), S.denied)
    make_rule(webhook_url=receiver.url)
    [event_id] = evaluation.evaluate_rules(session, org.ctx, NOW).fired
    session.info.pop("rcm.pending_jobs", None)  # the test drives delivery itself, with its own clock
    session.commit()
    event = session.get(AlertEvent, event_id)
    assert event is not None
    return event


def reload(session: Session, event: AlertEvent) -> AlertEvent:
    session.expire_all()
    found = session.get(AlertEvent, event.id)
    assert found is not None
    return found


class TestDeliverEvent:
    def test_posts_the_payload_signed_with_the_rule_secret(
        self, session: Session, org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        assert delivery.deliver_event(org.id, fired.id, now=NOW) is DeliveryStatus.delivered
        [got] = receiver.received
        assert got.path == "/hooks/rcm"
        assert json.loads(got.body) == fired.payload
        assert json.loads(got.body)["event_id"] == str(fired.id)
        expected = "sha256=" + hmac.new(SECRET.encode(), got.body, hashlib.sha256).hexdigest()
        assert got.headers["X-RCM-Signature"] == expected
        assert got.headers["X-RCM-Event-Id"] == str(fired.id)
        event = reload(session, fired)
        assert (event.status, event.attempts, event.last_status_code) == (DeliveryStatus.delivered, 1, 200)
        assert event.delivered_at == NOW and event.next_attempt_at is None

    def test_retries_after_a_500_with_backoff_then_succeeds(
        self, session: Session, org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        receiver.statuses = [500]
        assert delivery.deliver_event(org.id, fired.id, now=NOW) is DeliveryStatus.pending
        event = reload(session, fired)
        assert (event.attempts, event.last_status_code) == (1, 500)
        assert "receiver unhappy" in event.last_error
        assert event.next_attempt_at == NOW + timedelta(minutes=1)

        assert delivery.deliver_event(org.id, fired.id, now=NOW + timedelta(seconds=30)) is None  # not due
        assert len(receiver.received) == 1

        later = NOW + timedelta(minutes=1)
        assert delivery.deliver_event(org.id, fired.id, now=later) is DeliveryStatus.delivered
        first, second = receiver.received
        assert first.body == second.body  # the same event, the same event_id: receivers drop the repeat
        event = reload(session, fired)
        assert (event.status, event.attempts, event.last_error) == (DeliveryStatus.delivered, 2, "")

    def test_fails_after_max_attempts_and_keeps_the_event(
        self, session: Session, org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        receiver.statuses = [503] * MAX_ATTEMPTS
        at = NOW
        for attempt in range(1, MAX_ATTEMPTS + 1):
            status = delivery.deliver_event(org.id, fired.id, now=at)
            assert status is (DeliveryStatus.failed if attempt == MAX_ATTEMPTS else DeliveryStatus.pending)
            at += delivery.backoff(attempt)
        event = reload(session, fired)
        assert (event.status, event.attempts, event.last_status_code) == (DeliveryStatus.failed, 8, 503)
        assert event.next_attempt_at is None
        assert delivery.deliver_event(org.id, fired.id, now=at + timedelta(days=1)) is None
        assert len(receiver.received) == MAX_ATTEMPTS

    def test_backoff_doubles_and_is_capped(self) -> None:
        assert [delivery.backoff(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
        assert delivery.backoff(30) == timedelta(hours=6)

    def test_an_unreachable_receiver_is_a_failed_attempt_not_an_error(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        make_rule(webhook_url="http://127.0.0.1:9/nothing-listens-here")
        [event_id] = evaluation.evaluate_rules(session, org.ctx, NOW).fired
        session.info.pop("rcm.pending_jobs", None)
        session.commit()
        assert delivery.deliver_event(org.id, event_id, now=NOW) is DeliveryStatus.pending
        event = session.get(AlertEvent, event_id)
        assert event is not None
        session.refresh(event)
        assert event.last_status_code is None and "ConnectError" in event.last_error

    def test_private_targets_are_refused_when_configured_off(
        self,
        session: Session,
        org: OrgFixture,
        fired: AlertEvent,
        receiver: WebhookServer,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        from rcm.config import get_settings

        monkeypatch.setattr(get_settings(), "webhook_private_hosts", False)
        assert delivery.deliver_event(org.id, fired.id, now=NOW) is DeliveryStatus.pending
        session.refresh(fired)
        assert receiver.received == []
        assert "non-public address 127.0.0.1" in fired.last_error

    def test_another_orgs_event_is_not_found(
        self, org: OrgFixture, other_org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        from rcm.errors import NotFound

        with pytest.raises(NotFound):
            delivery.deliver_event(other_org.id, fired.id, now=NOW)
        assert receiver.received == []


class TestScheduledJobs:
    def test_sweep_delivers_due_events_and_skips_settled_ones(
        self, session: Session, org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        receiver.statuses = [500]
        assert run_now("alerts.deliver_pending", now=NOW.isoformat()) >= 1
        assert reload(session, fired).status is DeliveryStatus.pending
        run_now("alerts.deliver_pending", now=(NOW + timedelta(seconds=10)).isoformat())
        assert len(receiver.received) == 1  # not due yet: nothing sent
        run_now("alerts.deliver_pending", now=(NOW + timedelta(minutes=2)).isoformat())
        assert reload(session, fired).status is DeliveryStatus.delivered
        run_now("alerts.deliver_pending", now=(NOW + timedelta(hours=1)).isoformat())
        assert len(receiver.received) == 2

    def test_evaluation_job_fires_and_delivers_after_commit(
        self, session: Session, org: OrgFixture, put: Callable, make_rule: Callable, receiver: WebhookServer
    ) -> None:
        put(make_world(session, org), S.denied)
        rule = make_rule(webhook_url=receiver.url)
        session.commit()
        result = run_now("alerts.evaluate_org", org_id=str(org.id), now=NOW.isoformat())
        assert result == {"evaluated": 1, "fired": 1, "kpi_queries": 1}
        assert len(receiver.received) == 1
        assert json.loads(receiver.received[0].body)["rule"]["id"] == str(rule.id)

    def test_a_failed_event_can_be_queued_again(
        self, session: Session, org: OrgFixture, fired: AlertEvent, receiver: WebhookServer
    ) -> None:
        event = reload(session, fired)
        with pytest.raises(Conflict):
            delivery.redeliver(session, org.ctx, event.id)
        event.status, event.attempts = DeliveryStatus.failed, MAX_ATTEMPTS
        session.flush()
        delivery.redeliver(session, org.ctx, event.id)
        session.commit()  # the queued delivery runs after the commit
        event = reload(session, fired)
        assert (event.status, event.attempts) == (DeliveryStatus.delivered, 1)
