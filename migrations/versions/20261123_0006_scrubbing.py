"""scrub findings, rule packs, prior-auth lists, reference code sets (NCCI, MUE, HCPCS, CPT); appeal delivery

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 07:57:39.964933
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "code_set_loads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_code_set_loads")),
    )
    op.create_table(
        "cpt_codes",
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_cpt_codes")),
    )
    op.create_table(
        "hcpcs_codes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("is_modifier", sa.Boolean(), nullable=False),
        sa.Column("short_description", sa.String(length=60), nullable=False),
        sa.Column("added", sa.Date(), nullable=True),
        sa.Column("action_effective", sa.Date(), nullable=True),
        sa.Column("terminated", sa.Date(), nullable=True),
        sa.Column("action_code", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hcpcs_codes")),
    )
    with op.batch_alter_table("hcpcs_codes", schema=None) as batch_op:
        batch_op.create_index("ix_hcpcs_codes_code", ["code"], unique=False)

    op.create_table(
        "mue_limits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(length=5), nullable=False),
        sa.Column("max_units", sa.Integer(), nullable=False),
        sa.Column("adjudication_indicator", sa.Integer(), nullable=False),
        sa.Column("effective", sa.Date(), nullable=True),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mue_limits")),
    )
    with op.batch_alter_table("mue_limits", schema=None) as batch_op:
        batch_op.create_index("ix_mue_limits_code", ["code"], unique=False)

    op.create_table(
        "ncci_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("column1", sa.String(length=5), nullable=False),
        sa.Column("column2", sa.String(length=5), nullable=False),
        sa.Column("effective", sa.Date(), nullable=False),
        sa.Column("deletion", sa.Date(), nullable=True),
        sa.Column("modifier_indicator", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ncci_edits")),
    )
    with op.batch_alter_table("ncci_edits", schema=None) as batch_op:
        batch_op.create_index("ix_ncci_edits_pair", ["column1", "column2"], unique=False)

    op.create_table(
        "prior_auth_requirements",
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("payer_type", sa.String(length=24), nullable=False),
        sa.Column("procedure_code", sa.String(length=5), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_prior_auth_requirements_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payers.id"], name=op.f("fk_prior_auth_requirements_payer_id_payers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prior_auth_requirements")),
    )
    with op.batch_alter_table("prior_auth_requirements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prior_auth_requirements_org_id"), ["org_id"], unique=False)

    op.create_table(
        "rule_packs",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_rule_packs_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_rule_packs_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_packs")),
        sa.UniqueConstraint("org_id", "name", "version", name=op.f("uq_rule_packs_org_id_name_version")),
    )
    with op.batch_alter_table("rule_packs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_packs_org_id"), ["org_id"], unique=False)

    op.create_table(
        "scrub_findings",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=80), nullable=False),
        sa.Column("message", sa.String(length=1000), nullable=False),
        sa.Column("fix_hint", sa.String(length=1000), nullable=False),
        sa.Column("carc", sa.String(length=5), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_scrub_findings_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_scrub_findings_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scrub_findings")),
    )
    with op.batch_alter_table("scrub_findings", schema=None) as batch_op:
        batch_op.create_index("ix_scrub_findings_org_claim", ["org_id", "claim_id", "run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scrub_findings_org_id"), ["org_id"], unique=False)

    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("send_attempts", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("appeals", schema=None) as batch_op:
        batch_op.drop_column("send_attempts")
        batch_op.drop_column("sent_at")

    with op.batch_alter_table("scrub_findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scrub_findings_org_id"))
        batch_op.drop_index("ix_scrub_findings_org_claim")

    op.drop_table("scrub_findings")
    with op.batch_alter_table("rule_packs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_packs_org_id"))

    op.drop_table("rule_packs")
    with op.batch_alter_table("prior_auth_requirements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prior_auth_requirements_org_id"))

    op.drop_table("prior_auth_requirements")
    with op.batch_alter_table("ncci_edits", schema=None) as batch_op:
        batch_op.drop_index("ix_ncci_edits_pair")

    op.drop_table("ncci_edits")
    with op.batch_alter_table("mue_limits", schema=None) as batch_op:
        batch_op.drop_index("ix_mue_limits_code")

    op.drop_table("mue_limits")
    with op.batch_alter_table("hcpcs_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_hcpcs_codes_code")

    op.drop_table("hcpcs_codes")
    op.drop_table("cpt_codes")
    op.drop_table("code_set_loads")
