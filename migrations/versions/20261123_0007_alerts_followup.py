"""alert rules and events (webhook delivery state); AR follow-up collection strategies and actions

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 08:08:03.671700
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "alert_rules",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("provider_id", sa.Uuid(), nullable=True),
        sa.Column("lookback_days", sa.Integer(), nullable=True),
        sa.Column("comparator", sa.String(length=2), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("webhook_url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=200), nullable=False),
        sa.Column("cooldown_hours", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("condition_met", sa.Boolean(), nullable=False),
        sa.Column("last_fired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_alert_rules_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_alert_rules_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["provider_id"], ["providers.id"], name=op.f("fk_alert_rules_provider_id_providers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_rules")),
        sa.UniqueConstraint("org_id", "name", name=op.f("uq_alert_rules_org_id_name")),
    )
    with op.batch_alter_table("alert_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_rules_org_id"), ["org_id"], unique=False)

    op.create_table(
        "collection_strategies",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("payer_type", sa.String(length=24), nullable=True),
        sa.Column("cadence_days", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("escalate_after_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.String(length=4000), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_collection_strategies_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["payer_id"], ["payers.id"], name=op.f("fk_collection_strategies_payer_id_payers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_strategies")),
    )
    with op.batch_alter_table("collection_strategies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_collection_strategies_org_id"), ["org_id"], unique=False)
        batch_op.create_index(
            "ix_collection_strategies_scope", ["org_id", "payer_id", "payer_type"], unique=False
        )

    op.create_table(
        "alert_events",
        sa.Column("rule_id", sa.Uuid(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("threshold", sa.Double(), nullable=False),
        sa.Column("comparator", sa.String(length=2), nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_alert_events_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["rule_id"], ["alert_rules.id"], name=op.f("fk_alert_events_rule_id_alert_rules")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_events")),
    )
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alert_events_delivery", ["org_id", "status", "next_attempt_at"], unique=False
        )
        batch_op.create_index("ix_alert_events_fired", ["org_id", "fired_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_events_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_events_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "follow_up_actions",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("work_item_id", sa.Uuid(), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("note", sa.String(length=2000), nullable=False),
        sa.Column("next_follow_up_on", sa.Date(), nullable=True),
        sa.Column("promised_payment_on", sa.Date(), nullable=True),
        sa.Column("performed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("performed_by", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_follow_up_actions_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_follow_up_actions_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["work_item_id"], ["work_items.id"], name=op.f("fk_follow_up_actions_work_item_id_work_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up_actions")),
    )
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_follow_up_actions_claim", ["org_id", "claim_id", "performed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_follow_up_actions_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_actions_org_id"))
        batch_op.drop_index("ix_follow_up_actions_claim")

    op.drop_table("follow_up_actions")
    with op.batch_alter_table("alert_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_events_rule_id"))
        batch_op.drop_index(batch_op.f("ix_alert_events_org_id"))
        batch_op.drop_index("ix_alert_events_fired")
        batch_op.drop_index("ix_alert_events_delivery")

    op.drop_table("alert_events")
    with op.batch_alter_table("collection_strategies", schema=None) as batch_op:
        batch_op.drop_index("ix_collection_strategies_scope")
        batch_op.drop_index(batch_op.f("ix_collection_strategies_org_id"))

    op.drop_table("collection_strategies")
    with op.batch_alter_table("alert_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_rules_org_id"))

    op.drop_table("alert_rules")
