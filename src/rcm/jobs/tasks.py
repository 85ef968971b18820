"""Platform jobs."""

from __future__ import annotations

from rcm.jobs.queue import task


@task("platform.ping")
def ping() -> str:
    """A no-op used by health checks and tests to prove a worker consumes the queue."""
    return "pong"
