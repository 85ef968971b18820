"""What each alert metric reads from the analytics service, computed once per source and filter set.

A run of the evaluator asks for many rules' values; rules sharing a KPI source and filters (say
`denial_rate` and `denial_rate_all_claims` for the same payer) cost one query, not two.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rcm.alerts.models import AlertMetric, AlertRule, Comparator
from rcm.analytics import service as analytics
from rcm.analytics.repository import KpiFilters
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues

Source = Callable[[Session, AuthContext, KpiFilters, date], dict[str, Any]]
Extract = Callable[[dict[str, Any]], Any]


def _open_work_items(session: Session, ctx: AuthContext, _f: KpiFilters, _as_of: date) -> dict[str, Any]:
    return {"open_items": sum(q["open_items"] for q in workqueues.queue_summary(session, ctx))}


def _over(result: dict[str, Any], buckets: tuple[str, ...]) -> int:
    return sum(b["balance_cents"] for b in result["buckets"] if b["bucket"] in buckets)


SOURCES: dict[str, Source] = {
    "denials": lambda s, c, f, _d: analytics.denial_rate(s, c, f),
    "quality": lambda s, c, f, _d: analytics.submission_quality(s, c, f),
    "ar_days": analytics.days_in_ar,
    "days_to_pay": lambda s, c, f, _d: analytics.days_to_pay(s, c, f),
    "collections": analytics.collection_rate,
    "risk": analytics.revenue_at_risk,
    "aging": lambda s, c, f, d: analytics.aging(s, c, f, d),
    "cash": lambda s, c, f, _d: analytics.time_to_cash(s, c, f),
    "work": _open_work_items,
}


def _key(name: str) -> Extract:
    return operator.itemgetter(name)


METRICS: dict[AlertMetric, tuple[str, Extract]] = {
    AlertMetric.denial_rate: ("denials", _key("denial_rate")),
    AlertMetric.denial_rate_all_claims: ("denials", _key("denial_rate_all_claims")),
    AlertMetric.clean_claim_rate: ("quality", _key("clean_claim_rate")),
    AlertMetric.first_pass_resolution_rate: ("quality", _key("first_pass_resolution_rate")),
    AlertMetric.days_in_ar: ("ar_days", _key("days_in_ar")),
    AlertMetric.outstanding_ar_cents: ("ar_days", _key("outstanding_ar_cents")),
    AlertMetric.days_to_pay: ("days_to_pay", _key("days_to_pay")),
    AlertMetric.gross_collection_rate: ("collections", _key("gross_collection_rate")),
    AlertMetric.net_collection_rate: ("collections", _key("net_collection_rate")),
    AlertMetric.revenue_at_risk_cents: ("risk", _key("revenue_at_risk_cents")),
    AlertMetric.open_denied_cents: ("risk", _key("open_denied_cents")),
    AlertMetric.ar_over_90_days_cents: ("aging", lambda r: _over(r, ("91-120", "120+"))),
    AlertMetric.ar_over_120_days_cents: ("aging", lambda r: _over(r, ("120+",))),
    AlertMetric.time_to_cash_median_days: ("cash", _key("median_days")),
    AlertMetric.time_to_cash_p90_days: ("cash", _key("p90_days")),
    AlertMetric.open_work_items: ("work", _key("open_items")),
}

# Metrics that are not about claims: payer, provider and lookback filters do not apply to them.
UNFILTERED = frozenset({AlertMetric.open_work_items})

_COMPARE: dict[Comparator, Callable[[float, float], bool]] = {
    Comparator.gt: operator.gt,
    Comparator.ge: operator.ge,
    Comparator.lt: operator.lt,
    Comparator.le: operator.le,
}


def holds(value: float | None, comparator: Comparator, threshold: float) -> bool:
    """A metric without a value (a zero denominator) never meets a condition."""
    return value is not None and _COMPARE[comparator](value, threshold)


def filters_for(rule: AlertRule, today: date) -> KpiFilters:
    since = today - timedelta(days=rule.lookback_days) if rule.lookback_days else None
    return KpiFilters(rule.payer_id, rule.provider_id, since, today if since else None)


class MetricReader:
    """Metric values for one evaluation run; each (source, filters) is computed once."""

    def __init__(self, session: Session, ctx: AuthContext, today: date) -> None:
        self.session, self.ctx, self.today = session, ctx, today
        self._cache: dict[tuple[str, KpiFilters], dict[str, Any]] = {}
        self.calls = 0

    def value(self, rule: AlertRule) -> tuple[float | None, KpiFilters]:
        source, extract = METRICS[rule.metric]
        filters = KpiFilters() if rule.metric in UNFILTERED else filters_for(rule, self.today)
        key = (source, filters)
        if key not in self._cache:
            self.calls += 1
            self._cache[key] = SOURCES[source](self.session, self.ctx, filters, self.today)
        found = extract(self._cache[key])
        return (None if found is None else float(found)), filters
