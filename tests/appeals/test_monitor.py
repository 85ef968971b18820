"""The deadline monitor, on an injected day: expiry, escalation, idempotence, the scheduled job."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcm.appeals import monitor, service, submission, tasks
from rcm.appeals.monitor import MonitorResult
from rcm.appeals.schemas import AppealCreate
from rcm.audit.models import AuditEvent
from rcm.denials.models import Appeal, AppealStatus, Denial
from rcm.jobs.registry import SCHEDULES, TASK_MODULES
from rcm.tenancy import AuthContext
from rcm.workqueues.models import WorkItemStatus
from tests.appeals.test_appeals import ARGUMENT
from tests.denials.helpers import Denier, fresh, work_items
from tests.factories import OrgFixture, ctx_for, make_user

ADJUDICATED = date(2026, 1, 10)  # commercial payer: the appeal deadline is 180 days later
DEADLINE = ADJUDICATED + timedelta(days=180)


@pytest.fixture
def manager(session: Session, org: OrgFixture) -> AuthContext:
    return ctx_for(make_user(session, org, "billing_manager"))


def run(session: Session, org: OrgFixture, today: date, **kw: int) -> MonitorResult:
    result = monitor.run(session, AuthContext.system(org.id), today=today, **kw)
    session.commit()
    session.expire_all()
    return result


def audit_count(session: Session, org: OrgFixture) -> int:
    return int(session.scalar(select(func.count()).where(AuditEvent.org_id == org.id)) or 0)


def appeal_on(session: Session, manager: AuthContext, denial: Denial, *, submit: bool = False) -> Appeal:
    appeal = service.open_appeal(session, manager, denial.id, AppealCreate(**ARGUMENT), today=ADJUDICATED)
    if submit:
        submission.submit_appeal(session, manager, appeal.id, today=ADJUDICATED)
    session.commit()
    return appeal


class TestExpiry:
    def test_an_unappealed_denial_expires_the_day_after_its_deadline(
        self, session: Session, org: OrgFixture, denied: Denier
    ) -> None:
        denial = denied(adjudicated=ADJUDICATED)
        assert denial.appeal_deadline == DEADLINE
        assert run(session, org, DEADLINE).expired_denials == 0  # the last day is still in time
        assert run(session, org, DEADLINE + timedelta(days=1)).expired_denials == 1
        expired = fresh(session, Denial, denial.id)
        assert (expired.appeal_status, expired.is_open, expired.resolution) == (
            AppealStatus.expired,
            False,
            "appeal deadline passed",
        )
        assert [i.status for i in work_items(session, denial)] == [WorkItemStatus.done]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == denial.id, AuditEvent.action == "denial.expired")
        ).one()
        assert event.actor_id is None and event.changes["appeal_status"] == ["NotAppealed", "Expired"]

    def test_an_appeal_not_submitted_in_time_expires_with_its_denial(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        denial = denied(adjudicated=ADJUDICATED)
        appeal = appeal_on(session, manager, denial)
        result = run(session, org, DEADLINE + timedelta(days=1))
        assert result == MonitorResult(expired_denials=0, expired_appeals=1, escalated_items=0)
        lapsed = fresh(session, Appeal, appeal.id)
        assert (lapsed.status, lapsed.outcome_note) == (
            AppealStatus.expired,
            "not submitted before the deadline",
        )
        closed = fresh(session, Denial, denial.id)
        assert (closed.appeal_status, closed.is_open) == (AppealStatus.expired, False)

    def test_submitted_and_outside_appeals_do_not_expire(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        in_system = denied(adjudicated=ADJUDICATED)
        appeal = appeal_on(session, manager, in_system, submit=True)
        outside = denied(adjudicated=ADJUDICATED)
        outside.appeal_status = AppealStatus.pending  # appealed by fax, recorded by a biller
        session.commit()
        result = run(session, org, DEADLINE + timedelta(days=30))
        assert result == MonitorResult(0, 0, 0)
        assert fresh(session, Appeal, appeal.id).status is AppealStatus.pending
        assert fresh(session, Denial, outside.id).is_open is True


class TestEscalation:
    def test_denials_due_within_the_window_are_escalated(
        self, session: Session, org: OrgFixture, denied: Denier
    ) -> None:
        due_soon = denied(adjudicated=ADJUDICATED)
        due_later = denied(adjudicated=ADJUDICATED + timedelta(days=30))
        (item,) = work_items(session, due_soon)
        queue_before, priority_before = item.queue, item.priority
        today = DEADLINE - timedelta(days=10)
        assert run(session, org, today).escalated_items == 1
        (item,) = work_items(session, due_soon)
        assert (item.escalated, item.queue, item.status) == (True, "escalations", WorkItemStatus.open)
        assert item.priority >= priority_before
        (later,) = work_items(session, due_later)
        assert (later.escalated, later.queue) == (False, queue_before)
        event = session.scalars(
            select(AuditEvent).where(
                AuditEvent.entity_id == item.id, AuditEvent.action == "work_item.escalated"
            )
        ).one()
        assert event.changes["queue"] == [queue_before, "escalations"]
        assert f"in 10 day(s); was in {queue_before}" in event.reason

    def test_the_window_is_configurable(self, session: Session, org: OrgFixture, denied: Denier) -> None:
        denial = denied(adjudicated=ADJUDICATED)
        today = DEADLINE - timedelta(days=20)
        assert run(session, org, today).escalated_items == 0
        assert run(session, org, today, within_days=30).escalated_items == 1
        assert work_items(session, denial)[0].escalated is True

    def test_an_unsubmitted_appeal_is_escalated_but_a_submitted_one_is_not(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        waiting = denied(adjudicated=ADJUDICATED)
        appeal_on(session, manager, waiting)
        sent = denied(adjudicated=ADJUDICATED)
        appeal_on(session, manager, sent, submit=True)
        assert run(session, org, DEADLINE - timedelta(days=3)).escalated_items == 1
        assert work_items(session, waiting)[0].escalated is True
        assert work_items(session, sent)[0].escalated is False


class TestIdempotence:
    def test_a_second_run_changes_nothing(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        denied(adjudicated=ADJUDICATED - timedelta(days=5))  # expires
        appeal_on(session, manager, denied(adjudicated=ADJUDICATED - timedelta(days=5)))  # appeal expires
        denied(adjudicated=ADJUDICATED + timedelta(days=5))  # escalated
        today = DEADLINE
        assert run(session, org, today) == MonitorResult(1, 1, 1)
        events = audit_count(session, org)
        assert run(session, org, today) == MonitorResult(0, 0, 0)
        assert audit_count(session, org) == events


class TestScheduledJob:
    def test_the_job_runs_every_organization_on_the_given_day(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, denied: Denier
    ) -> None:
        denial = denied(adjudicated=ADJUDICATED)
        session.commit()
        organizations = tasks.deadline_monitor(today=(DEADLINE + timedelta(days=1)).isoformat())
        assert organizations >= 2
        assert fresh(session, Denial, denial.id).appeal_status is AppealStatus.expired
        events = audit_count(session, org)
        tasks.deadline_monitor(today=(DEADLINE + timedelta(days=1)).isoformat(), within_days="30")
        assert audit_count(session, org) == events

    def test_it_is_registered_and_scheduled(self) -> None:
        assert "rcm.appeals.tasks" in TASK_MODULES
        assert SCHEDULES["appeals.deadline_monitor"] == 3600.0
