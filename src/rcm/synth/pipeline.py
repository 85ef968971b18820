"""Write batches on a background thread, so generating the next batch overlaps PostgreSQL's work.

psycopg releases the GIL while it waits on the server, so the Python generator and the database
each keep a core busy. Only the writer thread touches the connection until `close()` returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from types import TracebackType

from sqlalchemy import Table

from rcm.synth.rows import Row
from rcm.synth.writers import RowWriter

Part = tuple[Table, Sequence[str], Sequence[Row]]
Job = tuple[list[Part], int]


class InlineWriter:
    """The same interface, writing at once (SQLite: nothing to overlap with)."""

    def __init__(self, writer: RowWriter, on_written: Callable[[int], None] | None) -> None:
        self.writer, self.on_written = writer, on_written

    def submit(self, parts: list[Part], claims: int) -> None:
        for table, fields, rows in parts:
            self.writer.write(table, fields, rows)
        if self.on_written is not None:
            self.on_written(claims)

    def __enter__(self) -> InlineWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class BackgroundWriter:
    def __init__(self, writer: RowWriter, on_written: Callable[[int], None] | None, depth: int = 2) -> None:
        self.writer, self.on_written = writer, on_written
        self._jobs: queue.Queue[Job | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="synth-writer", daemon=True)

    def __enter__(self) -> BackgroundWriter:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._jobs.put(None)
        self._thread.join()
        if kind is None and self._error is not None:
            raise self._error

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            if self._error is not None:
                continue  # drain after a failure; the load is rolled back
            try:
                for table, fields, rows in job[0]:
                    self.writer.write(table, fields, rows)
                if self.on_written is not None:
                    self.on_written(job[1])
            except BaseException as exc:  # re-raised in the loading thread
                self._error = exc

    def submit(self, parts: list[Part], claims: int) -> None:
        while True:
            if self._error is not None:
                raise self._error
            try:
                self._jobs.put((parts, claims), timeout=0.2)
                return
            except queue.Full:
                continue
