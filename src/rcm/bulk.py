"""Bulk writes for the high-volume paths (ERA posting, imports): COPY on PostgreSQL, executemany
elsewhere. Rows are dicts keyed by column name; values are what the column type stores.

Used only from repositories and services that already scoped every row to the caller's org.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any

from sqlalchemy import Table, bindparam, insert, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.types import JSON

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


def _converter(col_type: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    """What a value of this column needs before COPY (None: nothing, the common case)."""
    if isinstance(col_type, JSON) or isinstance(getattr(col_type, "impl", None), JSON):
        return _json
    if getattr(col_type, "enum_cls", None) is not None:
        return _enum
    return None


def _copy_rows(copy: Any, rows: Sequence[dict[str, Any]], columns: list[str], table: Table) -> None:
    converters = [(c, _converter(table.c[c].type)) for c in columns]
    plain = all(conv is None for _, conv in converters)
    write = copy.write_row
    if plain:
        for row in rows:
            write([row[c] for c in columns])
        return
    for row in rows:
        write([conv(row[c]) if conv else row[c] for c, conv in converters])


def _psycopg(session: Session) -> Any:
    return session.connection().connection.driver_connection


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> int:
    if not rows:
        return 0
    columns = list(rows[0].keys())
    if not _is_postgres(session):
        session.execute(insert(table), list(rows))
        return len(rows)
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with _psycopg(session).cursor() as cur, cur.copy(sql) as copy:
        _copy_rows(copy, rows, columns, table)
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
    set_cols = [c for c in rows[0] if c not in ("id", version_column)]
    updated = (
        _update_pg(session, table, rows, set_cols, org_id, version_column)
        if _is_postgres(session)
        else _update_generic(session, table, rows, set_cols, org_id, version_column)
    )
    if updated != len(rows):
        raise ConcurrentModification(
            f"{len(rows) - updated} of {len(rows)} {table.name} rows changed meanwhile; nothing written",
            table=table.name,
        )
    return updated


def _update_generic(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    set_cols: list[str],
    org_id: uuid.UUID,
    version_column: str | None,
) -> int:
    values: dict[str, Any] = {c: bindparam(f"v_{c}") for c in set_cols}
    where = [table.c.id == bindparam("k_id"), table.c.org_id == org_id]
    if version_column:
        values[version_column] = table.c[version_column] + 1
        where.append(table.c[version_column] == bindparam("k_version"))
    stmt = table.update().where(*where).values(values)
    params = [
        {
            **{f"v_{c}": r[c] for c in set_cols},
            "k_id": r["id"],
            **({"k_version": r[version_column]} if version_column else {}),
        }
        for r in rows
    ]
    result = session.connection().execute(stmt, params)
    return int(result.rowcount)


def _update_pg(
    session: Session,
    table: Table,
    rows: Sequence[dict[str, Any]],
    set_cols: list[str],
    org_id: uuid.UUID,
    version_column: str | None,
) -> int:
    temp = f"_bulk_{table.name}_{uuid.uuid4().hex[:8]}"
    key_cols = ["id", *([version_column] if version_column else [])]
    cols = key_cols + set_cols
    session.execute(
        text(
            f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT {', '.join(cols)} "
            f"FROM {table.name} WITH NO DATA"
        )
    )
    with _psycopg(session).cursor() as cur, cur.copy(f"COPY {temp} ({', '.join(cols)}) FROM STDIN") as copy:
        _copy_rows(copy, rows, cols, table)
    assignments = [f"{c} = t.{c}" for c in set_cols]
    condition = f"{table.name}.id = t.id AND {table.name}.org_id = :org_id"
    if version_column:
        assignments.append(f"{version_column} = {table.name}.{version_column} + 1")
        condition += f" AND {table.name}.{version_column} = t.{version_column}"
    result = session.execute(
        text(f"UPDATE {table.name} SET {', '.join(assignments)} FROM {temp} t WHERE {condition}"),
        {"org_id": org_id},
    )
    session.execute(text(f"DROP TABLE {temp}"))
    return int(result.rowcount)  # type: ignore[attr-defined]
