"""foundation schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 07:06:37.450334
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organizations",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("coding_signoff_required", sa.Boolean(), nullable=False),
        sa.Column("writeoff_approval_threshold_cents", sa.Integer(), nullable=False),
        sa.Column("submitter_id", sa.String(length=15), nullable=False),
        sa.Column("submitter_contact_name", sa.String(length=60), nullable=False),
        sa.Column("submitter_contact_phone", sa.String(length=20), nullable=False),
        sa.Column("receiver_id", sa.String(length=15), nullable=False),
        sa.Column("receiver_name", sa.String(length=60), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizations")),
        sa.UniqueConstraint("slug", name=op.f("uq_organizations_slug")),
    )
    op.create_table(
        "audit_chain_heads",
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_audit_chain_heads_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_audit_chain_heads")),
    )
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_role", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=False),
        sa.Column("changes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("source_document_id", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_audit_events_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("org_id", "seq", name=op.f("uq_audit_events_org_id_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_org_actor_time", ["org_id", "actor_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            "ix_audit_events_org_entity", ["org_id", "entity_type", "entity_id"], unique=False
        )

    op.create_table(
        "batches",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("interchange_control_number", sa.String(length=9), nullable=False),
        sa.Column("group_control_number", sa.String(length=9), nullable=False),
        sa.Column("transaction_control_number", sa.String(length=9), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("total_cents", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_batches_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batches")),
        sa.UniqueConstraint(
            "org_id",
            "direction",
            "interchange_control_number",
            "content_sha256",
            name=op.f("uq_batches_org_id_direction_interchange_control_number_content_sha256"),
        ),
    )
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_batches_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_batches_org_kind_created", ["org_id", "kind", "created_at"], unique=False)

    op.create_table(
        "control_number_counters",
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_control_number_counters_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_number_counters")),
        sa.UniqueConstraint("org_id", "kind", name=op.f("uq_control_number_counters_org_id_kind")),
    )
    with op.batch_alter_table("control_number_counters", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_control_number_counters_org_id"), ["org_id"], unique=False)

    op.create_table(
        "jobs",
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("result", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("error", sa.String(length=4000), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_jobs_org_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_org_id"), ["org_id"], unique=False)

    op.create_table(
        "patients",
        sa.Column("account_number", sa.String(length=38), nullable=False),
        sa.Column("first_name", sa.String(length=35), nullable=False),
        sa.Column("last_name", sa.String(length=60), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("gender", sa.String(length=1), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address_line1", sa.String(length=55), nullable=False),
        sa.Column("address_line2", sa.String(length=55), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=15), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_patients_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patients")),
    )
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patients_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_patients_org_name", ["org_id", "last_name", "first_name"], unique=False)

    op.create_table(
        "payers",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("payer_type", sa.String(length=24), nullable=False),
        sa.Column("payer_code", sa.String(length=80), nullable=False),
        sa.Column("timely_filing_days", sa.Integer(), nullable=True),
        sa.Column("appeal_days", sa.Integer(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address_line1", sa.String(length=55), nullable=False),
        sa.Column("address_line2", sa.String(length=55), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=15), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_payers_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payers")),
        sa.UniqueConstraint("org_id", "payer_code", name=op.f("uq_payers_org_id_payer_code")),
    )
    with op.batch_alter_table("payers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payers_org_id"), ["org_id"], unique=False)

    op.create_table(
        "providers",
        sa.Column("entity_type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("first_name", sa.String(length=35), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("taxonomy_code", sa.String(length=10), nullable=False),
        sa.Column("tax_id", sa.String(length=9), nullable=False),
        sa.Column("is_billing", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address_line1", sa.String(length=55), nullable=False),
        sa.Column("address_line2", sa.String(length=55), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=15), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_providers_org_id_organizations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providers")),
        sa.UniqueConstraint("org_id", "npi", name=op.f("uq_providers_org_id_npi")),
    )
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_providers_org_id"), ["org_id"], unique=False)

    op.create_table(
        "coverages",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("priority", sa.String(length=16), nullable=False),
        sa.Column("member_id", sa.String(length=80), nullable=False),
        sa.Column("group_number", sa.String(length=50), nullable=False),
        sa.Column("relationship", sa.String(length=2), nullable=False),
        sa.Column("subscriber_first_name", sa.String(length=35), nullable=False),
        sa.Column("subscriber_last_name", sa.String(length=60), nullable=False),
        sa.Column("subscriber_birth_date", sa.Date(), nullable=True),
        sa.Column("subscriber_gender", sa.String(length=1), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address_line1", sa.String(length=55), nullable=False),
        sa.Column("address_line2", sa.String(length=55), nullable=False),
        sa.Column("city", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("postal_code", sa.String(length=15), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_coverages_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_coverages_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_coverages_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverages")),
    )
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coverages_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coverages_patient_id"), ["patient_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_coverages_payer_id"), ["payer_id"], unique=False)

    op.create_table(
        "encounters",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("rendering_provider_id", sa.Uuid(), nullable=False),
        sa.Column("billing_provider_id", sa.Uuid(), nullable=False),
        sa.Column("referring_provider_id", sa.Uuid(), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("discharge_date", sa.Date(), nullable=True),
        sa.Column("place_of_service", sa.String(length=2), nullable=False),
        sa.Column("claim_type", sa.String(length=16), nullable=False),
        sa.Column("type_of_bill", sa.String(length=4), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column(
            "diagnosis_codes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("charges", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("prior_authorization_number", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["billing_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_billing_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_encounters_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_encounters_patient_id_patients")
        ),
        sa.ForeignKeyConstraint(
            ["referring_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_referring_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["rendering_provider_id"],
            ["providers.id"],
            name=op.f("fk_encounters_rendering_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_encounters")),
    )
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.create_index("ix_encounters_org_date", ["org_id", "service_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounters_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_encounters_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "patient_statements",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("statement_date", sa.Date(), nullable=False),
        sa.Column("total_due_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("payment_plan_ref", sa.String(length=50), nullable=False),
        sa.Column("is_paid", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_patient_statements_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["patient_id"], ["patients.id"], name=op.f("fk_patient_statements_patient_id_patients")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_patient_statements")),
    )
    with op.batch_alter_table("patient_statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_patient_statements_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_patient_statements_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("patient_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organizations.id"], name=op.f("fk_users_org_id_organizations")),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], name=op.f("fk_users_patient_id_patients")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_org_id"), ["org_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("patient_id", sa.Uuid(), nullable=False),
        sa.Column("encounter_id", sa.Uuid(), nullable=True),
        sa.Column("coverage_id", sa.Uuid(), nullable=True),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("payer_sequence", sa.String(length=16), nullable=False),
        sa.Column("billing_provider_id", sa.Uuid(), nullable=False),
        sa.Column("rendering_provider_id", sa.Uuid(), nullable=False),
        sa.Column("referring_provider_id", sa.Uuid(), nullable=True),
        sa.Column("claim_type", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("frequency_code", sa.String(length=1), nullable=False),
        sa.Column("patient_control_number", sa.String(length=38), nullable=False),
        sa.Column("external_claim_id", sa.String(length=64), nullable=True),
        sa.Column("place_of_service", sa.String(length=2), nullable=False),
        sa.Column("type_of_bill", sa.String(length=4), nullable=False),
        sa.Column("service_date_from", sa.Date(), nullable=False),
        sa.Column("service_date_to", sa.Date(), nullable=False),
        sa.Column(
            "diagnosis_codes", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("prior_authorization_number", sa.String(length=50), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("balance_cents", sa.Integer(), nullable=False),
        sa.Column("payer_claim_control_number", sa.String(length=50), nullable=False),
        sa.Column("clearinghouse_tracking_id", sa.String(length=50), nullable=False),
        sa.Column("original_claim_id", sa.Uuid(), nullable=True),
        sa.Column("primary_claim_id", sa.Uuid(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("signed_off_by", sa.Uuid(), nullable=True),
        sa.Column("first_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("adjudicated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_payment_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submission_count", sa.Integer(), nullable=False),
        sa.Column("rejection_count", sa.Integer(), nullable=False),
        sa.Column("adjudication_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("allowed_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("patient_responsibility_cents", sa.Integer(), nullable=False),
        sa.Column("adjustment_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["billing_provider_id"], ["providers.id"], name=op.f("fk_claims_billing_provider_id_providers")
        ),
        sa.ForeignKeyConstraint(
            ["coverage_id"], ["coverages.id"], name=op.f("fk_claims_coverage_id_coverages")
        ),
        sa.ForeignKeyConstraint(
            ["encounter_id"], ["encounters.id"], name=op.f("fk_claims_encounter_id_encounters")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_claims_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["original_claim_id"], ["claims.id"], name=op.f("fk_claims_original_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"], name=op.f("fk_claims_patient_id_patients")),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_claims_payer_id_payers")),
        sa.ForeignKeyConstraint(
            ["primary_claim_id"], ["claims.id"], name=op.f("fk_claims_primary_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["referring_provider_id"],
            ["providers.id"],
            name=op.f("fk_claims_referring_provider_id_providers"),
        ),
        sa.ForeignKeyConstraint(
            ["rendering_provider_id"],
            ["providers.id"],
            name=op.f("fk_claims_rendering_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint(
            "org_id", "patient_control_number", name=op.f("uq_claims_org_id_patient_control_number")
        ),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index("ix_claims_org_external", ["org_id", "external_claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_claims_org_payer_status", ["org_id", "payer_id", "status"], unique=False)
        batch_op.create_index("ix_claims_org_service_date", ["org_id", "service_date_from"], unique=False)
        batch_op.create_index("ix_claims_org_status", ["org_id", "status"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_patient_id"), ["patient_id"], unique=False)

    op.create_table(
        "claim_lines",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("procedure_code", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column(
            "diagnosis_pointers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("units", sa.Numeric(precision=10, scale=3), nullable=False),
        sa.Column("unit_type", sa.String(length=2), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("place_of_service", sa.String(length=2), nullable=True),
        sa.Column("revenue_code", sa.String(length=4), nullable=False),
        sa.Column("ndc", sa.String(length=11), nullable=False),
        sa.Column("rendering_provider_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("charge_cents", sa.Integer(), nullable=False),
        sa.Column("allowed_cents", sa.Integer(), nullable=False),
        sa.Column("paid_cents", sa.Integer(), nullable=False),
        sa.Column("patient_responsibility_cents", sa.Integer(), nullable=False),
        sa.Column("adjustment_cents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_claim_lines_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_claim_lines_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["rendering_provider_id"],
            ["providers.id"],
            name=op.f("fk_claim_lines_rendering_provider_id_providers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_lines")),
        sa.UniqueConstraint("claim_id", "line_number", name=op.f("uq_claim_lines_claim_id_line_number")),
    )
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_lines_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claim_lines_org_id"), ["org_id"], unique=False)

    op.create_table(
        "payments",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("payer_id", sa.Uuid(), nullable=True),
        sa.Column("payer_name", sa.String(length=100), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("era_trace_number", sa.String(length=50), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_reversal", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_payments_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_payments_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_payments_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payments_org_id"), ["org_id"], unique=False)
        batch_op.create_index("ix_payments_org_posted", ["org_id", "posted_at"], unique=False)

    op.create_table(
        "denials",
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("claim_line_id", sa.Uuid(), nullable=True),
        sa.Column("payer_id", sa.Uuid(), nullable=False),
        sa.Column("group_code", sa.String(length=2), nullable=False),
        sa.Column("carc", sa.String(length=5), nullable=False),
        sa.Column("rarcs", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("root_cause", sa.String(length=50), nullable=False),
        sa.Column("recommended_action", sa.String(length=32), nullable=False),
        sa.Column("owning_team", sa.String(length=32), nullable=False),
        sa.Column("appeal_status", sa.String(length=16), nullable=False),
        sa.Column("appeal_deadline", sa.Date(), nullable=True),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_denials_claim_id_claims")),
        sa.ForeignKeyConstraint(
            ["claim_line_id"], ["claim_lines.id"], name=op.f("fk_denials_claim_line_id_claim_lines")
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_denials_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(["payer_id"], ["payers.id"], name=op.f("fk_denials_payer_id_payers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_denials")),
    )
    with op.batch_alter_table("denials", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_denials_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index("ix_denials_org_category", ["org_id", "category"], unique=False)
        batch_op.create_index(batch_op.f("ix_denials_org_id"), ["org_id"], unique=False)

    op.create_table(
        "payment_adjustments",
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("claim_id", sa.Uuid(), nullable=False),
        sa.Column("claim_line_id", sa.Uuid(), nullable=True),
        sa.Column("group_code", sa.String(length=2), nullable=False),
        sa.Column("carc", sa.String(length=5), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=15, scale=3), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("org_id", sa.Uuid(), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("updated_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_payment_adjustments_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["claim_line_id"],
            ["claim_lines.id"],
            name=op.f("fk_payment_adjustments_claim_line_id_claim_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organizations.id"], name=op.f("fk_payment_adjustments_org_id_organizations")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payments.id"], name=op.f("fk_payment_adjustments_payment_id_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_adjustments")),
    )
    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_adjustments_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_adjustments_org_id"), ["org_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_adjustments_payment_id"), ["payment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_adjustments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_adjustments_payment_id"))
        batch_op.drop_index(batch_op.f("ix_payment_adjustments_org_id"))
        batch_op.drop_index(batch_op.f("ix_payment_adjustments_claim_id"))

    op.drop_table("payment_adjustments")
    with op.batch_alter_table("denials", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_denials_org_id"))
        batch_op.drop_index("ix_denials_org_category")
        batch_op.drop_index(batch_op.f("ix_denials_claim_id"))

    op.drop_table("denials")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index("ix_payments_org_posted")
        batch_op.drop_index(batch_op.f("ix_payments_org_id"))
        batch_op.drop_index(batch_op.f("ix_payments_claim_id"))

    op.drop_table("payments")
    with op.batch_alter_table("claim_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_lines_org_id"))
        batch_op.drop_index(batch_op.f("ix_claim_lines_claim_id"))

    op.drop_table("claim_lines")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_patient_id"))
        batch_op.drop_index("ix_claims_org_status")
        batch_op.drop_index("ix_claims_org_service_date")
        batch_op.drop_index("ix_claims_org_payer_status")
        batch_op.drop_index(batch_op.f("ix_claims_org_id"))
        batch_op.drop_index("ix_claims_org_external")

    op.drop_table("claims")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_org_id"))

    op.drop_table("users")
    with op.batch_alter_table("patient_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patient_statements_patient_id"))
        batch_op.drop_index(batch_op.f("ix_patient_statements_org_id"))

    op.drop_table("patient_statements")
    with op.batch_alter_table("encounters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_encounters_patient_id"))
        batch_op.drop_index(batch_op.f("ix_encounters_org_id"))
        batch_op.drop_index("ix_encounters_org_date")

    op.drop_table("encounters")
    with op.batch_alter_table("coverages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coverages_payer_id"))
        batch_op.drop_index(batch_op.f("ix_coverages_patient_id"))
        batch_op.drop_index(batch_op.f("ix_coverages_org_id"))

    op.drop_table("coverages")
    with op.batch_alter_table("providers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_providers_org_id"))

    op.drop_table("providers")
    with op.batch_alter_table("payers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payers_org_id"))

    op.drop_table("payers")
    with op.batch_alter_table("patients", schema=None) as batch_op:
        batch_op.drop_index("ix_patients_org_name")
        batch_op.drop_index(batch_op.f("ix_patients_org_id"))

    op.drop_table("patients")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_org_id"))

    op.drop_table("jobs")
    with op.batch_alter_table("control_number_counters", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_control_number_counters_org_id"))

    op.drop_table("control_number_counters")
    with op.batch_alter_table("batches", schema=None) as batch_op:
        batch_op.drop_index("ix_batches_org_kind_created")
        batch_op.drop_index(batch_op.f("ix_batches_org_id"))

    op.drop_table("batches")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_org_entity")
        batch_op.drop_index("ix_audit_events_org_actor_time")

    op.drop_table("audit_events")
    op.drop_table("audit_chain_heads")
    op.drop_table("organizations")
