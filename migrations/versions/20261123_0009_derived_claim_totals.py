"""claims.written_off_cents and claims.open_denied_cents (kept by triggers on denials); rollup
columns for contractual adjustments and revenue at risk; 64-bit rollup money columns

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from rcm.analytics import rollup_sql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLLUP_MONEY = (
    "charge_cents",
    "paid_cents",
    "balance_cents",
    "positive_balance_cents",
    "adjustment_cents",
    "final_patient_cents",
)


def _claim_triggers(dialect: str, version: tuple[str, ...]) -> None:
    if dialect == "postgresql":
        op.execute(rollup_sql.pg_function(version))  # the triggers call it by name
    else:
        for statement in rollup_sql.SQLITE_DROP:
            op.execute(statement)
        for statement in rollup_sql.sqlite_triggers(version):
            op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # SQLite refuses to rebuild a table its triggers write to
        for statement in rollup_sql.SQLITE_DROP:
            op.execute(statement)
    op.add_column("claims", sa.Column("written_off_cents", sa.Integer(), server_default="0", nullable=False))
    op.add_column("claims", sa.Column("open_denied_cents", sa.Integer(), server_default="0", nullable=False))
    for name in ("written_off_cents", "at_risk_denied_cents"):
        op.add_column("claim_rollups", sa.Column(name, sa.BigInteger(), server_default="0", nullable=False))
    op.add_column(
        "claim_rollups", sa.Column("n_at_risk_denied", sa.Integer(), server_default="0", nullable=False)
    )
    with op.batch_alter_table("claim_rollups") as batch:
        for name in ROLLUP_MONEY:
            batch.alter_column(name, type_=sa.BigInteger(), existing_nullable=False)

    if dialect == "postgresql":
        op.execute(rollup_sql.pg_open_denied_function())
        for statement in rollup_sql.PG_OPEN_DENIED_TRIGGERS:
            op.execute(statement)
    else:
        for statement in rollup_sql.SQLITE_OPEN_DENIED_TRIGGERS:
            op.execute(statement)
    _claim_triggers(dialect, rollup_sql.V0009)
    for statement in rollup_sql.derived_claim_totals(one_org=False):
        op.execute(statement)
    for statement in rollup_sql.rebuild_statements(dialect, one_org=False, version=rollup_sql.V0009):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drops = rollup_sql.PG_OPEN_DENIED_DROP if dialect == "postgresql" else rollup_sql.SQLITE_OPEN_DENIED_DROP
    for statement in drops:
        op.execute(statement)
    if dialect == "postgresql":
        op.execute(rollup_sql.pg_function(rollup_sql.V0008))
    for statement in rollup_sql.SQLITE_DROP if dialect == "sqlite" else ():
        op.execute(statement)
    with op.batch_alter_table("claim_rollups") as batch:
        for name in ROLLUP_MONEY:
            batch.alter_column(name, type_=sa.Integer(), existing_nullable=False)
        for name in ("n_at_risk_denied", "at_risk_denied_cents", "written_off_cents"):
            batch.drop_column(name)
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("open_denied_cents")
        batch.drop_column("written_off_cents")
    if dialect == "sqlite":
        for statement in rollup_sql.sqlite_triggers(rollup_sql.V0008):
            op.execute(statement)
