"""Bulk row writers: binary COPY on PostgreSQL, executemany on SQLite, both on the caller's transaction.

Column lists come from the SQLAlchemy `Table`: generated fields the table lacks are dropped, and
columns the generator does not know are filled from their model default (or left to a server
default), so a migration that adds a nullable or defaulted column does not break the loader.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter
from typing import Any, Protocol

from sqlalchemy import Column, Table
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import JSON

from rcm.synth import repository
from rcm.synth.rows import Row


class SynthSchemaError(RuntimeError):
    """The schema has a required column the generator knows nothing about."""


def is_json(column: Column[Any]) -> bool:
    col_type = column.type
    return isinstance(col_type, JSON) or isinstance(getattr(col_type, "impl", None), JSON)


def _default_for(table: Table, column: Column[Any]) -> Any:
    default = column.default
    if default is None:
        if column.nullable:
            return None
        raise SynthSchemaError(f"{table.name}.{column.name} is required and has no default")
    value = default.arg(None) if default.is_callable else default.arg  # type: ignore[attr-defined]
    if isinstance(value, Enum):
        value = value.value
    return json.dumps(value) if is_json(column) else value


@dataclass(frozen=True, slots=True)
class TablePlan:
    table: Table
    columns: tuple[str, ...]
    project: Callable[[Row], Row]

    @classmethod
    def build(cls, table: Table, fields: Sequence[str]) -> TablePlan:
        present = [i for i, name in enumerate(fields) if name in table.c]
        missing = [
            c for c in table.columns if c.name not in fields and c.server_default is None and not c.computed
        ]
        extras = tuple(_default_for(table, c) for c in missing)
        columns = tuple(fields[i] for i in present) + tuple(c.name for c in missing)
        return cls(table, columns, _projector(present, len(fields), extras))


def _projector(present: list[int], width: int, extras: Row) -> Callable[[Row], Row]:
    if present == list(range(width)):
        return (lambda row: row + extras) if extras else (lambda row: row)
    if len(present) == 1:
        index = present[0]
        return lambda row: (row[index], *extras)
    pick = itemgetter(*present)
    return lambda row: pick(row) + extras


class RowWriter(Protocol):
    def prepare(self, table: Table, fields: Sequence[str]) -> None:
        """Plan the table's writes now (catalog queries run on the caller's thread)."""

    def write(self, table: Table, fields: Sequence[str], rows: Sequence[Row]) -> None: ...


def writer_for(session: Session) -> RowWriter:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        return CopyWriter(connection)
    return ExecutemanyWriter(connection)


def _json_passthrough(value: Any) -> str | bytes:
    # JSON columns arrive as JSON text already; anything else (defaults) is serialized here.
    return value if isinstance(value, str | bytes) else json.dumps(value)


class CopyWriter:
    """COPY ... FROM STDIN (FORMAT BINARY) on the session's own psycopg connection and transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.raw: Any = connection.connection.driver_connection
        self.plans: dict[str, tuple[TablePlan, list[int], str]] = {}
        # Tables whose rows skip the per-row foreign-key triggers (checked set-based after the load).
        self.unchecked: frozenset[str] = frozenset()
        self._replica = False
        self.seconds: dict[str, float] = defaultdict(float)  # wall time per table, server work included

    def _plan(self, table: Table, fields: Sequence[str]) -> tuple[TablePlan, list[int], str]:
        found = self.plans.get(table.name)
        if found is None:
            plan = TablePlan.build(table, fields)
            oids = repository.column_type_oids(self.connection, table.name)
            sql = f"COPY {table.name} ({', '.join(plan.columns)}) FROM STDIN (FORMAT BINARY)"
            found = self.plans[table.name] = (plan, [oids[c] for c in plan.columns], sql)
        return found

    def prepare(self, table: Table, fields: Sequence[str]) -> None:
        self._plan(table, fields)

    def write(self, table: Table, fields: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        from psycopg.types.json import set_json_dumps

        plan, oids, sql = self._plan(table, fields)
        project = plan.project
        replica = table.name in self.unchecked
        if replica is not self._replica:
            self.raw.execute(repository.REPLICATION_ROLE[replica])
            self._replica = replica
        started = time.perf_counter()
        with self.raw.cursor() as cursor:
            set_json_dumps(_json_passthrough, cursor)
            with cursor.copy(sql) as copy:
                copy.set_types(oids)
                write_row = copy.write_row
                for row in rows:
                    write_row(project(row))
        self.seconds[table.name] += time.perf_counter() - started


class ExecutemanyWriter:
    """INSERT ... VALUES (?, ...) through executemany, values bound by each column's own type."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.plans: dict[str, tuple[TablePlan, list[Callable[[Any], Any] | None], str]] = {}

    def _plan(
        self, table: Table, fields: Sequence[str]
    ) -> tuple[TablePlan, list[Callable[[Any], Any] | None], str]:
        found = self.plans.get(table.name)
        if found is None:
            dialect = self.connection.dialect
            plan = TablePlan.build(table, fields)
            binders: list[Callable[[Any], Any] | None] = [
                None
                if is_json(table.c[name])
                else table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
                for name in plan.columns
            ]
            marks = ", ".join("?" for _ in plan.columns)
            sql = f"INSERT INTO {table.name} ({', '.join(plan.columns)}) VALUES ({marks})"
            found = (plan, binders, sql)
            self.plans[table.name] = found
        return found

    def prepare(self, table: Table, fields: Sequence[str]) -> None:
        self._plan(table, fields)

    def write(self, table: Table, fields: Sequence[str], rows: Sequence[Row]) -> None:
        if not rows:
            return
        plan, binders, sql = self._plan(table, fields)
        project = plan.project
        params = [
            tuple(
                value if bind is None or value is None else bind(value)
                for bind, value in zip(binders, project(row), strict=True)
            )
            for row in rows
        ]
        self.connection.exec_driver_sql(sql, params)
