from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Row, Table, case, exists, func, or_, select

from rcm import bulk
from rcm.claims.models import Claim, ClaimLine
from rcm.denials.models import Denial
from rcm.pagination import Page, PageParams
from rcm.payers.models import Payer
from rcm.payments.models import (
    AdjustmentKind,
    Payment,
    PaymentAdjustment,
    PaymentSource,
    ProviderAdjustment,
    Remittance,
    UnmatchedRemittanceClaim,
    UnmatchedStatus,
)
from rcm.tenancy import OrgRepository
from rcm.writeoffs.models import WriteOff, WriteOffStatus


class RemittanceRepository(OrgRepository[Remittance]):
    model = Remittance
    not_found = "remittance"

    def by_trace(self, payer_identifier: str, trace_number: str) -> Remittance | None:
        stmt = self.base().where(
            Remittance.payer_identifier == payer_identifier, Remittance.trace_number == trace_number
        )
        return self.session.scalars(stmt).first()

    def search(self, params: PageParams) -> Page[Remittance]:
        return self.page(params, order_by=Remittance.posted_at.desc())


class PaymentRepository(OrgRepository[Payment]):
    model = Payment
    not_found = "payment"

    def for_claim(self, claim_id: uuid.UUID) -> list[Payment]:
        stmt = self.base().where(Payment.claim_id == claim_id).order_by(Payment.posted_at, Payment.id)
        return list(self.session.scalars(stmt))

    def insert_many(self, table: Table, rows: list[dict[str, Any]]) -> int:
        """Rows of the posting tables (payments, adjustments, PLB, unmatched), already org-stamped."""
        assert all(row["org_id"] == self.ctx.org_id for row in rows)
        return bulk.insert_rows(self.session, table, rows)


class AdjustmentRepository(OrgRepository[PaymentAdjustment]):
    model = PaymentAdjustment
    not_found = "adjustment"

    def for_claim(self, claim_id: uuid.UUID) -> list[PaymentAdjustment]:
        stmt = self.base().where(PaymentAdjustment.claim_id == claim_id)
        return list(self.session.scalars(stmt.order_by(PaymentAdjustment.created_at, PaymentAdjustment.id)))

    def for_payments(self, payment_ids: list[uuid.UUID]) -> list[PaymentAdjustment]:
        stmt = self.base().where(PaymentAdjustment.payment_id.in_(payment_ids))
        return list(self.session.scalars(stmt))


class ProviderAdjustmentRepository(OrgRepository[ProviderAdjustment]):
    model = ProviderAdjustment
    not_found = "provider adjustment"

    def for_remittance(self, remittance_id: uuid.UUID) -> list[ProviderAdjustment]:
        return list(
            self.session.scalars(self.base().where(ProviderAdjustment.remittance_id == remittance_id))
        )


class UnmatchedRepository(OrgRepository[UnmatchedRemittanceClaim]):
    model = UnmatchedRemittanceClaim
    not_found = "unmatched remittance claim"

    def open_items(self, params: PageParams) -> Page[UnmatchedRemittanceClaim]:
        return self.page(params, UnmatchedRemittanceClaim.status == UnmatchedStatus.open)


class LedgerRepository(OrgRepository[Payment]):
    """Aggregates for the balance invariant (SPEC section 9), one SQL round trip each."""

    model = Payment
    not_found = "payment"

    def claim_mismatches(self, limit: int) -> list[Row[Any]]:
        """Claims where charge != paid + adjustments + PR + balance, or whose lines do not add up."""
        lines = (
            select(
                ClaimLine.claim_id,
                func.sum(ClaimLine.charge_cents).label("charge"),
                func.sum(ClaimLine.paid_cents).label("paid"),
                func.sum(ClaimLine.adjustment_cents).label("adj"),
                func.sum(ClaimLine.patient_responsibility_cents).label("pr"),
            )
            .where(ClaimLine.org_id == self.ctx.org_id)
            .group_by(ClaimLine.claim_id)
            .subquery()
        )
        own = Claim.charge_cents != (
            Claim.paid_cents
            + Claim.adjustment_cents
            + Claim.patient_responsibility_cents
            + Claim.balance_cents
        )
        stmt = (
            select(
                Claim.id,
                Claim.patient_control_number,
                Claim.charge_cents,
                Claim.paid_cents,
                Claim.adjustment_cents,
                Claim.patient_responsibility_cents,
                Claim.balance_cents,
                lines.c.charge,
                lines.c.paid,
            )
            .join(lines, lines.c.claim_id == Claim.id)
            .where(
                Claim.org_id == self.ctx.org_id,
                or_(own, lines.c.charge != Claim.charge_cents, lines.c.paid > Claim.paid_cents),
            )
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    def posting_mismatches(self, limit: int) -> list[Row[Any]]:
        """Claims whose paid / adjustment / PR totals differ from their posted payments and CAS rows."""
        pays = (
            select(Payment.claim_id, func.sum(Payment.amount_cents).label("paid"))
            .where(Payment.org_id == self.ctx.org_id, Payment.source != PaymentSource.patient)
            .group_by(Payment.claim_id)
            .subquery()
        )
        adj = (
            select(
                PaymentAdjustment.claim_id,
                func.sum(
                    case(
                        (
                            PaymentAdjustment.kind == AdjustmentKind.contractual,
                            PaymentAdjustment.amount_cents,
                        ),
                        else_=0,
                    )
                ).label("applied"),
                func.sum(
                    case(
                        (PaymentAdjustment.kind == AdjustmentKind.patient, PaymentAdjustment.amount_cents),
                        else_=0,
                    )
                ).label("patient"),
            )
            .where(PaymentAdjustment.org_id == self.ctx.org_id)
            .group_by(PaymentAdjustment.claim_id)
            .subquery()
        )
        written = (
            select(WriteOff.claim_id, func.sum(WriteOff.amount_cents).label("amount"))
            .where(WriteOff.org_id == self.ctx.org_id, WriteOff.status == WriteOffStatus.applied)
            .group_by(WriteOff.claim_id)
            .subquery()
        )
        written_off = func.coalesce(written.c.amount, 0)
        applied = func.coalesce(adj.c.applied, 0) + written_off
        paid = func.coalesce(pays.c.paid, 0)
        patient = func.coalesce(adj.c.patient, 0)
        stmt = (
            select(
                Claim.id,
                Claim.patient_control_number,
                Claim.paid_cents,
                paid,
                Claim.adjustment_cents,
                applied,
                Claim.patient_responsibility_cents,
                patient,
                Claim.written_off_cents,
                written_off,
            )
            .outerjoin(pays, pays.c.claim_id == Claim.id)
            .outerjoin(adj, adj.c.claim_id == Claim.id)
            .outerjoin(written, written.c.claim_id == Claim.id)
            .where(
                Claim.org_id == self.ctx.org_id,
                or_(
                    Claim.paid_cents != paid,
                    Claim.adjustment_cents != applied,
                    Claim.patient_responsibility_cents != patient,
                    Claim.written_off_cents != written_off,
                ),
            )
            .limit(limit)
        )
        return list(self.session.execute(stmt))

    def orphans(self, limit: int) -> list[tuple[str, str, str, str]]:
        """Ledger references without a foreign key whose row is missing: (table, row id, column,
        missing id). Posting writes these rows in bulk from rows it has just read or written."""
        found: list[tuple[str, str, str, str]] = []
        for model, column, target in (
            (PaymentAdjustment, PaymentAdjustment.payment_id, Payment),
            (PaymentAdjustment, PaymentAdjustment.claim_id, Claim),
            (Payment, Payment.claim_id, Claim),
            (Payment, Payment.remittance_id, Remittance),
            (Denial, Denial.payment_id, Payment),
            (Denial, Denial.remittance_id, Remittance),
            (Denial, Denial.payer_id, Payer),
            (Denial, Denial.claim_line_id, ClaimLine),
        ):
            stmt = (
                select(model.id, column)
                .where(model.org_id == self.ctx.org_id, column.is_not(None))
                .where(~exists().where(target.id == column))
                .limit(limit - len(found))
            )
            name = model.__tablename__
            found += [(name, str(i), column.key, str(ref)) for i, ref in self.session.execute(stmt)]
            if len(found) >= limit:
                break
        return found

    def claim_count(self) -> int:
        return int(
            self.session.scalar(
                select(func.count()).select_from(Claim).where(Claim.org_id == self.ctx.org_id)
            )
            or 0
        )
