"""Who is asking, and the org-scoped repository base every query starts from.

Every repository's base statement already filters by `ctx.org_id`, so a record of another
organization is simply not found (404), never "forbidden".
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, Table, false, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from rcm import bulk
from rcm.auth.permissions import ROLE_LEVELS, Role
from rcm.db import OrgScoped
from rcm.errors import NotFound
from rcm.pagination import Page, PageParams

M = TypeVar("M", bound=OrgScoped)


@dataclass(frozen=True, slots=True)
class AuthContext:
    org_id: uuid.UUID
    user_id: uuid.UUID | None
    role: Role
    patient_id: uuid.UUID | None = None

    @property
    def level(self) -> int:
        return ROLE_LEVELS[self.role]

    @property
    def is_system(self) -> bool:
        return self.user_id is None

    @classmethod
    def system(cls, org_id: uuid.UUID) -> AuthContext:
        """The context of background work (ERA polling, deadline monitor): no human actor."""
        return cls(org_id=org_id, user_id=None, role=Role.practice_admin)


class OrgRepository(Generic[M]):
    """Base of every repository: all statements start from `self.base()`."""

    model: ClassVar[type[OrgScoped]]
    not_found: ClassVar[str] = "record"
    # The column naming the patient a row belongs to; a patient (portal) user sees only theirs.
    patient_column: ClassVar[str | None] = None

    def __init__(self, session: Session, ctx: AuthContext) -> None:
        self.session = session
        self.ctx = ctx

    def base(self) -> Select[M]:
        stmt = select(self.model).where(self.model.org_id == self.ctx.org_id)
        if self.ctx.role == Role.patient:
            own = getattr(self.model, self.patient_column) if self.patient_column else None
            stmt = (
                stmt.where(false())
                if own is None or self.ctx.patient_id is None
                else stmt.where(own == self.ctx.patient_id)
            )
        return stmt  # type: ignore[return-value]  # model is the ClassVar bound to M

    def stage_insert(self, batch: bulk.Batch, rows: list[Any], columns: Sequence[str] | None = None) -> int:
        """Stage rows of this repository's table in a bulk batch: dicts, or tuples in `columns`
        order. Every row must already carry the caller's org (checked)."""
        ours = {self.ctx.org_id, str(self.ctx.org_id)}  # the id, or its text (rows written by COPY)
        if columns is None:
            foreign = sum(1 for row in rows if row["org_id"] not in ours)
        else:
            at = list(columns).index("org_id")
            foreign = sum(1 for row in rows if row[at] not in ours)
        table: Table = self.model.__table__  # type: ignore[attr-defined]  # every model is mapped to a Table
        if foreign:
            raise ValueError(f"{foreign} {table.name} rows belong to another organization")
        if columns is None:
            batch.insert_dicts(table, rows)
        else:
            batch.insert(table, columns, rows)
        return len(rows)

    @property
    def postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def driver_rows(
        self, sql: str, params: Sequence[Any], *, by_index: bool = False
    ) -> list[tuple[Any, ...]]:
        """Run a PostgreSQL statement (psycopg `%s` placeholders) on the session's connection, in
        its transaction, and return plain tuples: for the few hot reads where SQLAlchemy's per-row
        processing costs more than the query. The statement must filter by the org.

        `by_index`: a lookup of a batch of keys, never a sequential scan (costed on the default
        page costs, a scan of the whole table looks cheaper than a few thousand index probes; it
        is several times slower, and holds a core)."""
        self.session.flush()
        conn: Any = self.session.connection().connection.driver_connection
        if by_index:
            conn.execute("SET LOCAL enable_seqscan = off")
        # Not prepared: each call's arrays differ in size, and a generic plan would ignore that.
        rows: list[tuple[Any, ...]] = conn.execute(sql, params, prepare=False).fetchall()
        if by_index:
            conn.execute("RESET enable_seqscan")
        return rows

    def get(self, record_id: uuid.UUID, *, for_update: bool = False) -> M | None:
        stmt = self.base().where(self.model.id == record_id)
        if for_update:
            stmt = stmt.with_for_update()
        return self.session.scalars(stmt).one_or_none()

    def get_or_raise(self, record_id: uuid.UUID, *, for_update: bool = False) -> M:
        found = self.get(record_id, for_update=for_update)
        if found is None:
            raise NotFound(f"{self.not_found} {record_id} not found", id=str(record_id))
        return found

    def many(self, record_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, M]:
        """Records by id (missing ones are simply absent); queried in chunks of 500."""
        ids, found = list(dict.fromkeys(record_ids)), {}
        for start in range(0, len(ids), 500):
            stmt = self.base().where(self.model.id.in_(ids[start : start + 500]))
            found.update({row.id: row for row in self.session.scalars(stmt)})
        return found

    def add(self, record: M) -> M:
        record.org_id = self.ctx.org_id
        record.created_by = record.updated_by = self.ctx.user_id
        self.session.add(record)
        return record

    def page(self, params: PageParams, *filters: ColumnElement[bool], order_by: Any = None) -> Page[M]:
        stmt = self.base().where(*filters)
        total = self.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
        order = order_by if order_by is not None else self.model.created_at.desc()
        rows = self.session.scalars(
            stmt.order_by(order, self.model.id).limit(params.page_size).offset(params.offset)
        ).all()
        return Page(items=list(rows), total=total or 0, page=params.page, page_size=params.page_size)
