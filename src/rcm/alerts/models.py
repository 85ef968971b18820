"""Alert rules on KPIs, and the events they fire with their webhook delivery state."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, JsonType, OrgScoped


class AlertMetric(StrEnum):
    denial_rate = "denial_rate"
    denial_rate_all_claims = "denial_rate_all_claims"
    clean_claim_rate = "clean_claim_rate"
    first_pass_resolution_rate = "first_pass_resolution_rate"
    days_in_ar = "days_in_ar"
    days_to_pay = "days_to_pay"
    gross_collection_rate = "gross_collection_rate"
    net_collection_rate = "net_collection_rate"
    outstanding_ar_cents = "outstanding_ar_cents"
    revenue_at_risk_cents = "revenue_at_risk_cents"
    open_denied_cents = "open_denied_cents"
    ar_over_90_days_cents = "ar_over_90_days_cents"
    ar_over_120_days_cents = "ar_over_120_days_cents"
    time_to_cash_median_days = "time_to_cash_median_days"
    time_to_cash_p90_days = "time_to_cash_p90_days"
    open_work_items = "open_work_items"


class Comparator(StrEnum):
    gt = ">"
    ge = ">="
    lt = "<"
    le = "<="


class DeliveryStatus(StrEnum):
    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class AlertRule(Base, OrgScoped):
    __tablename__ = "alert_rules"
    __table_args__ = (UniqueConstraint("org_id", "name"),)

    name: Mapped[str] = mapped_column(String(120))
    metric: Mapped[AlertMetric] = mapped_column(EnumText(AlertMetric, 40))
    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("providers.id"), default=None)
    # Dates of service in [today - lookback_days, today]; None looks at every claim.
    lookback_days: Mapped[int | None] = mapped_column(default=None)
    comparator: Mapped[Comparator] = mapped_column(EnumText(Comparator, 2))
    threshold: Mapped[float]
    webhook_url: Mapped[str] = mapped_column(String(2000))
    # Signs each payload (HMAC-SHA256); never returned by the API nor written to the audit log.
    secret: Mapped[str] = mapped_column(String(200))
    cooldown_hours: Mapped[int] = mapped_column(default=24)
    is_active: Mapped[bool] = mapped_column(default=True)
    # Evaluation state: whether the condition held at the last evaluation, and the last firing.
    condition_met: Mapped[bool] = mapped_column(default=False)
    last_fired_at: Mapped[datetime | None] = mapped_column(default=None)


class AlertEvent(Base, OrgScoped):
    __tablename__ = "alert_events"
    __table_args__ = (
        Index("ix_alert_events_delivery", "org_id", "status", "next_attempt_at"),
        Index("ix_alert_events_fired", "org_id", "fired_at"),
    )

    rule_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alert_rules.id"), index=True)
    metric: Mapped[AlertMetric] = mapped_column(EnumText(AlertMetric, 40))
    value: Mapped[float]
    threshold: Mapped[float]
    comparator: Mapped[Comparator] = mapped_column(EnumText(Comparator, 2))
    fired_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    status: Mapped[DeliveryStatus] = mapped_column(
        EnumText(DeliveryStatus, 16), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    last_status_code: Mapped[int | None] = mapped_column(default=None)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # When the next delivery attempt is due (also a lease while an attempt is in flight).
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
