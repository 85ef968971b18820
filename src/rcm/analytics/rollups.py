"""Recompute an organization's KPI rollups from its claims (after a load that bypassed triggers)."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from rcm.analytics.rollup_sql import derived_claim_totals, rebuild_statements


def rebuild(session: Session, org_id: uuid.UUID) -> None:
    """Recompute the derived claim totals (open denials, write-offs), then the rollups."""
    session.flush()
    dialect = session.get_bind().dialect.name
    bind = org_id if dialect == "postgresql" else org_id.hex
    for statement in [*derived_claim_totals(one_org=True), *rebuild_statements(dialect, one_org=True)]:
        session.execute(text(statement), {"org_id": bind})
