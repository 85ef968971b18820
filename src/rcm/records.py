"""Audited create and update of org-scoped records: the one way services write them."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.db import Base, OrgScoped
from rcm.errors import Conflict
from rcm.tenancy import AuthContext, OrgRepository

M = TypeVar("M", bound=OrgScoped)


def _as_base(record: OrgScoped) -> Base:
    assert isinstance(record, Base)
    return record


def create(session: Session, ctx: AuthContext, repo: OrgRepository[M], record: M, action: str) -> M:
    repo.add(record)
    session.flush()
    row = _as_base(record)
    audit.record(session, ctx, action, row, changes=audit.diff({}, audit.snapshot(row)))
    return record


def update(
    session: Session, ctx: AuthContext, record: M, values: dict[str, Any], action: str, *, reason: str = ""
) -> M:
    row = _as_base(record)
    before = audit.snapshot(row)
    for key, value in values.items():
        setattr(record, key, value)
    record.updated_by = ctx.user_id
    session.flush()
    changes = audit.diff(before, audit.snapshot(row))
    if changes:
        audit.record(session, ctx, action, row, changes=changes, reason=reason)
    return record


def check_version(record: Any, expected: int | None) -> None:
    """Optimistic locking from the client side: the caller must have seen the latest version."""
    if expected is not None and expected != record.version:
        raise Conflict(
            f"version {expected} is stale; the record is at version {record.version}",
            expected_version=expected,
            current_version=record.version,
        )
