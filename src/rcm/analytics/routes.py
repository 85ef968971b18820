"""`/analytics/...`: every KPI of SPEC section 7, filterable by payer, provider and dates of service.

Add `?format=csv` to any endpoint to download its table (payer rows, buckets, users...).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response

from rcm.analytics import service
from rcm.analytics.repository import KpiFilters
from rcm.auth.permissions import Action
from rcm.routing import SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/analytics", tags=["analytics"])
Analytics = Annotated[AuthContext, permission(Action.analytics_read)]
Format = Literal["json", "csv"]


def kpi_filters(
    payer_id: uuid.UUID | None = None,
    provider_id: uuid.UUID | None = None,
    date_from: date | None = Query(default=None, description="first date of service"),
    date_to: date | None = Query(default=None, description="last date of service"),
) -> KpiFilters:
    return KpiFilters(payer_id, provider_id, date_from, date_to)


Filters = Annotated[KpiFilters, Depends(kpi_filters)]


def _today(as_of: date | None) -> date:
    return as_of or date.today()


def _render(
    result: dict[str, Any], fmt: Format, table: Callable[[dict[str, Any]], list[dict[str, Any]]], name: str
) -> Response:
    if fmt == "json":
        return JSONResponse(result)
    rows = table(result)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: v for k, v in row.items() if not isinstance(v, list | dict)} for row in rows)
    return Response(
        out.getvalue(),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _aging_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "payer": p["payer"],
            **{f"{b['bucket']} claims": b["claims"] for b in p["buckets"]},
            **{f"{b['bucket']} balance_cents": b["balance_cents"] for b in p["buckets"]},
        }
        for p in result["by_payer"]
    ]


@router.get("/denial-rate")
def denial_rate(ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Denied / adjudicated claims, overall and by payer (plus the all-claims denominator, labelled)."""
    result = service.denial_rate(session, ctx, filters)
    return _render(result, format, lambda r: r["by_payer"], "denial_rate")


@router.get("/clean-claim-rate")
def clean_claim_rate(
    ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json"
) -> Response:
    """Claims accepted on their first submission with no rejection / claims submitted."""
    result = service.clean_claim_rate(session, ctx, filters)
    return _render(result, format, lambda r: [r], "clean_claim_rate")


@router.get("/first-pass-resolution")
def first_pass(ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Claims paid on their first adjudication / claims adjudicated."""
    result = service.first_pass_resolution(session, ctx, filters)
    return _render(result, format, lambda r: [r], "first_pass_resolution")


@router.get("/days-in-ar")
def days_in_ar(
    ctx: Analytics, session: SessionDep, filters: Filters, as_of: date | None = None, format: Format = "json"
) -> Response:
    """Outstanding AR / average daily charges of the last 90 days (days-to-pay reported separately)."""
    result = service.days_in_ar(session, ctx, filters, _today(as_of))
    return _render(result, format, lambda r: [r], "days_in_ar")


@router.get("/days-to-pay")
def days_to_pay(ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Mean days from first submission to the last payment, over paid claims."""
    result = service.days_to_pay(session, ctx, filters)
    return _render(result, format, lambda r: [r], "days_to_pay")


@router.get("/aging")
def aging(
    ctx: Analytics,
    session: SessionDep,
    filters: Filters,
    as_of: date | None = None,
    by: Literal["service_date", "submission_date"] = "service_date",
    format: Format = "json",
) -> Response:
    """Outstanding balance in 0-30/31-60/61-90/91-120/120+ day buckets, in total and by payer."""
    result = service.aging(session, ctx, filters, _today(as_of), by_submission=by == "submission_date")
    return _render(result, format, _aging_rows, "aging")


@router.get("/collection-rate")
def collection_rate(
    ctx: Analytics, session: SessionDep, filters: Filters, as_of: date | None = None, format: Format = "json"
) -> Response:
    """Gross (payments / charges) and net (payments / (charges - contractual adjustments))."""
    result = service.collection_rate(session, ctx, filters, _today(as_of))
    return _render(result, format, lambda r: [r], "collection_rate")


@router.get("/time-to-cash")
def time_to_cash(ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json") -> Response:
    """Days from date of service to final payment: median and 90th percentile."""
    result = service.time_to_cash(session, ctx, filters)
    return _render(result, format, lambda r: [r], "time_to_cash")


@router.get("/revenue-at-risk")
def revenue_at_risk(
    ctx: Analytics, session: SessionDep, filters: Filters, as_of: date | None = None, format: Format = "json"
) -> Response:
    """Open denied balance plus balance older than 120 days."""
    result = service.revenue_at_risk(session, ctx, filters, _today(as_of))
    return _render(result, format, lambda r: [r], "revenue_at_risk")


@router.get("/denial-reasons")
def denial_reasons(
    ctx: Analytics, session: SessionDep, filters: Filters, format: Format = "json"
) -> Response:
    """Denials by payer, CARC, category and root cause."""
    result = service.denial_reasons(session, ctx, filters)
    return _render(result, format, lambda r: r["by_payer_and_reason"], "denial_reasons")


@router.get("/staff-productivity")
def staff_productivity(
    ctx: Analytics, session: SessionDep, since: date, until: date, format: Format = "json"
) -> Response:
    """Actions per user per day from the audit log; error rate = submissions later rejected."""
    result = service.staff_productivity(session, ctx, since, until)
    return _render(result, format, lambda r: r["users"], "staff_productivity")


@router.get("/payer-scorecards")
def payer_scorecards(
    ctx: Analytics, session: SessionDep, filters: Filters, as_of: date | None = None, format: Format = "json"
) -> Response:
    """Per payer: volume, denial and clean-claim rates, collections, open AR, AR over 90 days, days to pay."""
    result = service.payer_scorecards(session, ctx, filters, _today(as_of))
    return _render(result, format, lambda r: r["payers"], "payer_scorecards")


@router.get("/dashboard")
def dashboard(ctx: Analytics, session: SessionDep, filters: Filters, as_of: date | None = None) -> Response:
    """The headline KPIs in one call."""
    return JSONResponse(service.dashboard(session, ctx, filters, _today(as_of)))
