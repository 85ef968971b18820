"""ledger rows (payments, payment_adjustments) keep only their owning foreign key, for bulk posting speed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 07:52:35.534407
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_payment_adjustments_org_id_organizations"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_payment_adjustments_claim_line_id_claim_lines"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("fk_payment_adjustments_claim_id_claims"), type_="foreignkey")

    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_payments_payer_id_payers"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_payments_org_id_organizations"), type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_payments_org_id_organizations"), "organizations", ["org_id"], ["id"]
        )
        batch_op.create_foreign_key(batch_op.f("fk_payments_payer_id_payers"), "payers", ["payer_id"], ["id"])

    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_payment_adjustments_claim_id_claims"), "claims", ["claim_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payment_adjustments_claim_line_id_claim_lines"),
            "claim_lines",
            ["claim_line_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payment_adjustments_org_id_organizations"), "organizations", ["org_id"], ["id"]
        )
