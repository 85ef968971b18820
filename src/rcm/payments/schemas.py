from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rcm.payments.models import AdjustmentKind, PaymentMethod, PaymentSource, UnmatchedStatus


class PaymentAdjustmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    payment_id: uuid.UUID
    claim_line_id: uuid.UUID | None
    group_code: str
    carc: str
    amount_cents: int
    quantity: Decimal | None
    kind: AdjustmentKind


class PaymentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    claim_id: uuid.UUID
    payer_id: uuid.UUID | None
    payer_name: str
    amount_cents: int
    currency: str
    method: PaymentMethod
    source: PaymentSource
    era_trace_number: str
    posted_at: datetime
    is_reversal: bool
    remittance_id: uuid.UUID | None
    claim_status_code: str
    payer_claim_control_number: str


class ClaimPaymentsRead(BaseModel):
    payments: list[PaymentRead]
    adjustments: list[PaymentAdjustmentRead]


class RemittanceRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    batch_id: uuid.UUID | None
    payer_id: uuid.UUID | None
    payer_name: str
    payer_identifier: str
    trace_number: str
    payment_method: str
    credit_debit: str
    payment_cents: int
    payment_date: date | None
    receiver_account_last4: str
    claim_count: int
    claims_paid_cents: int
    provider_adjustment_cents: int
    balanced: bool
    matched_count: int
    unmatched_count: int
    posted_at: datetime
    deposit_reference: str
    deposit_date: date | None
    reconciled_at: datetime | None


class ProviderAdjustmentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    provider_identifier: str
    fiscal_period_date: date | None
    reason_code: str
    reference: str
    amount_cents: int


class RemittanceDetail(BaseModel):
    remittance: RemittanceRead
    provider_adjustments: list[ProviderAdjustmentRead]


class ReconcileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    deposit_reference: str = Field(min_length=1, max_length=50)
    deposit_date: date
    deposit_cents: int


class UnmatchedRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    remittance_id: uuid.UUID
    patient_control_number: str
    payer_claim_control_number: str
    claim_status_code: str
    charge_cents: int
    paid_cents: int
    patient_name: str
    reason: str
    status: UnmatchedStatus
    matched_claim_id: uuid.UUID | None
    created_at: datetime


class MatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    claim_id: uuid.UUID


class DismissRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str = Field(min_length=1, max_length=1000)


class PostingResult(BaseModel):
    batch_id: uuid.UUID
    duplicate: bool
    summary: dict[str, Any]


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: str
    status: str
    progress: int
    total: int
    result: dict[str, Any]
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class LedgerRead(BaseModel):
    ok: bool
    claims_checked: int
    problems: list[dict[str, Any]]
