from __future__ import annotations

import math
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from rcm.alerts.models import AlertMetric, Comparator, DeliveryStatus

WebhookUrl = AnyHttpUrl  # http or https, with a host


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise ValueError("threshold must be a finite number")
    return value


class AlertRuleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    metric: AlertMetric
    payer_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    lookback_days: int | None = Field(default=None, ge=1, le=3650)
    comparator: Comparator
    threshold: float
    webhook_url: WebhookUrl
    secret: str = Field(min_length=16, max_length=200, description="HMAC-SHA256 key; write-only")
    cooldown_hours: int = Field(default=24, ge=0, le=24 * 90)
    is_active: bool = True

    _check_threshold = field_validator("threshold")(_finite)


class AlertRuleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=120)
    metric: AlertMetric | None = None
    payer_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    lookback_days: int | None = Field(default=None, ge=1, le=3650)
    comparator: Comparator | None = None
    threshold: float | None = None
    webhook_url: WebhookUrl | None = None
    secret: str | None = Field(default=None, min_length=16, max_length=200)
    cooldown_hours: int | None = Field(default=None, ge=0, le=24 * 90)
    is_active: bool | None = None

    _check_threshold = field_validator("threshold")(_finite)


class AlertRuleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    metric: AlertMetric
    payer_id: uuid.UUID | None
    provider_id: uuid.UUID | None
    lookback_days: int | None
    comparator: Comparator
    threshold: float
    webhook_url: str
    cooldown_hours: int
    is_active: bool
    condition_met: bool
    last_fired_at: datetime | None
    created_at: datetime
    updated_at: datetime


class AlertTestResult(BaseModel):
    rule_id: uuid.UUID
    metric: AlertMetric
    value: float | None
    comparator: Comparator
    threshold: float
    condition_met: bool
    would_fire: bool
    date_from: date | None
    date_to: date | None
    evaluated_at: datetime


class AlertEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    rule_id: uuid.UUID
    metric: AlertMetric
    value: float
    comparator: Comparator
    threshold: float
    fired_at: datetime
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    last_status_code: int | None
    last_error: str
    next_attempt_at: datetime | None
    delivered_at: datetime | None
