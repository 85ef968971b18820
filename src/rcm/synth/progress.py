"""A rich progress bar counting loaded claims, with the rate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} claims/s" if speed else "- claims/s", style="progress.data.speed")


@contextmanager
def claim_progress(
    total: int, *, enabled: bool = True, console: Console | None = None
) -> Iterator[Callable[[int], None]]:
    """Yield `advance(n)`; a no-op when disabled (tests, piped output)."""
    if not enabled:
        yield lambda _n: None
        return
    columns = (
        TextColumn("[bold]claims"), BarColumn(), MofNCompleteColumn(), RateColumn(), TimeElapsedColumn(),
        TextColumn("eta"), TimeRemainingColumn(),
    )  # fmt: skip
    with Progress(*columns, console=console, refresh_per_second=4) as progress:
        task = progress.add_task("synth", total=total)
        yield lambda n: progress.advance(task, n)
