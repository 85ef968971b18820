"""The claims export's reads: one row per claim with its patient, payer, coverage and providers,
streamed from a server-side cursor, and the lines of each chunk of claims.

Every table joined is filtered by the caller's org. The export needs `claims.read`, which the
patient (portal) role does not have, so there is no per-patient filter here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, aliased

from rcm.claims.models import Claim, ClaimLine
from rcm.exports.schemas import ClaimExportFilters
from rcm.patients.models import Coverage, Patient
from rcm.payers.models import Payer
from rcm.providers.models import Provider
from rcm.tenancy import AuthContext


class ClaimExportRepository:
    def __init__(self, session: Session, ctx: AuthContext) -> None:
        self.session, self.org_id = session, ctx.org_id

    def _filters(self, f: ClaimExportFilters) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [Claim.org_id == self.org_id]
        if f.status:
            conditions.append(Claim.status.in_(f.status))
        if f.payer_id:
            conditions.append(Claim.payer_id == f.payer_id)
        if f.service_from:
            conditions.append(Claim.service_date_from >= f.service_from)
        if f.service_to:
            conditions.append(Claim.service_date_from <= f.service_to)
        return conditions

    def claim_chunks(self, filters: ClaimExportFilters, chunk: int) -> Iterator[Sequence[Any]]:
        billing, rendering = aliased(Provider), aliased(Provider)
        org = self.org_id
        stmt = (
            select(*_columns(billing, rendering))
            .join(Patient, (Patient.id == Claim.patient_id) & (Patient.org_id == org))
            .join(Payer, (Payer.id == Claim.payer_id) & (Payer.org_id == org))
            .join(billing, (billing.id == Claim.billing_provider_id) & (billing.org_id == org))
            .join(rendering, (rendering.id == Claim.rendering_provider_id) & (rendering.org_id == org))
            .outerjoin(Coverage, (Coverage.id == Claim.coverage_id) & (Coverage.org_id == org))
            .where(*self._filters(filters))
            .order_by(Claim.created_at, Claim.patient_control_number, Claim.id)
        )
        yield from self.session.execute(stmt.execution_options(yield_per=chunk)).partitions()

    def lines_of(self, claim_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Any]]:
        columns = (ClaimLine.claim_id, ClaimLine.procedure_code, ClaimLine.modifiers, ClaimLine.units,
                   ClaimLine.charge_cents)  # fmt: skip
        stmt = (
            select(*columns)
            .where(ClaimLine.org_id == self.org_id, ClaimLine.claim_id.in_(claim_ids))
            .order_by(ClaimLine.claim_id, ClaimLine.line_number)
        )
        grouped: dict[uuid.UUID, list[Any]] = {}
        for line in self.session.execute(stmt):
            grouped.setdefault(line.claim_id, []).append(line)
        return grouped


def _columns(billing: Any, rendering: Any) -> tuple[Any, ...]:
    """The export row; the two provider aliases' columns are labelled apart."""
    return (
        Claim.id, Claim.external_claim_id, Claim.patient_control_number, Patient.account_number,
        Patient.last_name, Patient.first_name, Patient.birth_date, Patient.gender,
        Payer.name.label("payer_name"), Payer.payer_code, Coverage.member_id,
        rendering.npi.label("rendering_npi"), rendering.name.label("rendering_last"),
        rendering.first_name.label("rendering_first"), billing.npi.label("billing_npi"),
        billing.name.label("billing_name"), billing.tax_id, Claim.service_date_from, Claim.service_date_to,
        Claim.diagnosis_codes, Claim.place_of_service, Claim.charge_cents, Claim.paid_cents,
        Claim.adjustment_cents, Claim.patient_responsibility_cents, Claim.balance_cents, Claim.status,
        Claim.submitted_at, Claim.last_payment_at,
    )  # fmt: skip
