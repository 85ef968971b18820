"""The KPIs of SPEC section 7, one function each; docs/kpis.md gives every formula and edge case.

Rates are percentages rounded to one decimal, always returned with their numerator and
denominator; a zero denominator gives `None`, never a division error or a misleading 0.
"""

from __future__ import annotations

import math
import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from rcm.analytics.repository import KpiFilters, KpiRepository
from rcm.auth import service as auth_service
from rcm.tenancy import AuthContext

BUCKETS = ("0-30", "31-60", "61-90", "91-120", "120+")
ADC_DAYS = 90


def rate(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def ratio(numerator: float, denominator: float, digits: int = 1) -> float | None:
    return round(numerator / denominator, digits) if denominator else None


def percentile(values: list[float], fraction: float) -> float | None:
    """Linear interpolation between closest ranks (PostgreSQL's percentile_cont)."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


USE_ROLLUPS = True  # tests flip it to check the rollups give the raw queries' numbers


def _repo(session: Session, ctx: AuthContext, filters: KpiFilters) -> KpiRepository:
    return KpiRepository(session, ctx, filters, use_rollups=USE_ROLLUPS)


def histogram_percentile(counts: list[tuple[int, int]], fraction: float) -> float | None:
    """`percentile` over values given as (value, how many), without expanding them."""
    total = sum(n for _, n in counts)
    if not total:
        return None
    position = fraction * (total - 1)
    low, high = math.floor(position), math.ceil(position)
    return _nth(counts, low) + (_nth(counts, high) - _nth(counts, low)) * (position - low)


def _nth(counts: list[tuple[int, int]], index: int) -> float:
    seen = 0
    for value, n in counts:
        seen += n
        if index < seen:
            return float(value)
    return float(counts[-1][0])


def _name(names: dict[uuid.UUID, tuple[str, str]], payer_id: uuid.UUID) -> str:
    return names.get(payer_id, ("(unknown payer)", ""))[0]


def denial_rate(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    names = repo.payer_names()
    rows = [
        (payer, int(total), int(adjudicated), int(denied))
        for payer, total, adjudicated, denied in repo.status_mix_by_payer()
    ]
    payers = sorted(
        (
            {
                "payer_id": str(p),
                "payer": _name(names, p),
                "denied": d,
                "adjudicated": a,
                "claims": t,
                "denial_rate": rate(d, a),
                "denial_rate_all_claims": rate(d, t),
            }
            for p, t, a, d in rows
        ),
        key=lambda r: (-float(r["denial_rate"] or 0), str(r["payer"])),
    )
    denied, adjudicated, total = (sum(r[i] for r in rows) for i in (3, 2, 1))
    return {
        "denial_rate": rate(denied, adjudicated),
        "denied": denied,
        "adjudicated": adjudicated,
        "denial_rate_all_claims": rate(denied, total),
        "claims": total,
        "by_payer": payers,
    }


def submission_quality(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    submitted, clean, adjudicated, paid_first = (
        int(v) for v in _repo(session, ctx, filters).submission_quality()
    )
    return {
        "clean_claim_rate": rate(clean, submitted),
        "clean_claims": clean,
        "submitted": submitted,
        "first_pass_resolution_rate": rate(paid_first, adjudicated),
        "paid_first_time": paid_first,
        "adjudicated": adjudicated,
    }


def clean_claim_rate(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    found = submission_quality(session, ctx, filters)
    return {k: found[k] for k in ("clean_claim_rate", "clean_claims", "submitted")}


def first_pass_resolution(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    found = submission_quality(session, ctx, filters)
    return {k: found[k] for k in ("first_pass_resolution_rate", "paid_first_time", "adjudicated")}


def days_in_ar(session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    _, _, open_ar, recent_charges, patient = (
        int(v) for v in repo.money(as_of - timedelta(days=ADC_DAYS), as_of)
    )
    average_daily = recent_charges / ADC_DAYS
    count, mean_days = repo.days_to_pay()
    return {
        "days_in_ar": ratio(open_ar, average_daily),
        "outstanding_ar_cents": open_ar,
        "average_daily_charges_cents": round(average_daily),
        "window_days": ADC_DAYS,
        "as_of": as_of.isoformat(),
        "patient_responsibility_cents": patient,
        "days_to_pay": round(float(mean_days), 1) if mean_days is not None else None,
        "paid_claims": int(count),
    }


def days_to_pay(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    count, mean_days = _repo(session, ctx, filters).days_to_pay()
    return {
        "days_to_pay": round(float(mean_days), 1) if mean_days is not None else None,
        "paid_claims": int(count),
    }


def aging(
    session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date, by_submission: bool = False
) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    names = repo.payer_names()
    totals = {b: {"claims": 0, "balance_cents": 0} for b in BUCKETS}
    by_payer: dict[uuid.UUID, dict[str, dict[str, int]]] = defaultdict(
        lambda: {b: {"claims": 0, "balance_cents": 0} for b in BUCKETS}
    )
    for payer, bucket, claims, balance in repo.aging(as_of, by_submission):
        for target in (totals[bucket], by_payer[payer][bucket]):
            target["claims"] += int(claims)
            target["balance_cents"] += int(balance)
    return {
        "as_of": as_of.isoformat(),
        "basis": "submission_date" if by_submission else "date_of_service",
        "buckets": [{"bucket": b, **totals[b]} for b in BUCKETS],
        "total_balance_cents": sum(v["balance_cents"] for v in totals.values()),
        "by_payer": sorted(
            (
                {
                    "payer_id": str(p),
                    "payer": _name(names, p),
                    "buckets": [{"bucket": b, **v[b]} for b in BUCKETS],
                }
                for p, v in by_payer.items()
            ),
            key=lambda r: r["payer"],
        ),
    }


def collection_rate(session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    charges, payments, *_ = (int(v) for v in repo.money(as_of - timedelta(days=ADC_DAYS), as_of))
    contractual = repo.contractual_adjustments()
    return {
        "gross_collection_rate": rate(payments, charges),
        "net_collection_rate": rate(payments, charges - contractual),
        "payments_cents": payments,
        "charges_cents": charges,
        "contractual_adjustments_cents": contractual,
    }


def time_to_cash(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    histogram = repo.payment_time_histogram()
    if histogram is not None:
        count = sum(n for _, n in histogram)
        median, p90 = histogram_percentile(histogram, 0.5), histogram_percentile(histogram, 0.9)
    elif repo.dialect == "postgresql":
        count, median, p90 = repo.time_to_cash_percentiles()
    else:
        days = repo.time_to_cash_days()
        count, median, p90 = len(days), percentile(days, 0.5), percentile(days, 0.9)
    return {
        "paid_claims": int(count),
        "median_days": None if median is None else round(float(median), 1),
        "p90_days": None if p90 is None else round(float(p90), 1),
    }


def revenue_at_risk(session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    aged, aged_claims = (int(v or 0) for v in repo.aged_positive_balance(as_of))
    denied, denied_claims = (int(v or 0) for v in repo.denied_at_risk(as_of))
    return {
        "revenue_at_risk_cents": aged + denied,
        "open_denied_cents": denied,
        "older_than_120_days_cents": aged,
        "denied_claims": denied_claims,
        "aged_claims": aged_claims,
        "as_of": as_of.isoformat(),
    }


def denial_reasons(session: Session, ctx: AuthContext, filters: KpiFilters) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    names = repo.payer_names()
    rows = [
        {
            "payer_id": str(p),
            "payer": _name(names, p),
            "category": cat,
            "root_cause": root,
            "carc": carc,
            "denials": int(n),
            "amount_cents": int(amount or 0),
            "open": int(still_open),
        }
        for p, cat, root, carc, n, amount, still_open in repo.denial_reasons()
    ]
    by_root: dict[str, dict[str, int]] = defaultdict(lambda: {"denials": 0, "amount_cents": 0})
    for row in rows:
        by_root[row["root_cause"]]["denials"] += row["denials"]
        by_root[row["root_cause"]]["amount_cents"] += row["amount_cents"]
    return {
        "by_payer_and_reason": sorted(rows, key=lambda r: (-r["denials"], r["payer"], r["carc"])),
        "by_root_cause": sorted(
            ({"root_cause": k, **v} for k, v in by_root.items()), key=lambda r: -r["denials"]
        ),
    }


def staff_productivity(session: Session, ctx: AuthContext, since: date, until: date) -> dict[str, Any]:
    repo = _repo(session, ctx, KpiFilters())
    per_user: dict[uuid.UUID, dict[str, Any]] = defaultdict(lambda: {"actions": 0, "days": set()})
    for actor, day, count in repo.actions_by_user_day(since, until):
        per_user[actor]["actions"] += int(count)
        per_user[actor]["days"].add(str(day))
    quality = {
        actor: (int(n), int(bad or 0)) for actor, n, bad in repo.submissions_and_rejections(since, until)
    }
    names = auth_service.user_names(session, ctx, per_user)
    users = []
    for actor, data in per_user.items():
        submitted, rejected = quality.get(actor, (0, 0))
        users.append(
            {
                "user_id": str(actor),
                "name": names.get(actor, ""),
                "actions": data["actions"],
                "active_days": len(data["days"]),
                "actions_per_day": ratio(data["actions"], len(data["days"])),
                "submissions": submitted,
                "rejected_after_submission": rejected,
                "error_rate": rate(rejected, submitted),
            }
        )
    return {
        "since": since.isoformat(),
        "until": until.isoformat(),
        "users": sorted(users, key=lambda u: -u["actions"]),
    }


def payer_scorecards(session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date) -> dict[str, Any]:
    repo = _repo(session, ctx, filters)
    names = repo.payer_names()
    cards = []
    for (
        payer,
        claims,
        adjudicated,
        denied,
        submitted,
        clean,
        charges,
        payments,
        open_ar,
        over_90,
        mean_days,
    ) in repo.payer_rows(as_of):
        name, kind = names.get(payer, ("(unknown payer)", ""))
        cards.append(
            {
                "payer_id": str(payer),
                "payer": name,
                "payer_type": kind,
                "claims": int(claims),
                "denial_rate": rate(int(denied), int(adjudicated)),
                "clean_claim_rate": rate(int(clean), int(submitted)),
                "gross_collection_rate": rate(int(payments), int(charges)),
                "charges_cents": int(charges),
                "payments_cents": int(payments),
                "open_ar_cents": int(open_ar),
                "ar_over_90_days_cents": int(over_90),
                "days_to_pay": None if mean_days is None else round(float(mean_days), 1),
            }
        )
    return {"as_of": as_of.isoformat(), "payers": sorted(cards, key=lambda c: -c["open_ar_cents"])}


def dashboard(session: Session, ctx: AuthContext, filters: KpiFilters, as_of: date) -> dict[str, Any]:
    """The headline set for the dashboard, in one call."""
    denials = denial_rate(session, ctx, filters)
    return {
        "as_of": as_of.isoformat(),
        "denial_rate": {
            k: denials[k] for k in ("denial_rate", "denied", "adjudicated", "denial_rate_all_claims")
        },
        "top_denying_payers": denials["by_payer"][:5],
        **submission_quality(session, ctx, filters),
        **days_in_ar(session, ctx, filters, as_of),
        "aging": aging(session, ctx, filters, as_of)["buckets"],
        **collection_rate(session, ctx, filters, as_of),
        "time_to_cash": time_to_cash(session, ctx, filters),
        "revenue_at_risk": revenue_at_risk(session, ctx, filters, as_of),
    }
