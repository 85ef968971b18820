"""KPI queries: each is one SQL round trip of aggregates over the org's claims (SUM(CASE ...)).

Filters: payer, rendering provider, and a date-of-service range. Charges count primary claims
only (a secondary claim repeats the primary's charges); payments count every claim.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, Select, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from rcm.analytics.rollup_repository import RollupRepository
from rcm.audit.models import AuditEvent
from rcm.claims.models import Claim, PayerSequence
from rcm.claims.state_machine import ClaimStatus as S
from rcm.denials.models import Denial
from rcm.payers.models import Payer
from rcm.tenancy import AuthContext

ADJUDICATED = (S.accepted, S.denied, S.paid, S.partially_paid)
# Billed and not closed: what the organization is still waiting to be paid (accounts receivable).
OPEN_AR = (S.submitted, S.rejected, S.accepted, S.partially_paid, S.denied)
ANSWERED = (S.accepted, S.paid, S.partially_paid, S.denied, S.written_off)


@dataclass(frozen=True, slots=True)
class KpiFilters:
    payer_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    date_from: date | None = None
    date_to: date | None = None


def _sum_if(condition: ColumnElement[bool], value: Any = 1) -> Any:
    return func.coalesce(func.sum(case((condition, value), else_=0)), 0)


def _as_date(value: Any, dialect: str) -> Any:
    return cast(value, Date) if dialect == "postgresql" else func.date(value)


def _day_diff(later: Any, earlier: Any, dialect: str) -> Any:
    """Days between two dates (PostgreSQL: date - date is an integer)."""
    if dialect == "postgresql":
        return later - earlier
    return func.julianday(later) - func.julianday(earlier)


def _ts_days(later: Any, earlier: Any, dialect: str) -> Any:
    """Calendar days between the UTC dates of two timestamps (a remittance carries a date only)."""
    if dialect == "postgresql":
        return cast(func.timezone("UTC", later), Date) - cast(func.timezone("UTC", earlier), Date)
    return func.julianday(func.date(later)) - func.julianday(func.date(earlier))


def _window(since: date, until: date) -> tuple[datetime, datetime]:
    """[since 00:00 UTC, the day after `until` 00:00 UTC)."""
    start = datetime.combine(since, time.min, UTC)
    return start, datetime.combine(until, time.min, UTC) + timedelta(days=1)


class KpiRepository:
    """Raw queries over claims; `rollups` (when set) answers the same questions from the rollups."""

    def __init__(
        self, session: Session, ctx: AuthContext, filters: KpiFilters, *, use_rollups: bool = True
    ) -> None:
        self.session, self.ctx, self.f = session, ctx, filters
        self.dialect = session.get_bind().dialect.name
        self.rollups = (
            RollupRepository(session, ctx, filters.payer_id, filters.date_from, filters.date_to)
            if use_rollups and filters.provider_id is None
            else None
        )

    def _where(self) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [Claim.org_id == self.ctx.org_id]
        if self.f.payer_id:
            conditions.append(Claim.payer_id == self.f.payer_id)
        if self.f.provider_id:
            conditions.append(Claim.rendering_provider_id == self.f.provider_id)
        if self.f.date_from:
            conditions.append(Claim.service_date_from >= self.f.date_from)
        if self.f.date_to:
            conditions.append(Claim.service_date_from <= self.f.date_to)
        return conditions

    def _claims(self, *columns: Any) -> Select[Any]:
        return select(*columns).where(*self._where())

    def status_mix_by_payer(self) -> list[Any]:
        """Per payer: claims, adjudicated, denied (for the denial rate, both denominators)."""
        if self.rollups:
            return self.rollups.status_mix_by_payer()
        stmt = self._claims(
            Claim.payer_id,
            func.count(),
            _sum_if(Claim.status.in_(ADJUDICATED)),
            _sum_if(Claim.status == S.denied),
        ).group_by(Claim.payer_id)
        return list(self.session.execute(stmt))

    def submission_quality(self) -> Any:
        if self.rollups:
            return self.rollups.submission_quality()
        first_time_clean = and_(
            Claim.submission_count == 1, Claim.rejection_count == 0, Claim.status.in_(ANSWERED)
        )
        paid_first = and_(Claim.adjudication_count == 1, Claim.status == S.paid)
        stmt = self._claims(
            _sum_if(Claim.first_submitted_at.is_not(None)),
            _sum_if(first_time_clean),
            _sum_if(Claim.adjudication_count >= 1),
            _sum_if(paid_first),
        )
        return self.session.execute(stmt).one()

    def money(self, adc_from: date, as_of: date) -> Any:
        if self.rollups:
            return self.rollups.money(adc_from, as_of)
        primary = Claim.payer_sequence == PayerSequence.primary
        recent = and_(primary, Claim.service_date_from > adc_from, Claim.service_date_from <= as_of)
        stmt = self._claims(
            _sum_if(primary, Claim.charge_cents),
            func.coalesce(func.sum(Claim.paid_cents), 0),
            _sum_if(Claim.status.in_(OPEN_AR), Claim.balance_cents),
            _sum_if(recent, Claim.charge_cents),
            _sum_if(Claim.next_payer_claim_id.is_(None), Claim.patient_responsibility_cents),
        )
        return self.session.execute(stmt).one()

    def contractual_adjustments(self) -> int:
        """Primary claims' applied adjustments minus their write-offs: the CAS amounts classified as
        contractual (a secondary claim's OA-23 only restates the primary payment, like its charges)."""
        if self.rollups:
            return self.rollups.contractual_adjustments()
        primary = Claim.payer_sequence == PayerSequence.primary
        net = Claim.adjustment_cents - Claim.written_off_cents
        return int(self.session.scalar(self._claims(_sum_if(primary, net))) or 0)

    def days_to_pay(self) -> Any:
        if self.rollups:
            return self.rollups.days_to_pay()
        span = _ts_days(Claim.last_payment_at, Claim.first_submitted_at, self.dialect)
        stmt = self._claims(func.count(), func.avg(span)).where(
            Claim.last_payment_at.is_not(None), Claim.first_submitted_at.is_not(None), Claim.paid_cents > 0
        )
        return self.session.execute(stmt).one()

    def aging(self, as_of: date, by_submission: bool) -> list[Any]:
        """(payer, bucket, claims, balance) of open AR; age from DOS or first submission."""
        if self.rollups and not by_submission:
            return self.rollups.aging(as_of, self.dialect)
        start = _as_date(Claim.first_submitted_at, self.dialect) if by_submission else Claim.service_date_from
        age = _day_diff(literal(as_of, Date), start, self.dialect)
        bucket = case(
            (age <= 30, "0-30"),
            (age <= 60, "31-60"),
            (age <= 90, "61-90"),
            (age <= 120, "91-120"),
            else_="120+",
        )
        stmt = (
            self._claims(Claim.payer_id, bucket.label("bucket"), func.count(), func.sum(Claim.balance_cents))
            .where(Claim.status.in_(OPEN_AR), Claim.balance_cents != 0)
            .group_by(Claim.payer_id, bucket)
        )
        return list(self.session.execute(stmt))

    def time_to_cash_days(self) -> list[float]:
        span = _day_diff(_as_date(Claim.last_payment_at, self.dialect), Claim.service_date_from, self.dialect)
        stmt = self._claims(span).where(Claim.status == S.paid, Claim.last_payment_at.is_not(None))
        return [float(v) for (v,) in self.session.execute(stmt)]

    def time_to_cash_percentiles(self) -> Any:
        """Median and p90 in the database (PostgreSQL's percentile_cont)."""
        span = _day_diff(_as_date(Claim.last_payment_at, self.dialect), Claim.service_date_from, self.dialect)
        stmt = self._claims(
            func.count(),
            func.percentile_cont(0.5).within_group(span),
            func.percentile_cont(0.9).within_group(span),
        ).where(Claim.status == S.paid, Claim.last_payment_at.is_not(None))
        return self.session.execute(stmt).one()

    def aged_positive_balance(self, as_of: date) -> Any:
        """(balance, claims) of open-AR claims with a positive balance, serviced over 120 days ago."""
        if self.rollups:
            return self.rollups.aged_positive_balance(as_of)
        old = Claim.service_date_from < as_of - timedelta(days=120)
        stmt = self._claims(_sum_if(old, Claim.balance_cents), _sum_if(old)).where(
            Claim.status.in_(OPEN_AR), Claim.balance_cents > 0
        )
        return self.session.execute(stmt).one()

    def denied_at_risk(self, as_of: date) -> Any:
        """(amount, claims): per open-AR claim of 120 days or less, min(open non-PR denials, balance)."""
        recent = as_of - timedelta(days=120)
        if self.rollups:
            return self.rollups.denied_at_risk(recent)
        least = func.min if self.dialect == "sqlite" else func.least
        stmt = self._claims(
            func.coalesce(func.sum(least(Claim.open_denied_cents, Claim.balance_cents)), 0), func.count()
        ).where(
            Claim.status.in_(OPEN_AR),
            Claim.open_denied_cents > 0,
            Claim.balance_cents > 0,
            Claim.service_date_from >= recent,
        )
        return self.session.execute(stmt).one()

    def payment_time_histogram(self) -> list[tuple[int, int]] | None:
        return self.rollups.payment_time_histogram() if self.rollups else None

    def denial_reasons(self) -> list[Any]:
        stmt = (
            select(
                Denial.payer_id,
                Denial.category,
                Denial.root_cause,
                Denial.carc,
                func.count(),
                func.sum(Denial.amount_cents),
                _sum_if(Denial.is_open.is_(True)),
            )
            .where(Denial.org_id == self.ctx.org_id)
            .group_by(Denial.payer_id, Denial.category, Denial.root_cause, Denial.carc)
        )
        if self.f.provider_id or self.f.date_from or self.f.date_to:
            stmt = stmt.join(Claim, Claim.id == Denial.claim_id).where(*self._where())
        elif self.f.payer_id:  # the denial carries its payer: no need to read the claims
            stmt = stmt.where(Denial.payer_id == self.f.payer_id)
        return list(self.session.execute(stmt))

    def payer_rows(self, as_of: date) -> list[Any]:
        """Per payer, everything the scorecard shows, in one scan."""
        if self.rollups:
            return self.rollups.payer_rows(as_of)
        primary = Claim.payer_sequence == PayerSequence.primary
        age = _day_diff(literal(as_of, Date), Claim.service_date_from, self.dialect)
        open_ar = Claim.status.in_(OPEN_AR)
        span = _ts_days(Claim.last_payment_at, Claim.first_submitted_at, self.dialect)
        paid = and_(
            Claim.last_payment_at.is_not(None), Claim.first_submitted_at.is_not(None), Claim.paid_cents > 0
        )
        stmt = self._claims(
            Claim.payer_id,
            func.count(),
            _sum_if(Claim.status.in_(ADJUDICATED)),
            _sum_if(Claim.status == S.denied),
            _sum_if(Claim.first_submitted_at.is_not(None)),
            _sum_if(
                and_(Claim.submission_count == 1, Claim.rejection_count == 0, Claim.status.in_(ANSWERED))
            ),
            _sum_if(primary, Claim.charge_cents),
            func.coalesce(func.sum(Claim.paid_cents), 0),
            _sum_if(open_ar, Claim.balance_cents),
            _sum_if(and_(open_ar, age > 90), Claim.balance_cents),
            func.avg(case((paid, span))),
        ).group_by(Claim.payer_id)
        return list(self.session.execute(stmt))

    def payer_names(self) -> dict[uuid.UUID, tuple[str, str]]:
        stmt = select(Payer.id, Payer.name, Payer.payer_type).where(Payer.org_id == self.ctx.org_id)
        return {
            pid: (name, str(getattr(kind, "value", kind))) for pid, name, kind in self.session.execute(stmt)
        }

    def actions_by_user_day(self, since: date, until: date) -> list[Any]:
        day = _as_date(AuditEvent.occurred_at, self.dialect)
        start, end = _window(since, until)
        stmt = (
            select(AuditEvent.actor_id, day.label("day"), func.count())
            .where(
                AuditEvent.org_id == self.ctx.org_id,
                AuditEvent.actor_id.is_not(None),
                AuditEvent.occurred_at >= start,
                AuditEvent.occurred_at < end,
            )
            .group_by(AuditEvent.actor_id, day)
        )
        return list(self.session.execute(stmt))

    def submissions_and_rejections(self, since: date, until: date) -> list[Any]:
        """Per user: claims they submitted in the window, and how many of those were rejected after."""
        submitted = (
            select(AuditEvent.actor_id, AuditEvent.entity_id, AuditEvent.seq)
            .where(
                AuditEvent.org_id == self.ctx.org_id,
                AuditEvent.action.in_(["claim.submit", "claim.resubmit"]),
                AuditEvent.actor_id.is_not(None),
                AuditEvent.occurred_at >= _window(since, until)[0],
                AuditEvent.occurred_at < _window(since, until)[1],
            )
            .subquery()
        )
        later = (
            select(literal(1))
            .where(
                AuditEvent.org_id == self.ctx.org_id,
                AuditEvent.entity_id == submitted.c.entity_id,
                AuditEvent.seq > submitted.c.seq,
                AuditEvent.action == "claim.reject",
            )
            .exists()
        )
        stmt = select(submitted.c.actor_id, func.count(), func.sum(case((later, 1), else_=0))).group_by(
            submitted.c.actor_id
        )
        return list(self.session.execute(stmt))
