"""Audited create and update of org-scoped records: the one way services write them."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.db import OrgScoped
from rcm.errors import Conflict
from rcm.tenancy import AuthContext, OrgRepository

M = TypeVar("M", bound=OrgScoped)


def create(session: Session, ctx: AuthContext, repo: OrgRepository[M], record: M, action: str) -> M:
    repo.add(record)
    session.flush()
    audit.record(session, ctx, action, record, changes=audit.diff({}, audit.snapshot(record)))
    return record


def update(
    session: Session, ctx: AuthContext, record: M, values: dict[str, Any], action: str, *, reason: str = ""
) -> M:
    before = audit.snapshot(record)
    for key, value in values.items():
        setattr(record, key, value)
    record.updated_by = ctx.user_id
    session.flush()
    changes = audit.diff(before, audit.snapshot(record))
    if changes:
        audit.record(session, ctx, action, record, changes=changes, reason=reason)
    return record


def check_version(record: Any, expected: int | None) -> None:
    """Optimistic locking from the client side: the caller must have seen the latest version."""
    if expected is not None and expected != record.version:
        raise Conflict(
            f"version {expected} is stale; the record is at version {record.version}",
            expected_version=expected,
            current_version=record.version,
        )
