"""Payers: who adjudicates claims, with their filing and appeal limits."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped
from rcm.patients.models import Address


class PayerType(StrEnum):
    medicare = "medicare"
    medicaid = "medicaid"
    commercial = "commercial"
    medicare_advantage = "medicare_advantage"
    tricare = "tricare"
    champva = "champva"
    self_pay = "self_pay"


class Payer(Base, OrgScoped, Address):
    __tablename__ = "payers"
    __table_args__ = (UniqueConstraint("org_id", "payer_code"),)

    name: Mapped[str] = mapped_column(String(60))
    payer_type: Mapped[PayerType] = mapped_column(EnumText(PayerType, 24))
    # The X12 payer identifier (2010BB NM109), e.g. a clearinghouse payer id.
    payer_code: Mapped[str] = mapped_column(String(80))
    # None means: use the default for the payer type (reference/filing_and_appeal_limits.csv).
    timely_filing_days: Mapped[int | None] = mapped_column(default=None)
    appeal_days: Mapped[int | None] = mapped_column(default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
