"""Append audit events to the org's hash chain, and verify the chain.

Each event stores the hash of the previous event of its organization; changing or deleting
any row breaks every later link, which `verify_chain` finds and reports.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from rcm import bulk
from rcm.audit.hashing import GENESIS_HASH, chained_hash, changes_json, event_hash, jsonable
from rcm.audit.models import AuditChainHead, AuditEvent
from rcm.audit.repository import AuditRepository
from rcm.db import Base, utcnow
from rcm.ids import uuid7_texts
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext

_HEADS = "rcm.audit_heads"
_IGNORED = frozenset({"created_at", "updated_at", "created_by", "updated_by", "org_id", "version"})


def snapshot(record: Base) -> dict[str, Any]:
    """The audited columns of a record as JSON-native values."""
    mapper = inspect(type(record))
    return {
        attr.key: jsonable(getattr(record, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in _IGNORED
    }


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    keys = before.keys() | after.keys()
    return {k: [before.get(k), after.get(k)] for k in sorted(keys) if before.get(k) != after.get(k)}


def _payload(ev: AuditEvent) -> dict[str, Any]:
    return {
        "id": str(ev.id),
        "org_id": str(ev.org_id),
        "seq": ev.seq,
        "occurred_at": ev.occurred_at.isoformat(),
        "actor_id": str(ev.actor_id) if ev.actor_id else None,
        "actor_role": ev.actor_role,
        "action": ev.action,
        "entity_type": ev.entity_type,
        "entity_id": str(ev.entity_id),
        "changes": ev.changes,
        "reason": ev.reason,
        "source_document_id": ev.source_document_id,
        "prev_hash": ev.prev_hash,
    }


def start_chain(session: Session, org_id: uuid.UUID) -> None:
    session.add(AuditChainHead(org_id=org_id, last_seq=0, last_hash=GENESIS_HASH))


@dataclass(slots=True)
class _Head:
    last_seq: int
    last_hash: str
    stored_seq: int = -1  # what the head row says; behind last_seq until the row is moved

    def __post_init__(self) -> None:
        if self.stored_seq < 0:
            self.stored_seq = self.last_seq


def _locked_head(session: Session, ctx: AuthContext) -> _Head:
    """The org's chain head for this transaction: read (and locked) once, then kept in memory.

    Plain values, not an ORM object, so an `expire_all()` cannot roll them back under us.
    """
    heads: dict[uuid.UUID, _Head] = session.info.setdefault(_HEADS, {})
    head = heads.get(ctx.org_id)
    if head is None:
        found = AuditRepository(session, ctx).lock_head()
        if found is None:
            session.add(AuditChainHead(org_id=ctx.org_id, last_seq=0, last_hash=GENESIS_HASH))
            session.flush()
            found = (0, GENESIS_HASH)
        head = heads[ctx.org_id] = _Head(*found)
    return head


def record(
    session: Session,
    ctx: AuthContext,
    action: str,
    entity: Base,
    *,
    changes: dict[str, Any] | None = None,
    reason: str = "",
    source_document_id: str | uuid.UUID = "",
    entity_type: str | None = None,
) -> AuditEvent:
    """Append one event for `entity` (flushes pending inserts so the entity has its id)."""
    entity_id = getattr(entity, "id", None)
    if entity_id is None:
        session.flush()
        entity_id = entity.id  # type: ignore[attr-defined]
    head = _locked_head(session, ctx)
    ev = AuditEvent(
        id=uuid.uuid4(),
        org_id=ctx.org_id,
        seq=head.last_seq + 1,
        occurred_at=utcnow(),
        actor_id=ctx.user_id,
        actor_role=ctx.role.value,
        action=action,
        entity_type=entity_type or type(entity).__tablename__.removesuffix("s"),
        entity_id=entity_id,
        changes=jsonable(changes or {}),
        reason=reason[:1000],
        source_document_id=str(source_document_id or ""),
        prev_hash=head.last_hash,
    )
    ev.hash = event_hash(_payload(ev))
    head.last_seq, head.last_hash = ev.seq, ev.hash
    AuditRepository(session, ctx).move_head(ev.seq, ev.hash)
    head.stored_seq = ev.seq
    session.add(ev)
    return ev


@dataclass(frozen=True, slots=True)
class AuditDraft:
    """An event to append in bulk (ERA posting writes thousands per transaction)."""

    action: str
    entity_type: str
    entity_id: uuid.UUID | str  # text for ids made in bulk (rcm.ids)
    changes: dict[str, Any]
    reason: str = ""
    source_document_id: str = ""


AUDIT_COLUMNS = (
    "id",
    "org_id",
    "seq",
    "occurred_at",
    "actor_id",
    "actor_role",
    "action",
    "entity_type",
    "entity_id",
    "changes",
    "reason",
    "source_document_id",
    "prev_hash",
    "hash",
)


def stage_many(session: Session, ctx: AuthContext, drafts: list[AuditDraft], batch: bulk.Batch) -> int:
    """Chain many events (same hashes as `record`) and stage their insert in `batch`.

    The chain advances now, in memory (the head row itself is locked); the rows are written when
    the batch runs, and the head row is moved before the transaction commits (`sync_heads`), so
    staging sends nothing to the database. The drafts' `changes` must already be JSON-native
    (str, int, bool, None, lists, dicts)."""
    if not drafts:
        return 0
    head = _locked_head(session, ctx)
    now = utcnow()
    org, actor, role, at = str(ctx.org_id), ctx.user_id, ctx.role.value, now.isoformat()
    actor_text = str(actor) if actor else None
    seq, prev = head.last_seq, head.last_hash
    rows: list[tuple[Any, ...]] = []
    for draft, event_id in zip(drafts, uuid7_texts(len(drafts)), strict=True):
        seq += 1
        changes, reason, entity_id = changes_json(draft.changes), draft.reason[:1000], str(draft.entity_id)
        digest = chained_hash(
            event_id=event_id,
            org_id=org,
            seq=seq,
            occurred_at=at,
            actor_id=actor_text,
            actor_role=role,
            action=draft.action,
            entity_type=draft.entity_type,
            entity_id=entity_id,
            changes=changes,
            reason=reason,
            source_document_id=draft.source_document_id,
            prev_hash=prev,
        )
        rows.append(
            (event_id, org, seq, at, actor_text, role, draft.action, draft.entity_type, entity_id,
             changes, reason, draft.source_document_id, prev, digest)
        )  # fmt: skip
        prev = digest
    head.last_seq, head.last_hash = seq, prev  # the head row follows before commit (sync_heads)
    AuditRepository(session, ctx).stage_events(batch, AUDIT_COLUMNS, rows)
    return len(rows)


def append_many(session: Session, ctx: AuthContext, drafts: list[AuditDraft]) -> int:
    """Chain and insert many events at once (COPY on PostgreSQL); same hashes as `record`."""
    batch = bulk.Batch()
    count = stage_many(session, ctx, drafts, batch)
    bulk.run(session, batch)
    sync_heads(session)
    return count


def sync_heads(session: Session) -> None:
    """Move each org's head row to where its chain is in memory (after bulk appends)."""
    for org_id, head in session.info.get(_HEADS, {}).items():
        if head.stored_seq != head.last_seq:
            AuditRepository.for_org(session, org_id).move_head(head.last_seq, head.last_hash)
            head.stored_seq = head.last_seq


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    events_checked: int
    broken_at_seq: int | None = None
    broken_event_id: str | None = None
    problem: str | None = None


def verify_chain(session: Session, ctx: AuthContext) -> ChainReport:
    """Recompute the org's chain from the first event; report the first broken link."""
    sync_heads(session)
    repo = AuditRepository(session, ctx)
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for ev in repo.stream_chain():
        problem = None
        if ev.seq != expected_seq:
            problem = f"sequence gap: expected {expected_seq}, found {ev.seq} (an event was deleted)"
        elif ev.prev_hash != prev_hash:
            problem = "prev_hash does not match the previous event's hash"
        elif event_hash(_payload(ev)) != ev.hash:
            problem = "event content does not match its hash (the row was altered)"
        if problem:
            return ChainReport(False, checked, ev.seq, str(ev.id), problem)
        prev_hash, expected_seq, checked = ev.hash, expected_seq + 1, checked + 1
    head = repo.head()
    if head is not None and head.last_seq != expected_seq - 1:
        return ChainReport(
            False, checked, expected_seq, None, "chain head is ahead of the last event (tail deleted)"
        )
    return ChainReport(True, checked)


def list_events(
    session: Session,
    ctx: AuthContext,
    params: PageParams,
    *,
    entity_type: str | None,
    actor_id: uuid.UUID | None,
    since: datetime | None,
) -> Page[AuditEvent]:
    return AuditRepository(session, ctx).page(params, entity_type=entity_type, actor_id=actor_id, since=since)


@sa_event.listens_for(Session, "before_commit")
def _sync_before_commit(session: Session) -> None:
    sync_heads(session)


@sa_event.listens_for(Session, "after_commit")
@sa_event.listens_for(Session, "after_rollback")
@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_heads(session: Session, *_: Any) -> None:
    session.info.pop(_HEADS, None)
