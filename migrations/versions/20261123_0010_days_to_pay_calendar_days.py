"""days to pay in calendar days between the submission and payment dates (was fractional days
from the submission time to the remittance date's midnight, negative for same-day payments)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from rcm.analytics import rollup_sql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in rollup_sql.reinstall_statements(op.get_bind().dialect.name, rollup_sql.V0009):
        op.execute(statement)


def downgrade() -> None:
    """Nothing to undo: the rollups keep the calendar-day sums."""
