"""Recompute an organization's KPI rollups from its claims (after a load that bypassed triggers)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, text
from sqlalchemy.orm import Session

from rcm.analytics.models import ClaimRollup, PaymentTimeHistogram
from rcm.analytics.rollup_sql import rebuild_statements


def rebuild(session: Session, org_id: uuid.UUID) -> None:
    session.flush()
    session.execute(delete(ClaimRollup).where(ClaimRollup.org_id == org_id))
    session.execute(delete(PaymentTimeHistogram).where(PaymentTimeHistogram.org_id == org_id))
    dialect = session.get_bind().dialect.name
    bind = org_id if dialect == "postgresql" else org_id.hex
    for statement in rebuild_statements(dialect, one_org=True):
        session.execute(text(statement), {"org_id": bind})
