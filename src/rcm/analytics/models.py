"""Rollups the KPIs read instead of scanning every claim, kept current by database triggers.

`claim_rollups` holds, per (org, date of service, payer, status, payer sequence), the counts and
sums the KPIs need; `payment_time_histogram` holds, per (org, payer, date of service, days from
service to final payment), how many paid claims took that long (for the exact median and p90).
Triggers on `claims` (statement-level with transition tables on PostgreSQL, row-level on SQLite)
add each changed row's new contribution and subtract its old one, whatever code path changed it;
`rcm.analytics.rollups.rebuild` recomputes them (after a bulk load that bypassed triggers).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import BigInteger, Double, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base


class ClaimRollup(Base):
    __tablename__ = "claim_rollups"

    org_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    service_date: Mapped[date] = mapped_column(primary_key=True)
    payer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    payer_sequence: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
    n_submitted: Mapped[int] = mapped_column(default=0)
    n_first_clean: Mapped[int] = mapped_column(default=0)
    n_adjudicated: Mapped[int] = mapped_column(default=0)
    n_adjudicated_once: Mapped[int] = mapped_column(default=0)
    charge_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    n_balance: Mapped[int] = mapped_column(default=0)
    positive_balance_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    n_positive_balance: Mapped[int] = mapped_column(default=0)
    adjustment_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    final_patient_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    n_paid_timed: Mapped[int] = mapped_column(default=0)
    days_to_pay_sum: Mapped[float] = mapped_column(Double, default=0.0)
    written_off_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # Open AR claims with open non-PR denials: min(open denials, balance), and how many.
    at_risk_denied_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    n_at_risk_denied: Mapped[int] = mapped_column(default=0, server_default="0")


class PaymentTimeHistogram(Base):
    __tablename__ = "payment_time_histogram"

    org_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    payer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    service_date: Mapped[date] = mapped_column(primary_key=True)
    days: Mapped[int] = mapped_column(primary_key=True)
    n: Mapped[int] = mapped_column(default=0)
