"""Where job modules live, and the periodic schedules (Celery beat, or the in-process scheduler)."""

from __future__ import annotations

import importlib

# Each domain's tasks module registers its jobs with `rcm.jobs.queue.task` on import.
TASK_MODULES: list[str] = [
    "rcm.jobs.tasks",
    "rcm.batches.tasks",
    "rcm.payments.tasks",
    "rcm.scrubbing.tasks",
    "rcm.appeals.tasks",
    "rcm.imports.tasks",
    "rcm.alerts.tasks",
    "rcm.followup.tasks",
    "rcm.flows",
]

# name -> interval in seconds
SCHEDULES: dict[str, float] = {
    "batches.poll_all": 60.0,
    "appeals.deadline_monitor": 3600.0,
    "alerts.evaluate": 900.0,
    "alerts.deliver_pending": 60.0,
    "followup.refresh": 86400.0,
}


def load_all_tasks() -> None:
    for module in TASK_MODULES:
        importlib.import_module(module)
