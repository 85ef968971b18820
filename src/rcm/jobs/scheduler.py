"""The embedded scheduler: in-process mode's stand-in for Celery beat (same names, same intervals).

It only runs inside the API process started by `rcm serve` with `RCM_JOBS_BACKEND=inprocess`;
in production Celery beat reads the same `SCHEDULES` table.
"""

from __future__ import annotations

import logging
import threading
import time

from rcm.jobs.queue import dispatch
from rcm.jobs.registry import SCHEDULES

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self, schedules: dict[str, float] | None = None, first_delay: float = 5.0) -> None:
        self.schedules = dict(SCHEDULES if schedules is None else schedules)
        self._stop = threading.Event()
        start = time.monotonic() + first_delay
        self._next = dict.fromkeys(self.schedules, start)
        self._thread = threading.Thread(target=self._run, name="rcm-scheduler", daemon=True)

    def start(self) -> None:
        self._thread.start()
        log.info("scheduler started", extra={"jobs": sorted(self.schedules)})

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def due(self, now: float) -> list[str]:
        ready = [name for name, at in self._next.items() if at <= now]
        for name in ready:
            self._next[name] = now + self.schedules[name]
        return ready

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            for name in self.due(time.monotonic()):
                try:
                    dispatch(name, {})
                except Exception:  # a failing job must not stop the schedule
                    log.exception("scheduled job failed to start", extra={"job": name})
