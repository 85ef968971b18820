"""Payments as posted: reads for claims, remittances and the unmatched queue."""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy.orm import Session

from rcm.pagination import Page, PageParams
from rcm.payments.models import Payment, PaymentAdjustment, ProviderAdjustment, Remittance
from rcm.payments.repository import (
    AdjustmentRepository,
    PaymentRepository,
    ProviderAdjustmentRepository,
    RemittanceRepository,
)
from rcm.tenancy import AuthContext


def payments_of_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[Payment]:
    return PaymentRepository(session, ctx).for_claim(claim_id)


def adjustments_of_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[PaymentAdjustment]:
    return AdjustmentRepository(session, ctx).for_claim(claim_id)


def adjustments_by_claim(
    session: Session, ctx: AuthContext, claim_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[PaymentAdjustment]]:
    grouped: dict[uuid.UUID, list[PaymentAdjustment]] = defaultdict(list)
    for claim_id in claim_ids:
        grouped[claim_id] = AdjustmentRepository(session, ctx).for_claim(claim_id)
    return grouped


def get_remittance(session: Session, ctx: AuthContext, remittance_id: uuid.UUID) -> Remittance:
    return RemittanceRepository(session, ctx).get_or_raise(remittance_id)


def list_remittances(session: Session, ctx: AuthContext, params: PageParams) -> Page[Remittance]:
    return RemittanceRepository(session, ctx).search(params)


def provider_adjustments(
    session: Session, ctx: AuthContext, remittance_id: uuid.UUID
) -> list[ProviderAdjustment]:
    get_remittance(session, ctx, remittance_id)
    return ProviderAdjustmentRepository(session, ctx).for_remittance(remittance_id)
