"""Jobs enqueued in a transaction run only after it commits, and never after a rollback."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcm.jobs.queue import REGISTRY, enqueue, task

RAN: list[str] = []


@task("tests.record")
def _record(*, label: str) -> None:
    RAN.append(label)


def test_job_runs_after_commit_not_before(session: Session) -> None:
    RAN.clear()
    enqueue(session, "tests.record", label="committed")
    assert RAN == []
    session.commit()
    assert RAN == ["committed"]


def test_job_is_dropped_on_rollback(session: Session) -> None:
    RAN.clear()
    enqueue(session, "tests.record", label="rolled back")
    session.rollback()
    session.commit()
    assert RAN == []


def test_unknown_job_is_refused(session: Session) -> None:
    import pytest

    with pytest.raises(KeyError, match="unknown job"):
        enqueue(session, "no.such.job")
    assert "tests.record" in REGISTRY
