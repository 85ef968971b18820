"""KPI aggregates read from the rollups (a few thousand rows) instead of every claim.

Same results as `KpiRepository`'s raw queries (a test checks both on the same data); used when
no rendering-provider filter is given, the rollups having no provider dimension.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from rcm.analytics.models import ClaimRollup as R
from rcm.analytics.models import PaymentTimeHistogram as H
from rcm.claims.models import PayerSequence
from rcm.claims.state_machine import ClaimStatus as S
from rcm.tenancy import AuthContext

ADJUDICATED = [s.value for s in (S.accepted, S.denied, S.paid, S.partially_paid)]
OPEN_AR = [s.value for s in (S.submitted, S.rejected, S.accepted, S.partially_paid, S.denied)]
ANSWERED = [s.value for s in (S.accepted, S.paid, S.partially_paid, S.denied, S.written_off)]
PRIMARY = PayerSequence.primary.value


def _sum(column: Any, condition: ColumnElement[bool] | None = None) -> Any:
    value = column if condition is None else case((condition, column), else_=0)
    return func.coalesce(func.sum(value), 0)


class RollupRepository:
    def __init__(
        self,
        session: Session,
        ctx: AuthContext,
        payer_id: uuid.UUID | None,
        date_from: date | None,
        date_to: date | None,
    ) -> None:
        self.session, self.ctx = session, ctx
        self.payer_id, self.date_from, self.date_to = payer_id, date_from, date_to

    def _where(self, table: Any) -> list[ColumnElement[bool]]:
        found = [table.org_id == self.ctx.org_id]
        if self.payer_id:
            found.append(table.payer_id == self.payer_id)
        if self.date_from:
            found.append(table.service_date >= self.date_from)
        if self.date_to:
            found.append(table.service_date <= self.date_to)
        return found

    def status_mix_by_payer(self) -> list[Any]:
        stmt = select(
            R.payer_id, _sum(R.n), _sum(R.n, R.status.in_(ADJUDICATED)), _sum(R.n, R.status == S.denied.value)
        )
        return list(self.session.execute(stmt.where(*self._where(R)).group_by(R.payer_id)))

    def submission_quality(self) -> Any:
        stmt = select(
            _sum(R.n_submitted),
            _sum(R.n_first_clean, R.status.in_(ANSWERED)),
            _sum(R.n_adjudicated),
            _sum(R.n_adjudicated_once, R.status == S.paid.value),
        )
        return self.session.execute(stmt.where(*self._where(R))).one()

    def money(self, adc_from: date, as_of: date) -> Any:
        primary = R.payer_sequence == PRIMARY
        recent = and_(primary, R.service_date > adc_from, R.service_date <= as_of)
        stmt = select(
            _sum(R.charge_cents, primary),
            _sum(R.paid_cents),
            _sum(R.balance_cents, R.status.in_(OPEN_AR)),
            _sum(R.charge_cents, recent),
            _sum(R.final_patient_cents),
        )
        return self.session.execute(stmt.where(*self._where(R))).one()

    def contractual_adjustments(self) -> int:
        primary = R.payer_sequence == PRIMARY
        stmt = select(_sum(R.adjustment_cents - R.written_off_cents, primary)).where(*self._where(R))
        return int(self.session.scalar(stmt) or 0)

    def denied_at_risk(self, since: date) -> Any:
        recent = R.service_date >= since
        stmt = select(_sum(R.at_risk_denied_cents, recent), _sum(R.n_at_risk_denied, recent))
        return self.session.execute(stmt.where(*self._where(R))).one()

    def days_to_pay(self) -> Any:
        timed = _sum(R.n_paid_timed)
        stmt = select(timed, func.sum(R.days_to_pay_sum) / func.nullif(func.sum(R.n_paid_timed), 0))
        return self.session.execute(stmt.where(*self._where(R))).one()

    def aging(self, as_of: date, dialect: str) -> list[Any]:
        age = (
            (literal(as_of, Date) - R.service_date)
            if dialect == "postgresql"
            else func.julianday(literal(as_of.isoformat())) - func.julianday(R.service_date)
        )
        bucket = case(
            (age <= 30, "0-30"),
            (age <= 60, "31-60"),
            (age <= 90, "61-90"),
            (age <= 120, "91-120"),
            else_="120+",
        )
        stmt = (
            select(R.payer_id, bucket.label("bucket"), _sum(R.n_balance), _sum(R.balance_cents))
            .where(*self._where(R), R.status.in_(OPEN_AR))
            .group_by(R.payer_id, bucket)
        )
        return [row for row in self.session.execute(stmt) if row[2]]

    def payment_time_histogram(self) -> list[tuple[int, int]]:
        stmt = select(H.days, func.sum(H.n)).where(*self._where(H)).group_by(H.days).order_by(H.days)
        return [(int(days), int(n)) for days, n in self.session.execute(stmt) if n]

    def aged_positive_balance(self, as_of: date) -> Any:
        old = R.service_date < as_of - timedelta(days=120)
        stmt = select(_sum(R.positive_balance_cents, old), _sum(R.n_positive_balance, old))
        return self.session.execute(stmt.where(*self._where(R), R.status.in_(OPEN_AR))).one()

    def payer_rows(self, as_of: date) -> list[Any]:
        primary = R.payer_sequence == PRIMARY
        open_ar = R.status.in_(OPEN_AR)
        over_90 = and_(open_ar, R.service_date < as_of - timedelta(days=90))
        stmt = select(
            R.payer_id,
            _sum(R.n),
            _sum(R.n, R.status.in_(ADJUDICATED)),
            _sum(R.n, R.status == S.denied.value),
            _sum(R.n_submitted),
            _sum(R.n_first_clean, R.status.in_(ANSWERED)),
            _sum(R.charge_cents, primary),
            _sum(R.paid_cents),
            _sum(R.balance_cents, open_ar),
            _sum(R.balance_cents, over_90),
            func.sum(R.days_to_pay_sum) / func.nullif(func.sum(R.n_paid_timed), 0),
        )
        return list(self.session.execute(stmt.where(*self._where(R)).group_by(R.payer_id)))
