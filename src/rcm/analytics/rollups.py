"""Recompute an organization's KPI rollups from its claims (after a load that bypassed triggers)."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from rcm.analytics.rollup_sql import rebuild_statements


def rebuild(session: Session, org_id: uuid.UUID) -> None:
    session.flush()
    dialect = session.get_bind().dialect.name
    bind = org_id if dialect == "postgresql" else org_id.hex
    for statement in rebuild_statements(dialect, one_org=True):
        session.execute(text(statement), {"org_id": bind})
