"""ERA posting write path: the rows it writes in bulk keep no foreign key but the denial's claim
(payments, payment adjustments, audit events: none); indexes that only repeat the leading column
of another index are dropped; claim lines keep half-empty pages so posting's line updates are HOT

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from rcm.analytics import rollup_sql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (index, table, columns): each is the leading column of a composite index on the same table.
REDUNDANT = (
    ("ix_claims_org_id", "claims", ["org_id"]),
    ("ix_claim_lines_claim_id", "claim_lines", ["claim_id"]),
    ("ix_payments_org_id", "payments", ["org_id"]),
    ("ix_work_items_org_id", "work_items", ["org_id"]),
    ("ix_denials_org_id", "denials", ["org_id"]),
)


# (table, constraint, column, referenced table)
DROPPED_FOREIGN_KEYS = (
    ("payment_adjustments", "fk_payment_adjustments_payment_id_payments", "payment_id", "payments"),
    ("payments", "fk_payments_remittance_id_remittances", "remittance_id", "remittances"),
    ("payments", "fk_payments_claim_id_claims", "claim_id", "claims"),
    ("audit_events", "fk_audit_events_org_id_organizations", "org_id", "organizations"),
    ("denials", "fk_denials_org_id_organizations", "org_id", "organizations"),
    ("denials", "fk_denials_claim_line_id_claim_lines", "claim_line_id", "claim_lines"),
    ("denials", "fk_denials_payer_id_payers", "payer_id", "payers"),
    ("denials", "fk_denials_payment_id_payments", "payment_id", "payments"),
    ("denials", "fk_denials_remittance_id_remittances", "remittance_id", "remittances"),
)


# Migration 0002's append-only triggers on SQLite (a batch-mode rebuild drops a table's triggers).
SQLITE_AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused'); END",
)
SQLITE_AUDIT_DROP = (
    "DROP TRIGGER IF EXISTS audit_events_no_update",
    "DROP TRIGGER IF EXISTS audit_events_no_delete",
)


def _reinstall_sqlite_triggers() -> None:
    """SQLite's batch mode rebuilds `denials` and `audit_events`; their triggers go with the old
    tables."""
    if op.get_bind().dialect.name == "sqlite":
        for statement in (
            *rollup_sql.SQLITE_OPEN_DENIED_DROP,
            *rollup_sql.SQLITE_OPEN_DENIED_TRIGGERS,
            *SQLITE_AUDIT_DROP,
            *SQLITE_AUDIT_TRIGGERS,
        ):
            op.execute(statement)


def upgrade() -> None:
    for table in ("payment_adjustments", "payments", "denials", "audit_events"):
        with op.batch_alter_table(table) as batch:
            for owner, name, _, _ in DROPPED_FOREIGN_KEYS:
                if owner == table:
                    batch.drop_constraint(name, type_="foreignkey")
    _reinstall_sqlite_triggers()
    for name, table, _ in REDUNDANT:
        op.drop_index(name, table_name=table)
    if op.get_bind().dialect.name == "postgresql":
        # Applies to pages written from now on (VACUUM FULL or pg_repack rewrites the old ones).
        op.execute("ALTER TABLE claim_lines SET (fillfactor = 50)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE claim_lines RESET (fillfactor)")
    for name, table, columns in REDUNDANT:
        op.create_index(name, table, columns)
    for table in ("payment_adjustments", "payments", "denials", "audit_events"):
        with op.batch_alter_table(table) as batch:
            for owner, name, column, referenced in DROPPED_FOREIGN_KEYS:
                if owner == table:
                    batch.create_foreign_key(name, referenced, [column], ["id"])
    _reinstall_sqlite_triggers()
