"""index patients by (org, account number): imports and demographics feeds look patients up by it

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_patients_org_account", "patients", ["org_id", "account_number"])


def downgrade() -> None:
    op.drop_index("ix_patients_org_account", table_name="patients")
