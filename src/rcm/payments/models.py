"""Payments posted to claims (from an ERA, or by hand) and their CAS adjustments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, JsonType, OrgScoped


class PaymentMethod(StrEnum):
    eft = "EFT"
    check = "Check"
    virtual_card = "VirtualCard"
    cash = "Cash"
    card = "Card"
    non_payment = "NonPayment"


class PaymentSource(StrEnum):
    era = "era"
    manual = "manual"
    patient = "patient"
    imported = "imported"  # balances carried over by a CSV import (rcm.imports)


class AdjustmentKind(StrEnum):
    """How a CAS triplet affects the claim's money (group code + CARC kind, see rcm.denials.mapping)."""

    contractual = "contractual"  # applied: reduces what is owed (CO-45, reductions, OA-23 ...)
    patient = "patient"  # PR group: moves to patient responsibility
    denial = "denial"  # not applied: the amount stays open until appealed, corrected or written off


class Remittance(Base, OrgScoped):
    """One 835 transaction set (ERA): the payment (BPR), its trace (TRN) and what posting did."""

    __tablename__ = "remittances"
    __table_args__ = (UniqueConstraint("org_id", "payer_identifier", "trace_number"),)

    batch_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("batches.id"), default=None)
    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    payer_name: Mapped[str] = mapped_column(String(100), default="")
    # TRN03 (originating company, "1" + EIN) or the payer's N1*PR id: with TRN02 it identifies an ERA.
    payer_identifier: Mapped[str] = mapped_column(String(80), default="")
    trace_number: Mapped[str] = mapped_column(String(50))
    payment_method: Mapped[str] = mapped_column(String(3), default="")
    credit_debit: Mapped[str] = mapped_column(String(1), default="C")
    payment_cents: Mapped[int] = mapped_column(default=0)
    payment_date: Mapped[date | None] = mapped_column(default=None)
    # Bank side of BPR (receiving account, last 4 only) for deposit reconciliation.
    receiver_account_last4: Mapped[str] = mapped_column(String(4), default="")
    claim_count: Mapped[int] = mapped_column(default=0)
    claims_paid_cents: Mapped[int] = mapped_column(default=0)
    provider_adjustment_cents: Mapped[int] = mapped_column(default=0)
    balanced: Mapped[bool] = mapped_column(default=True)
    matched_count: Mapped[int] = mapped_column(default=0)
    unmatched_count: Mapped[int] = mapped_column(default=0)
    posted_at: Mapped[datetime]
    deposit_reference: Mapped[str] = mapped_column(String(50), default="")
    deposit_date: Mapped[date | None] = mapped_column(default=None)
    reconciled_at: Mapped[datetime | None] = mapped_column(default=None)


class ProviderAdjustment(Base, OrgScoped):
    """PLB: a provider-level adjustment on a remittance (WO recoupment, L6 interest, ...), not a claim."""

    __tablename__ = "provider_adjustments"

    remittance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("remittances.id"), index=True)
    provider_identifier: Mapped[str] = mapped_column(String(50), default="")
    fiscal_period_date: Mapped[date | None] = mapped_column(default=None)
    reason_code: Mapped[str] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(50), default="")
    # Positive reduces the payment (recoupment), negative increases it (interest).
    amount_cents: Mapped[int]


class Payment(Base, OrgScoped):
    """Ledger row, written in bulk by ERA posting, with no foreign key: the claim is the one the
    same transaction has just updated under its version check (locked until commit; claims are
    never deleted), the other ids are copied from rows it has read, and each foreign key check is
    a lookup per row. The ledger check (`GET /admin/ledger/check`) finds any missing row."""

    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_org_posted", "org_id", "posted_at"),)

    org_id: Mapped[uuid.UUID] = mapped_column()  # indexed by (org_id, posted_at)
    claim_id: Mapped[uuid.UUID] = mapped_column(index=True)
    payer_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    payer_name: Mapped[str] = mapped_column(String(100))
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    method: Mapped[PaymentMethod] = mapped_column(EnumText(PaymentMethod, 16))
    source: Mapped[PaymentSource] = mapped_column(EnumText(PaymentSource, 16))
    era_trace_number: Mapped[str] = mapped_column(String(50), default="")
    posted_at: Mapped[datetime]
    is_reversal: Mapped[bool] = mapped_column(default=False)
    remittance_id: Mapped[uuid.UUID | None] = mapped_column(default=None, index=True)
    claim_status_code: Mapped[str] = mapped_column(String(2), default="")
    payer_claim_control_number: Mapped[str] = mapped_column(String(50), default="")


class PaymentAdjustment(Base, OrgScoped):
    """One CAS triplet: group code (CO/PR/OA/PI), CARC, amount, quantity; claim or line level.

    Ledger row like `Payment`, with no foreign key at all: the payment, claim and line ids are
    those of rows the same posting has just written or read (a foreign key check costs a lookup
    per CAS triplet; the ledger check verifies the sums instead)."""

    __tablename__ = "payment_adjustments"
    # One (org, claim) index serves both the claim's adjustments and the org-wide ledger sums by
    # claim: one entry fewer per CAS triplet than an index on each.
    __table_args__ = (Index("ix_payment_adjustments_org_claim", "org_id", "claim_id"),)

    org_id: Mapped[uuid.UUID] = mapped_column()
    payment_id: Mapped[uuid.UUID] = mapped_column(index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column()
    claim_line_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    group_code: Mapped[str] = mapped_column(String(2))
    carc: Mapped[str] = mapped_column(String(5))
    amount_cents: Mapped[int]
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(15, 3), default=None)
    kind: Mapped[AdjustmentKind] = mapped_column(
        EnumText(AdjustmentKind, 16), default=AdjustmentKind.contractual
    )


class UnmatchedStatus(StrEnum):
    open = "open"
    matched = "matched"
    dismissed = "dismissed"


class UnmatchedRemittanceClaim(Base, OrgScoped):
    """A CLP that matched no claim (or a claim not awaiting payment): kept whole for matching by hand."""

    __tablename__ = "unmatched_remittance_claims"
    __table_args__ = (Index("ix_unmatched_org_status", "org_id", "status"),)

    remittance_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("remittances.id"), index=True)
    patient_control_number: Mapped[str] = mapped_column(String(38))
    payer_claim_control_number: Mapped[str] = mapped_column(String(50), default="")
    claim_status_code: Mapped[str] = mapped_column(String(2))
    charge_cents: Mapped[int] = mapped_column(default=0)
    paid_cents: Mapped[int] = mapped_column(default=0)
    patient_name: Mapped[str] = mapped_column(String(100), default="")
    reason: Mapped[str] = mapped_column(String(200))
    # The CLP loop as parsed (JSON), so it can be posted later exactly as received.
    clp: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    status: Mapped[UnmatchedStatus] = mapped_column(
        EnumText(UnmatchedStatus, 16), default=UnmatchedStatus.open
    )
    matched_claim_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claims.id"), default=None)
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolved_by: Mapped[uuid.UUID | None] = mapped_column(default=None)
