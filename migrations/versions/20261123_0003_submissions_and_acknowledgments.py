"""submissions and acknowledgments

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 07:19:34.468517
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "batch_claims",
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("patient_control_number", sa.String(length=38), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["batch_id"], ["batches.id"], name=op.f("fk_batch_claims_batch_id_batches")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_batch_claims_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_batch_claims_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_claims")),
    )
    with op.batch_alter_table("batch_claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batch_claims_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_batch_claims_org_claim", ["org_id", "claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_batch_claims_org_id"), ["org_id"], unique=False)

    op.create_table(
        "claim_acknowledgments",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=8), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("codes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("payer_claim_control_number", sa.String(length=50), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["batches.id"], name=op.f("fk_claim_acknowledgments_batch_id_batches")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_acknowledgments_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_claim_acknowledgments_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_acknowledgments")),
    )
    with op.batch_alter_table("claim_acknowledgments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_acknowledgments_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_claim_acks_org_claim", ["org_id", "claim_id"], unique=False)

    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.add_column(sa.Column("related_batch_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("sender_id", sa.String(length=15), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("send_attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_batches_related_batch_id_batches"), "batches", ["related_batch_id"], ["id"]
        )

    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("admission_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("admission_type_code", sa.String(length=1), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("admission_source_code", sa.String(length=1), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("patient_status_code", sa.String(length=2), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("patient_status_code")
        batch_op.drop_column("admission_source_code")
        batch_op.drop_column("admission_type_code")
        batch_op.drop_column("admission_date")

    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_batches_related_batch_id_batches"), type_="foreignkey")
        batch_op.drop_column("processed_at")
        batch_op.drop_column("acknowledged_at")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("send_attempts")
        batch_op.drop_column("sender_id")
        batch_op.drop_column("related_batch_id")

    with op.batch_alter_table("claim_acknowledgments", schema=None) as batch_op:
        batch_op.drop_index("ix_claim_acks_org_claim")
        batch_op.drop_index(batch_op.f("ix_claim_acknowledgments_org_id"))

    op.drop_table("claim_acknowledgments")
    with op.batch_alter_table("batch_claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_claims_org_id"))
        batch_op.drop_index("ix_batch_claims_org_claim")
        batch_op.drop_index(batch_op.f("ix_batch_claims_batch_id"))

    op.drop_table("batch_claims")
