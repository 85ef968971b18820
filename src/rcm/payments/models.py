"""Payments posted to claims (from an ERA, or by hand) and their CAS adjustments."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped


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


class Payment(Base, OrgScoped):
    __tablename__ = "payments"
    __table_args__ = (Index("ix_payments_org_posted", "org_id", "posted_at"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    payer_name: Mapped[str] = mapped_column(String(100))
    amount_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    method: Mapped[PaymentMethod] = mapped_column(EnumText(PaymentMethod, 16))
    source: Mapped[PaymentSource] = mapped_column(EnumText(PaymentSource, 16))
    era_trace_number: Mapped[str] = mapped_column(String(50), default="")
    posted_at: Mapped[datetime]
    is_reversal: Mapped[bool] = mapped_column(default=False)


class PaymentAdjustment(Base, OrgScoped):
    """One CAS triplet: group code (CO/PR/OA/PI), CARC, amount, quantity; claim or line level."""

    __tablename__ = "payment_adjustments"

    payment_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payments.id"), index=True)
    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"), index=True)
    claim_line_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("claim_lines.id"), default=None)
    group_code: Mapped[str] = mapped_column(String(2))
    carc: Mapped[str] = mapped_column(String(5))
    amount_cents: Mapped[int]
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(15, 3), default=None)
