"""A real Celery worker on Redis consumes jobs enqueued after commit (CI; skipped without Redis)."""

from __future__ import annotations

import pytest

from rcm.jobs.queue import REGISTRY

pytestmark = pytest.mark.redis


def test_worker_runs_a_registered_job(celery_worker: object) -> None:
    result = celery_worker.send_task("platform.ping")  # type: ignore[attr-defined]
    assert result.get(timeout=20) == "pong"


def test_every_registered_job_is_a_celery_task(celery_worker: object) -> None:
    from rcm.worker import task_names

    assert set(REGISTRY) <= set(task_names())
