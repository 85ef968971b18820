"""Bulk writes for the high-volume paths (ERA posting, imports, synth): COPY on PostgreSQL,
executemany elsewhere.

Two shapes:
- `insert_rows` / `update_rows`: dict rows keyed by column name, written at once on the session.
- `Batch` + `Writer`: tuple rows in a declared column order, staged by each domain's repository
  and written together later, on PostgreSQL by a background thread on the session's own
  connection (same transaction) while the caller prepares the next batch.

Used only from repositories and services that already scoped every row to the caller's org.
"""

from __future__ import annotations

import io
import json
import queue
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import psycopg
from psycopg.copy import FileWriter
from sqlalchemy import Table, bindparam, insert
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.types import JSON, DateTime, Uuid

from rcm.errors import Conflict


class ConcurrentModification(Conflict):
    """Rows changed under a bulk update (their version moved): nothing was written."""


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _json(value: Any) -> Any:
    return None if value is None else json.dumps(value)


def _enum(value: Any) -> Any:
    # psycopg would dump an Enum member by its name, not its value
    return value.value if isinstance(value, Enum) else value


def _is_json(col_type: TypeEngine[Any]) -> bool:
    return isinstance(col_type, JSON) or isinstance(getattr(col_type, "impl", None), JSON)


def _converter(col_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """What a dict row's value of this column needs before COPY (None: nothing, the common case)."""
    if _is_json(col_type):
        return _json
    if getattr(col_type, "enum_cls", None) is not None:
        return _enum
    return None


def _as_tuples(table: Table, columns: list[str], rows: Sequence[dict[str, Any]]) -> Iterable[Sequence[Any]]:
    converters = [(c, _converter(table.c[c].type)) for c in columns]
    if all(conv is None for _, conv in converters):
        return ([row[c] for c in columns] for row in rows)
    return ([conv(row[c]) if conv else row[c] for c, conv in converters] for row in rows)


def _psycopg(session: Session) -> Any:
    """The session's psycopg connection, set for bulk work for the rest of the transaction:
    - JIT off: the planner costs a bulk statement (or a statement-level trigger over its transition
      table) high enough to JIT-compile it, which takes 100-400 ms each time and saves nothing here;
    - no parallel workers: a parallel scan takes the cores the caller's own thread is working on."""
    conn: Any = session.connection().connection.driver_connection
    conn.execute("SET LOCAL jit = off")
    conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
    return conn


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    """Insert dict rows (every row with the same keys; values as the ORM would take them)."""
    if not rows:
        return 0
    if not _is_postgres(session):
        session.execute(insert(table), list(rows))
        return len(rows)
    columns = list(rows[0].keys())
    _copy(_psycopg(session), table.name, columns, _as_tuples(table, columns, rows))
    return len(rows)


def update_rows(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    *,
    org_id: uuid.UUID,
    version_column: str | None = None,
) -> int:
    """UPDATE by `id` (and `version` when given: it must still be the row's version, and is bumped).

    Every row must carry the same keys. Raises ConcurrentModification if any row was not updated.
    """
    if not rows:
        return 0
    columns = list(rows[0].keys())
    update = _Update(table, tuple(columns), [], org_id, version_column)
    if _is_postgres(session):
        update.rows = list(_as_tuples(table, columns, rows))
        return update.run_pg(_psycopg(session))
    update.rows = [tuple(r[c] for c in columns) for r in rows]
    return update.run_generic(session)


# -- staged batches ---------------------------------------------------------------------------


def _copy(conn: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]] | bytes) -> None:
    """COPY rows (or data already in COPY text format) into `table`."""
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        if isinstance(rows, bytes):
            copy.write(rows)
            return
        write = copy.write_row
        for row in rows:
            write(row)


def _encode(conn: Any, rows: Sequence[Sequence[Any]]) -> list[bytes]:
    """Rows in COPY text format, in pieces of at most PIECE_ROWS rows, made with psycopg's own
    formatter and the connection's adapters without touching the connection (no statement is
    sent): the caller's thread formats, so the writer thread only moves bytes and waits."""
    pieces = []
    with conn.cursor() as cur:
        for start in range(0, len(rows), PIECE_ROWS):
            out = io.BytesIO()
            with psycopg.Copy(cur, binary=False, writer=FileWriter(out)) as copy:
                write = copy.write_row
                for row in rows[start : start + PIECE_ROWS]:
                    write(row)
            pieces.append(out.getvalue())
    return pieces


def _generic_value(col_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """Tuple rows carry COPY-ready values (ids may be text, JSON is encoded): what SQLAlchemy's
    own types expect instead, for the executemany path."""
    if _is_json(col_type):
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if isinstance(col_type, Uuid) or isinstance(getattr(col_type, "impl", None), Uuid):
        return lambda v: uuid.UUID(v) if isinstance(v, str) else v
    if isinstance(col_type, DateTime) or isinstance(getattr(col_type, "impl", None), DateTime):
        return lambda v: datetime.fromisoformat(v) if isinstance(v, str) else v
    return None


def _generic_dicts(
    table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[dict[str, Any]]:
    convert = [(c, _generic_value(table.c[c].type)) for c in columns]
    return [
        {c: (f(v) if f and v is not None else v) for (c, f), v in zip(convert, row, strict=True)}
        for row in rows
    ]


def _quoted(value: str) -> str:
    if "\\" in value or '"' in value:
        value = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{value}"'


def _element(value: Any) -> str:
    """One element of a PostgreSQL array literal (text form)."""
    if value is None:
        return "NULL"
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Enum):
        return _quoted(str(value.value))
    if isinstance(value, datetime | date):
        return f'"{value.isoformat()}"'
    return _quoted(str(value))


def array_literal(values: Sequence[Any]) -> str:
    """`values` (hashable: text, numbers, timestamps, None) as a PostgreSQL array literal, e.g.
    '{1,NULL,3}' or '{"a","b"}'; the statement casts it to the column's type. Values that repeat
    (a timestamp shared by every row, a status) are formatted once."""
    memo: dict[Any, str] = {}
    out = []
    for value in values:
        text = memo.get(value)
        if text is None:
            text = memo[value] = _element(value)
        out.append(text)
    return "{" + ",".join(out) + "}"


@dataclass(slots=True)
class _Insert:
    table: Table
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    data: list[bytes] | None = None  # the rows in COPY format, once encoded

    def encode(self, conn: Any) -> None:
        self.data, self.rows = _encode(conn, self.rows), ()

    def steps(self, conn: Any) -> Iterator[Callable[[], object]]:
        """The statements to run, one at a time (one COPY per encoded piece)."""
        if self.data is None:
            yield lambda: _copy(conn, self.table.name, self.columns, self.rows)
            return
        for piece in self.data:
            yield lambda piece=piece: _copy(conn, self.table.name, self.columns, piece)  # type: ignore[misc]

    def run_generic(self, session: Session) -> int:
        session.execute(insert(self.table), _generic_dicts(self.table, self.columns, self.rows))
        return len(self.rows)


@dataclass(slots=True)
class _Update:
    """UPDATE rows by `id` (first column), scoped to the org, under an optional version check."""

    table: Table
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    org_id: uuid.UUID
    version_column: str | None
    increments: tuple[str, ...] = ()  # columns set to their current value plus the given one
    arrays: list[str] | None = None  # one PostgreSQL array literal per column, once encoded
    count: int = 0

    def encode(self, conn: Any) -> None:
        del conn  # array literals need no adapters
        self.arrays = [array_literal(column) for column in zip(*self.rows, strict=True)]
        self.count, self.rows = len(self.rows), ()

    def steps(self, conn: Any) -> Iterator[Callable[[], object]]:
        yield lambda: self.run_pg(conn)

    def _set(self, name: str, column: str) -> str:
        return (
            f"{column} = {name}.{column} + t.{column}"
            if column in self.increments
            else f"{column} = t.{column}"
        )

    def _check(self, updated: int) -> int:
        expected = self.count or len(self.rows)
        if updated != expected:
            raise ConcurrentModification(
                f"{expected - updated} of {expected} {self.table.name} rows changed meanwhile; "
                "nothing written",
                table=self.table.name,
            )
        return updated

    def run_pg(self, conn: Any) -> int:
        # One statement, each column an array literal (text: no per-element adapter, no temporary
        # table). `id = ANY(ids)` steers the planner to the primary key, and the org check is
        # written so that no org index can be picked instead: with statistics older than the
        # org's rows, the planner would scan every row of the organization for each batch.
        if self.arrays is None:
            self.encode(conn)
        assert self.arrays is not None
        name, dialect = self.table.name, postgresql.dialect()  # type: ignore[no-untyped-call]
        types = [self.table.c[c].type.compile(dialect=dialect) for c in self.columns]
        source = ", ".join(f"%s::{t}[]" for t in types)
        keys = ("id", self.version_column)
        assignments = [self._set(name, c) for c in self.columns if c not in keys]
        condition = (
            f"{name}.id = t.id AND {name}.id = ANY(%s::uuid[]) AND {name}.org_id IS NOT DISTINCT FROM %s"
        )
        if self.version_column:
            v = self.version_column
            assignments.append(f"{v} = {name}.{v} + 1")
            condition += f" AND {name}.{v} = t.{v}"
        sql = (
            f"UPDATE {name} SET {', '.join(assignments)} "
            f"FROM unnest({source}) AS t({', '.join(self.columns)}) WHERE {condition}"
        )
        with conn.cursor() as cur:
            # Planned for these very arrays, never as a prepared generic plan (it would guess ten
            # rows for `unnest` and loop over all of them for every row: seconds per batch). And
            # statistics older than a bulk load make a big table look small, so that the planner
            # would scan all of it instead: the primary key is always right here.
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(sql, (*self.arrays, self.arrays[0], self.org_id), prepare=False)
            updated = cur.rowcount
            cur.execute("RESET enable_seqscan")
            return self._check(updated)

    def run_generic(self, session: Session) -> int:
        table, v = self.table, self.version_column
        set_cols = [c for c in self.columns if c not in ("id", v)]
        values: dict[str, Any] = {
            c: table.c[c] + bindparam(f"v_{c}") if c in self.increments else bindparam(f"v_{c}")
            for c in set_cols
        }
        where = [table.c.id == bindparam("k_id"), table.c.org_id == self.org_id]
        if v:
            values[v] = table.c[v] + 1
            where.append(table.c[v] == bindparam("k_version"))
        params = [
            {
                **{f"v_{c}": row[c] for c in set_cols},
                "k_id": row["id"],
                **({"k_version": row[v]} if v else {}),
            }
            for row in _generic_dicts(table, self.columns, self.rows)
        ]
        result = session.connection().execute(table.update().where(*where).values(values), params)
        return self._check(int(result.rowcount))


@dataclass(slots=True)
class Batch:
    """Bulk statements to run in order, in the caller's transaction, as one unit of work."""

    ops: list[_Insert | _Update] = field(default_factory=list)

    def insert(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self.ops.append(_Insert(table, tuple(columns), rows))

    def insert_dicts(self, table: Table, rows: Sequence[dict[str, Any]]) -> None:
        """Dict rows (values as the ORM takes them: enums, JSON-native objects), same keys in each."""
        if rows:
            columns = list(rows[0].keys())
            self.insert(table, columns, list(_as_tuples(table, columns, rows)))

    def update(
        self,
        table: Table,
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        org_id: uuid.UUID,
        version_column: str | None = None,
        increments: Sequence[str] = (),
    ) -> None:
        """`columns` starts with `id` (and the version column when given); `increments` are added
        to the row's current value instead of replacing it."""
        if rows:
            update = _Update(table, tuple(columns), rows, org_id, version_column, tuple(increments))
            self.ops.append(update)


_DONE = object()
PIECE_ROWS = 2000  # rows per COPY statement: a read of the caller waits at most for one
# GIL switch interval while a writer thread runs. Each time the server answers, the writer thread
# needs the GIL back to go on; at the default 5 ms it waits for the busy planning thread to hand it
# over, and the server idles meanwhile (measured: ERA posting 4,400 -> 6,800 claims/s at 0.5 ms).
SWITCH_INTERVAL = 0.0005


class _Switching:
    """Shorter GIL switch interval while any writer thread runs (process-wide setting, so counted)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._users = 0
        self._before = sys.getswitchinterval()

    def enter(self) -> None:
        with self._lock:
            if self._users == 0:
                self._before = sys.getswitchinterval()
                sys.setswitchinterval(min(self._before, SWITCH_INTERVAL))
            self._users += 1

    def leave(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users == 0:
                sys.setswitchinterval(self._before)


_switching = _Switching()


class Writer:
    """Runs batches in the session's transaction. On PostgreSQL a background thread writes on the
    session's psycopg connection (thread-safe: one statement or COPY at a time) while the caller
    prepares the next batch; elsewhere each batch runs at once. A failed batch is raised to the
    caller on its next `submit` or at `close`, and nothing after it is written.

    The writer thread never touches the Session; the caller may keep using the session meanwhile
    (its statements interleave with the writer's, so it must not read rows a pending batch writes:
    `drain` first)."""

    def __init__(self, session: Session, *, background: bool = True, depth: int = 2) -> None:
        self._session = session
        self._conn = _psycopg(session) if _is_postgres(session) else None
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self._aborted = False
        self._turn = threading.Condition()  # who uses the connection next: writer or caller
        self._readers = 0
        self._busy = False
        self.written = 0  # batches finished (read by the caller to know what is in the database)
        if background and self._conn is not None:
            self._thread = threading.Thread(target=self._work, name="rcm-bulk-writer", daemon=True)
            _switching.enter()
            self._thread.start()

    def _run(self, batch: Batch) -> None:
        for op in batch.ops:
            if self._conn is None:
                op.run_generic(self._session)
                continue
            for step in op.steps(self._conn):
                with self._turn:
                    while self._readers and self._thread is not None:
                        self._turn.wait()  # the caller is reading: let it have the connection first
                    self._busy = True
                try:
                    step()
                finally:
                    with self._turn:
                        self._busy = False
                        self._turn.notify_all()
        self.written += 1

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Have the connection next: the writer finishes its current statement and waits until the
        block ends (reads of the caller then do not queue behind a whole batch of writes)."""
        if self._thread is None:
            yield
            return
        with self._turn:
            self._readers += 1
            while self._busy:
                self._turn.wait()
        try:
            yield
        finally:
            with self._turn:
                self._readers -= 1
                self._turn.notify_all()

    def _work(self) -> None:
        while True:
            batch = self._queue.get()
            try:
                if batch is _DONE:
                    return
                if self._error is None and not self._aborted:
                    self._run(batch)
            except BaseException as exc:  # handed to the caller's thread, raised there
                self._error = exc
            finally:
                self._queue.task_done()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            self._stop()
            raise error

    def submit(self, batch: Batch) -> None:
        self._raise()
        if self._thread is None:
            self._run(batch)
            return
        for op in batch.ops:
            op.encode(self._conn)  # here, in the caller's thread: see _encode
        self._queue.put(batch)

    def drain(self) -> None:
        """Wait until every submitted batch is written; raise the first failure."""
        if self._thread is not None:
            self._queue.join()
        self._raise()

    def _stop(self) -> None:
        if self._thread is not None:
            thread, self._thread = self._thread, None
            self._queue.put(_DONE)
            thread.join()
            _switching.leave()

    def abort(self) -> None:
        """Stop without writing what is still queued, swallowing the writer's error (the caller is
        already failing and will roll the transaction back)."""
        self._aborted = True
        self._error = None
        self._stop()

    def close(self) -> None:
        """Drain and stop. Always call it (also on error: the thread must be gone before the
        session rolls back)."""
        try:
            self.drain()
        finally:
            self._stop()


def run(session: Session, batch: Batch) -> None:
    """Run a batch now, on the session's connection."""
    writer = Writer(session, background=False)
    writer.submit(batch)
