"""KPI rollups (claim_rollups, payment_time_histogram) kept by triggers on claims, built from existing claims

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 08:23:29.529867
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from rcm.analytics import rollup_sql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_rollups",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("payer_sequence", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("n_submitted", sa.Integer(), nullable=False),
        sa.Column("n_first_clean", sa.Integer(), nullable=False),
        sa.Column("n_adjudicated", sa.Integer(), nullable=False),
        sa.Column("n_adjudicated_once", sa.Integer(), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("balance_cents", sa.Integer(), nullable=False),
        sa.Column("n_balance", sa.Integer(), nullable=False),
        sa.Column("positive_balance_cents", sa.Integer(), nullable=False),
        sa.Column("n_positive_balance", sa.Integer(), nullable=False),
        sa.Column("adjustment_cents", sa.Integer(), nullable=False),
        sa.Column("final_patient_cents", sa.Integer(), nullable=False),
        sa.Column("n_paid_timed", sa.Integer(), nullable=False),
        sa.Column("days_to_pay_sum", sa.Double(), nullable=False),
        sa.PrimaryKeyConstraint(
            "org_id", "service_date", "payer_id", "status", "payer_sequence", name=op.f("pk_claim_rollups")
        ),
    )
    op.create_table(
        "payment_time_histogram",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "org_id", "payer_id", "service_date", "days", name=op.f("pk_payment_time_histogram")
        ),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(rollup_sql.pg_function(rollup_sql.V0008))
        for statement in rollup_sql.PG_TRIGGERS:
            op.execute(statement)
    else:
        for statement in rollup_sql.sqlite_triggers(rollup_sql.V0008):
            op.execute(statement)
    for statement in rollup_sql.rebuild_statements(dialect, one_org=False, version=rollup_sql.V0008):
        op.execute(statement)


def downgrade() -> None:
    statements = rollup_sql.PG_DROP if op.get_bind().dialect.name == "postgresql" else rollup_sql.SQLITE_DROP
    for statement in statements:
        op.execute(statement)
    op.drop_table("payment_time_histogram")
    op.drop_table("claim_rollups")
