"""The embedded scheduler runs each job once per interval."""

from __future__ import annotations

from rcm.jobs.scheduler import Scheduler


def test_jobs_come_due_once_per_interval() -> None:
    scheduler = Scheduler({"a.job": 60.0, "b.job": 3600.0}, first_delay=0.0)
    start = min(scheduler._next.values())
    assert sorted(scheduler.due(start)) == ["a.job", "b.job"]
    assert scheduler.due(start + 30) == []
    assert scheduler.due(start + 61) == ["a.job"]
    assert scheduler.due(start + 3601) == ["a.job", "b.job"]


def test_the_production_schedule_lists_polling_and_the_deadline_monitor() -> None:
    from rcm.jobs.registry import SCHEDULES

    assert {"batches.poll_all", "appeals.deadline_monitor"} <= set(SCHEDULES)
