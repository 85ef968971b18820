"""Every audit query, scoped to the caller's organization."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from rcm import bulk
from rcm.audit.models import AuditChainHead, AuditEvent
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext


class AuditRepository:
    def __init__(self, session: Session, ctx: AuthContext) -> None:
        self.session = session
        self.ctx = ctx

    def base(self) -> Select[AuditEvent]:
        return select(AuditEvent).where(AuditEvent.org_id == self.ctx.org_id)

    @classmethod
    def for_org(cls, session: Session, org_id: uuid.UUID) -> AuditRepository:
        """The chain of an org whose head this session already holds (see audit.sync_heads)."""
        return cls(session, AuthContext.system(org_id))

    def lock_head(self) -> tuple[int, str] | None:
        """(last_seq, last_hash), with the head row locked until the transaction ends."""
        # A no-op UPDATE takes the row lock on every dialect (SQLite has no FOR UPDATE).
        self.session.execute(
            update(AuditChainHead)
            .where(AuditChainHead.org_id == self.ctx.org_id)
            .values(last_seq=AuditChainHead.last_seq)
        )
        row = self.session.execute(
            select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(
                AuditChainHead.org_id == self.ctx.org_id
            )
        ).one_or_none()
        return (int(row[0]), str(row[1])) if row is not None else None

    def move_head(self, last_seq: int, last_hash: str) -> None:
        self.session.execute(
            update(AuditChainHead)
            .where(AuditChainHead.org_id == self.ctx.org_id)
            .values(last_seq=last_seq, last_hash=last_hash)
        )

    def stage_events(self, batch: bulk.Batch, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Stage chained events (tuples in `columns` order) of this org for a bulk insert."""
        at, ours = list(columns).index("org_id"), {self.ctx.org_id, str(self.ctx.org_id)}
        if any(row[at] not in ours for row in rows):
            raise ValueError("audit events of another organization")
        batch.insert(AuditEvent.__table__, columns, rows)  # type: ignore[arg-type]

    def head(self) -> AuditChainHead | None:
        return self.session.scalars(
            select(AuditChainHead).where(AuditChainHead.org_id == self.ctx.org_id)
        ).one_or_none()

    def stream_chain(self, batch_size: int = 5000) -> Iterator[AuditEvent]:
        stmt = self.base().order_by(AuditEvent.seq).execution_options(yield_per=batch_size)
        yield from self.session.scalars(stmt)

    def for_entity(self, entity_type: str, entity_id: uuid.UUID) -> list[AuditEvent]:
        stmt = self.base().where(AuditEvent.entity_type == entity_type, AuditEvent.entity_id == entity_id)
        return list(self.session.scalars(stmt.order_by(AuditEvent.seq)))

    def page(
        self,
        params: PageParams,
        *,
        entity_type: str | None = None,
        actor_id: uuid.UUID | None = None,
        since: datetime | None = None,
    ) -> Page[AuditEvent]:
        stmt = self.base()
        if entity_type:
            stmt = stmt.where(AuditEvent.entity_type == entity_type)
        if actor_id:
            stmt = stmt.where(AuditEvent.actor_id == actor_id)
        if since:
            stmt = stmt.where(AuditEvent.occurred_at >= since)
        rows = self.session.scalars(
            stmt.order_by(AuditEvent.seq.desc()).limit(params.page_size + 1).offset(params.offset)
        ).all()
        # Counting a large audit table is slow; report whether another page exists instead.
        items = list(rows[: params.page_size])
        total = params.offset + len(rows)
        return Page(items=items, total=total, page=params.page, page_size=params.page_size)
