"""remittances, PLB, unmatched queue, denial mapping overrides, appeals, work queues, write-offs

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:27:44.340739
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "denial_mapping_overrides",
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("carc", sa.String(length=5), nullable=False),
        sa.Column("rarc", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("root_cause", sa.String(length=50), nullable=False),
        sa.Column("recommended_action", sa.String(length=32), nullable=False),
        sa.Column("owning_team", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_denial_mapping_overrides_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payers.id"], name=op.f("fk_denial_mapping_overrides_payer_id_payers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_denial_mapping_overrides")),
        sa.UniqueConstraint(
            "org_id",
            "payer_id",
            "carc",
            "rarc",
            "version",
            name=op.f("uq_denial_mapping_overrides_org_id_payer_id_carc_rarc_version"),
        ),
    )
    with op.batch_alter_table("denial_mapping_overrides", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_denial_mapping_overrides_org_id"), ["org_id"], unique=False)

    op.create_table(
        "remittances",
        sa.Column("batch_id", sa.Uuid(), nullable=True),
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("payer_name", sa.String(length=100), nullable=False),
        sa.Column("payer_identifier", sa.String(length=80), nullable=False),
        sa.Column("trace_number", sa.String(length=50), nullable=False),
        sa.Column("payment_method", sa.String(length=3), nullable=False),
        sa.Column("credit_debit", sa.String(length=1), nullable=False),
        sa.Column("payment_cents", sa.Integer(), nullable=False),
        sa.Column("payment_date", sa.Date(), nullable=True),
        sa.Column("receiver_account_last4", sa.String(length=4), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("claims_paid_cents", sa.Integer(), nullable=False),
        sa.Column("provider_adjustment_cents", sa.Integer(), nullable=False),
        sa.Column("balanced", sa.Boolean(), nullable=False),
        sa.Column("matched_count", sa.Integer(), nullable=False),
        sa.Column("unmatched_count", sa.Integer(), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deposit_reference", sa.String(length=50), nullable=False),
        sa.Column("deposit_date", sa.Date(), nullable=True),
        sa.Column("reconciled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_remittances_batch_id_batches")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_remittances_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_remittances_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remittances")),
        sa.UniqueConstraint(
            "org_id",
            "payer_identifier",
            "trace_number",
            name=op.f("uq_remittances_org_id_payer_identifier_trace_number"),
        ),
    )
    with op.batch_alter_table("remittances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_remittances_org_id"), ["org_id"], unique=False)

    op.create_table(
        "assignment_rules",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("condition", sa.String(length=1000), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("sla_hours", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name=op.f("fk_assignment_rules_assignee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_assignment_rules_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_rules")),
    )
    with op.batch_alter_table("assignment_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignment_rules_org_id"), ["org_id"], unique=False)

    op.create_table(
        "provider_adjustments",
        sa.Column("remittance_id", sa.Uuid(), nullable=False),
        sa.Column("provider_identifier", sa.String(length=50), nullable=False),
        sa.Column("fiscal_period_date", sa.Date(), nullable=True),
        sa.Column("reason_code", sa.String(length=2), nullable=False),
        sa.Column("reference", sa.String(length=50), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_provider_adjustments_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["remittance_id"],
            ["remittances.id"],
            name=op.f("fk_provider_adjustments_remittance_id_remittances"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_adjustments")),
    )
    with op.batch_alter_table("provider_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_provider_adjustments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_provider_adjustments_remittance_id"), ["remittance_id"], unique=False
        )

    op.create_table(
        "unmatched_remittance_claims",
        sa.Column("remittance_id", sa.Uuid(), nullable=False),
        sa.Column("patient_control_number", sa.String(length=38), nullable=False),
        sa.Column("payer_claim_control_number", sa.String(length=50), nullable=False),
        sa.Column("claim_status_code", sa.String(length=2), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("patient_name", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("clp", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("matched_claim_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["matched_claim_id"],
            ["claims.id"],
            name=op.f("fk_unmatched_remittance_claims_matched_claim_id_claims"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_unmatched_remittance_claims_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["remittance_id"],
            ["remittances.id"],
            name=op.f("fk_unmatched_remittance_claims_remittance_id_remittances"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unmatched_remittance_claims")),
    )
    with op.batch_alter_table("unmatched_remittance_claims", schema=None) as batch_op:
        batch_op.create_index("ix_unmatched_org_status", ["org_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_unmatched_remittance_claims_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_unmatched_remittance_claims_remittance_id"), ["remittance_id"], unique=False
        )

    op.create_table(
        "work_items",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("queue", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee_id", sa.Uuid(), nullable=True),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["assignee_id"], ["users.id"], name=op.f("fk_work_items_assignee_id_users")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_work_items_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_work_items_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_items")),
    )
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.create_index("ix_work_items_entity", ["org_id", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_items_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_work_items_queue", ["org_id", "queue", "status", "priority"], unique=False)

    op.create_table(
        "write_offs",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("decided_by", sa.Uuid(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_write_offs_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_write_offs_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_write_offs")),
    )
    with op.batch_alter_table("write_offs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_write_offs_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_write_offs_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_write_offs_org_status", ["org_id", "status"], unique=False)

    op.create_table(
        "appeals",
        sa.Column("denial_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=2000), nullable=False),
        sa.Column("argument", sa.String(length=8000), nullable=False),
        sa.Column("citations", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("letter_storage_key", sa.String(length=255), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_by", sa.Uuid(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome_note", sa.String(length=2000), nullable=False),
        sa.Column("recovered_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_appeals_claim_id_claims")),
        sa.ForeignKeyConstraint(["denial_id"], ["denials.id"], name=op.f("fk_appeals_denial_id_denials")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_appeals_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeals_denial_id"), ["denial_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeals_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_appeals_org_status", ["org_id", "status"], unique=False)

    op.create_table(
        "appeal_attachments",
        sa.Column("appeal_id", sa.Uuid(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["appeal_id"], ["appeals.id"], name=op.f("fk_appeal_attachments_appeal_id_appeals")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_appeal_attachments_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_attachments")),
    )
    with op.batch_alter_table("appeal_attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appeal_attachments_appeal_id"), ["appeal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appeal_attachments_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_payer_claim_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_claims_next_payer_claim_id_claims"), "claims", ["next_payer_claim_id"], ["id"]
        )

    with op.batch_alter_table("denials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remittance_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("payment_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("adjudication_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("mapping_version", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("resolution", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_denials_payment_id_payments"), "payments", ["payment_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_denials_remittance_id_remittances"), "remittances", ["remittance_id"], ["id"]
        )

    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="contractual")
        )

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("remittance_id", sa.Uuid(), nullable=True))
        batch_op.add_column(
            sa.Column("claim_status_code", sa.String(length=2), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("payer_claim_control_number", sa.String(length=50), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_payments_remittance_id"), ["remittance_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_payments_remittance_id_remittances"), "remittances", ["remittance_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_payments_remittance_id_remittances"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_payments_remittance_id"))
        batch_op.drop_column("payer_claim_control_number")
        batch_op.drop_column("claim_status_code")
        batch_op.drop_column("remittance_id")

    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.drop_column("kind")

    with op.batch_alter_table("denials", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_denials_remittance_id_remittances"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_denials_payment_id_payments"), type_="foreignkey")
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolution")
        batch_op.drop_column("mapping_version")
        batch_op.drop_column("adjudication_date")
        batch_op.drop_column("payment_id")
        batch_op.drop_column("remittance_id")

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_claims_next_payer_claim_id_claims"), type_="foreignkey")
        batch_op.drop_column("next_payer_claim_id")

    with op.batch_alter_table("appeal_attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appeal_attachments_org_id"))
        batch_op.drop_index(batch_op.f("ix_appeal_attachments_appeal_id"))

    op.drop_table("appeal_attachments")
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_index("ix_appeals_org_status")
        batch_op.drop_index(batch_op.f("ix_appeals_org_id"))
        batch_op.drop_index(batch_op.f("ix_appeals_denial_id"))

    op.drop_table("appeals")
    with op.batch_alter_table("write_offs", schema=None) as batch_op:
        batch_op.drop_index("ix_write_offs_org_status")
        batch_op.drop_index(batch_op.f("ix_write_offs_org_id"))
        batch_op.drop_index(batch_op.f("ix_write_offs_claim_id"))

    op.drop_table("write_offs")
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_index("ix_work_items_queue")
        batch_op.drop_index(batch_op.f("ix_work_items_org_id"))
        batch_op.drop_index("ix_work_items_entity")

    op.drop_table("work_items")
    with op.batch_alter_table("unmatched_remittance_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unmatched_remittance_claims_remittance_id"))
        batch_op.drop_index(batch_op.f("ix_unmatched_remittance_claims_org_id"))
        batch_op.drop_index("ix_unmatched_org_status")

    op.drop_table("unmatched_remittance_claims")
    with op.batch_alter_table("provider_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_adjustments_remittance_id"))
        batch_op.drop_index(batch_op.f("ix_provider_adjustments_org_id"))

    op.drop_table("provider_adjustments")
    with op.batch_alter_table("assignment_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_rules_org_id"))

    op.drop_table("assignment_rules")
    with op.batch_alter_table("remittances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_remittances_org_id"))

    op.drop_table("remittances")
    with op.batch_alter_table("denial_mapping_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_denial_mapping_overrides_org_id"))

    op.drop_table("denial_mapping_overrides")
