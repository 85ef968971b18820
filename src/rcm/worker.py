"""The Celery application: every registered job becomes a task; beat runs the schedules.

Start a worker with `make worker` (`celery -A rcm.worker worker`), beat with `celery -A rcm.worker beat`.
"""

from __future__ import annotations

from celery import Celery

from rcm.config import get_settings
from rcm.jobs.queue import REGISTRY
from rcm.jobs.registry import SCHEDULES, load_all_tasks
from rcm.logging_setup import configure_logging


def make_celery() -> Celery:
    settings = get_settings()
    broker = settings.redis_url or "redis://127.0.0.1:6379/0"
    app = Celery("rcm", broker=broker, backend=broker)
    app.conf.update(
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        beat_schedule={name: {"task": name, "schedule": seconds} for name, seconds in SCHEDULES.items()},
    )
    load_all_tasks()
    for name, fn in REGISTRY.items():
        app.task(
            name=name, acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=5
        )(fn)
    return app


configure_logging()
celery_app = make_celery()


def task_names() -> list[str]:
    return sorted(celery_app.tasks.keys())
