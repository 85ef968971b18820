"""Background jobs: registered by name, enqueued inside a transaction, sent after commit.

In-process mode runs them on a small thread pool (or synchronously when `jobs_eager`);
Celery mode hands them to the workers through Redis. Tasks take ids and `org_id` only and
open their own unit of work, so both modes run the same code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, SessionTransaction

from rcm.config import JobsBackend, get_settings

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])
_PENDING = "rcm.pending_jobs"
REGISTRY: dict[str, Callable[..., Any]] = {}
_pool: ThreadPoolExecutor | None = None


def task(name: str) -> Callable[[F], F]:
    """Register a job function under a Celery-style name `<domain>.<verb>`."""

    def register(fn: F) -> F:
        if name in REGISTRY and REGISTRY[name] is not fn:
            raise ValueError(f"job {name} registered twice")
        REGISTRY[name] = fn
        return fn

    return register


def enqueue(session: Session, name: str, **kwargs: Any) -> None:
    """Queue a job to run once the session's transaction commits (dropped on rollback)."""
    if name not in REGISTRY:
        raise KeyError(f"unknown job {name}")
    session.connection()  # make sure a transaction is open, so its commit or rollback decides
    session.info.setdefault(_PENDING, []).append((name, kwargs))


def run_now(name: str, **kwargs: Any) -> Any:
    return REGISTRY[name](**kwargs)


def _run_logged(name: str, kwargs: dict[str, Any]) -> None:
    try:
        REGISTRY[name](**kwargs)
    except Exception:
        log.exception("job failed", extra={"job": name, "job_kwargs": {k: str(v) for k, v in kwargs.items()}})


def dispatch(name: str, kwargs: dict[str, Any]) -> None:
    settings = get_settings()
    if settings.jobs_backend is JobsBackend.celery:
        from rcm.worker import celery_app

        celery_app.send_task(name, kwargs={k: str(v) if v is not None else None for k, v in kwargs.items()})
    elif settings.jobs_eager:
        _run_logged(name, kwargs)
    else:
        global _pool
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="rcm-job")
        _pool.submit(_run_logged, name, kwargs)


@sa_event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, [])
    for name, kwargs in pending:
        dispatch(name, kwargs)


@sa_event.listens_for(Session, "after_soft_rollback")
def _drop_on_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    # Only the outermost transaction's rollback drops jobs; a rolled-back SAVEPOINT keeps them.
    if previous_transaction.parent is None:
        session.info.pop(_PENDING, None)
