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

import gc
import json
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import Table, bindparam, insert
from sqlalchemy.orm import Session
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.types import JSON, Uuid

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
    return session.connection().connection.driver_connection


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


def _copy(conn: Any, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        write = copy.write_row
        for row in rows:
            write(row)


def _generic_value(col_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """Tuple rows carry COPY-ready values (ids may be text, JSON is encoded): what SQLAlchemy's
    own types expect instead, for the executemany path."""
    if _is_json(col_type):
        return lambda v: json.loads(v) if isinstance(v, str) else v
    if isinstance(col_type, Uuid) or isinstance(getattr(col_type, "impl", None), Uuid):
        return lambda v: uuid.UUID(v) if isinstance(v, str) else v
    return None


def _generic_dicts(
    table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> list[dict[str, Any]]:
    convert = [(c, _generic_value(table.c[c].type)) for c in columns]
    return [
        {c: (f(v) if f and v is not None else v) for (c, f), v in zip(convert, row, strict=True)}
        for row in rows
    ]


@dataclass(slots=True)
class _Insert:
    table: Table
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]

    def run_pg(self, conn: Any) -> int:
        _copy(conn, self.table.name, self.columns, self.rows)
        return len(self.rows)

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

    def _set(self, name: str, column: str) -> str:
        return (
            f"{column} = {name}.{column} + t.{column}"
            if column in self.increments
            else f"{column} = t.{column}"
        )

    def _check(self, updated: int) -> int:
        if updated != len(self.rows):
            raise ConcurrentModification(
                f"{len(self.rows) - updated} of {len(self.rows)} {self.table.name} rows changed meanwhile; "
                "nothing written",
                table=self.table.name,
            )
        return updated

    def run_pg(self, conn: Any) -> int:
        # The rows go to a temporary table by COPY, then one UPDATE joins it. `id = ANY(ARRAY(...))`
        # steers the planner to the primary key, and the org check is written so that no org index
        # can be picked instead: with statistics older than the org's rows, the planner would scan
        # every row of the organization for each batch.
        name, temp = self.table.name, f"_bulk_{self.table.name}"
        keys = ("id", self.version_column)
        assignments = [self._set(name, c) for c in self.columns if c not in keys]
        condition = (
            f"{name}.id = t.id AND {name}.id = ANY(ARRAY(SELECT id FROM {temp})) "
            f"AND {name}.org_id IS NOT DISTINCT FROM %s"
        )
        if self.version_column:
            v = self.version_column
            assignments.append(f"{v} = {name}.{v} + 1")
            condition += f" AND {name}.{v} = t.{v}"
        cols = ", ".join(self.columns)
        with conn.cursor() as cur:
            cur.execute(f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT {cols} FROM {name} WITH NO DATA")
            _copy(conn, temp, self.columns, self.rows)
            cur.execute(
                f"UPDATE {name} SET {', '.join(assignments)} FROM {temp} t WHERE {condition}", (self.org_id,)
            )
            updated = cur.rowcount
            cur.execute(f"DROP TABLE {temp}")
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
        self.written = 0  # batches finished (read by the caller to know what is in the database)
        if background and self._conn is not None:
            self._thread = threading.Thread(target=self._work, name="rcm-bulk-writer", daemon=True)
            self._thread.start()

    def _run(self, batch: Batch) -> None:
        for op in batch.ops:
            if self._conn is not None:
                op.run_pg(self._conn)
            else:
                op.run_generic(self._session)
        self.written += 1

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
        else:
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


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Bulk work allocates hundreds of thousands of small tuples, dicts and lists that live until
    they are written: at the default thresholds the cyclic collector re-scans them over and over
    (a third of the Python time). Collect young objects less often meanwhile (process-wide,
    restored after)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def run(session: Session, batch: Batch) -> None:
    """Run a batch now, on the session's connection."""
    writer = Writer(session, background=False)
    writer.submit(batch)
