"""Claims and their service lines. Money is integer cents; `version` guards concurrent edits."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rcm.claims.state_machine import ClaimStatus
from rcm.db import Base, EnumText, JsonType, OrgScoped


class ClaimType(StrEnum):
    professional = "professional"
    institutional = "institutional"
    dental = "dental"


class FrequencyCode(StrEnum):
    # CLM05-3 claim frequency type code.
    original = "1"
    corrected = "7"
    void = "8"


class PayerSequence(StrEnum):
    primary = "primary"
    secondary = "secondary"
    tertiary = "tertiary"


class Money:
    """The five money columns a claim and a line both carry (SPEC section 3)."""

    charge_cents: Mapped[int] = mapped_column(default=0)
    allowed_cents: Mapped[int] = mapped_column(default=0)
    paid_cents: Mapped[int] = mapped_column(default=0)
    patient_responsibility_cents: Mapped[int] = mapped_column(default=0)
    adjustment_cents: Mapped[int] = mapped_column(default=0)


class Claim(Base, OrgScoped, Money):
    __tablename__ = "claims"
    __table_args__ = (
        UniqueConstraint("org_id", "patient_control_number"),
        Index("ix_claims_org_status", "org_id", "status"),
        Index("ix_claims_org_payer_status", "org_id", "payer_id", "status"),
        Index("ix_claims_org_service_date", "org_id", "service_date_from"),
        # Only claims that have one: lookups are equalities, and each index entry is rewritten
        # whenever a claim's status moves (an update that changes an indexed column).
        Index(
            "ix_claims_org_external",
            "org_id",
            "external_claim_id",
            postgresql_where=text("external_claim_id IS NOT NULL"),
            sqlite_where=text("external_claim_id IS NOT NULL"),
        ),
    )

    # No index of its own: the (org_id, ...) indexes below serve every org lookup, and each index
    # more is written on every ERA posting.
    org_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    encounter_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("encounters.id"), default=None)
    coverage_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("coverages.id"), default=None)
    payer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payers.id"))
    payer_sequence: Mapped[PayerSequence] = mapped_column(
        EnumText(PayerSequence, 16), default=PayerSequence.primary
    )
    billing_provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("providers.id"))
    rendering_provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("providers.id"))
    referring_provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("providers.id"), default=None)
    claim_type: Mapped[ClaimType] = mapped_column(EnumText(ClaimType, 16))
    status: Mapped[ClaimStatus] = mapped_column(EnumText(ClaimStatus, 16), default=ClaimStatus.draft)
    frequency_code: Mapped[FrequencyCode] = mapped_column(
        EnumText(FrequencyCode, 1), default=FrequencyCode.original
    )
    # CLM01: the id the payer echoes back in 277CA and 835 (CLP01).
    patient_control_number: Mapped[str] = mapped_column(String(38))
    external_claim_id: Mapped[str | None] = mapped_column(String(64), default=None)
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    type_of_bill: Mapped[str] = mapped_column(String(4), default="")
    # Institutional (837I CL1 / DTP*435): admission type, source, patient status; admission date.
    admission_date: Mapped[date | None] = mapped_column(default=None)
    admission_type_code: Mapped[str] = mapped_column(String(1), default="")
    admission_source_code: Mapped[str] = mapped_column(String(1), default="")
    patient_status_code: Mapped[str] = mapped_column(String(2), default="")
    service_date_from: Mapped[date]
    service_date_to: Mapped[date]
    diagnosis_codes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    prior_authorization_number: Mapped[str] = mapped_column(String(50), default="")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    # Open balance still expected from payers; charge = paid + adjustments + PR + balance.
    balance_cents: Mapped[int] = mapped_column(default=0)
    # Applied write-offs (part of adjustment_cents), kept by rcm.writeoffs; contractual = adjustments
    # minus this. Checked against write_offs by the ledger check.
    written_off_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    # Sum of the claim's open non-PR denials, kept by database triggers on `denials` (never set by
    # the application): revenue at risk reads it without joining denials.
    open_denied_cents: Mapped[int] = mapped_column(default=0, server_default="0")
    payer_claim_control_number: Mapped[str] = mapped_column(String(50), default="")
    clearinghouse_tracking_id: Mapped[str] = mapped_column(String(50), default="")
    original_claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), default=None)
    primary_claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), default=None)
    # Set when the next payer's claim (secondary/tertiary) was created from this one's remittance:
    # its patient responsibility then goes to that payer, not (yet) to the patient.
    next_payer_claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), default=None)
    signed_off_at: Mapped[datetime | None] = mapped_column(default=None)
    signed_off_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
    first_submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    submitted_at: Mapped[datetime | None] = mapped_column(default=None)
    adjudicated_at: Mapped[datetime | None] = mapped_column(default=None)
    last_payment_at: Mapped[datetime | None] = mapped_column(default=None)
    submission_count: Mapped[int] = mapped_column(default=0)
    rejection_count: Mapped[int] = mapped_column(default=0)
    adjudication_count: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)

    lines: Mapped[list[ClaimLine]] = relationship(
        back_populates="claim", lazy="raise", order_by="ClaimLine.line_number", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class ClaimLine(Base, OrgScoped, Money):
    __tablename__ = "claim_lines"
    # Half-empty pages: ERA posting updates every line it pays, and with room on the page the
    # update is HOT (no index entry written). Lines are found by claim through the unique index.
    __table_args__ = (
        UniqueConstraint("claim_id", "line_number"),
        {"postgresql_with": {"fillfactor": 50}},
    )

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    line_number: Mapped[int]
    procedure_code: Mapped[str] = mapped_column(String(5))
    modifiers: Mapped[list[str]] = mapped_column(JsonType, default=list)
    diagnosis_pointers: Mapped[list[int]] = mapped_column(JsonType, default=list)
    units: Mapped[Decimal] = mapped_column(Numeric(10, 3), default=Decimal(1))
    unit_type: Mapped[str] = mapped_column(String(2), default="UN")
    service_date: Mapped[date]
    place_of_service: Mapped[str | None] = mapped_column(String(2), default=None)
    revenue_code: Mapped[str] = mapped_column(String(4), default="")
    ndc: Mapped[str] = mapped_column(String(11), default="")
    rendering_provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("providers.id"), default=None)

    claim: Mapped[Claim] = relationship(back_populates="lines", lazy="raise")
