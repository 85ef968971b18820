"""Fewer index entries per ERA posting: payment adjustments are found by (org, claim) in one index
instead of one on the org and one on the claim; the external claim id index holds only claims that
have one (lookups by it are equalities, which imply it is set)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_EXTERNAL = sa.text("external_claim_id IS NOT NULL")


def upgrade() -> None:
    op.create_index("ix_payment_adjustments_org_claim", "payment_adjustments", ["org_id", "claim_id"])
    op.drop_index("ix_payment_adjustments_org_id", table_name="payment_adjustments")
    op.drop_index("ix_payment_adjustments_claim_id", table_name="payment_adjustments")
    op.drop_index("ix_claims_org_external", table_name="claims")
    op.create_index(
        "ix_claims_org_external",
        "claims",
        ["org_id", "external_claim_id"],
        postgresql_where=HAS_EXTERNAL,
        sqlite_where=HAS_EXTERNAL,
    )


def downgrade() -> None:
    op.drop_index("ix_claims_org_external", table_name="claims")
    op.create_index("ix_claims_org_external", "claims", ["org_id", "external_claim_id"])
    op.create_index("ix_payment_adjustments_claim_id", "payment_adjustments", ["claim_id"])
    op.create_index("ix_payment_adjustments_org_id", "payment_adjustments", ["org_id"])
    op.drop_index("ix_payment_adjustments_org_claim", table_name="payment_adjustments")
