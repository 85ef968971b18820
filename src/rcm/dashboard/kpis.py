"""The KPI cards of the overview, with the definitions of SPEC section 7 shown on each card.

`key` ties a card to the function in `static/js/overview.js` that fills it from `/analytics/dashboard`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KpiCard:
    key: str
    label: str
    definition: str


KPI_CARDS: tuple[KpiCard, ...] = (
    KpiCard(
        "denial_rate",
        "Denial rate",
        "Denied claims / adjudicated claims (accepted + denied + paid + partially paid). "
        "The all-claims variant divides by every claim, whatever its status.",
    ),
    KpiCard(
        "clean_claim_rate",
        "Clean-claim rate",
        "Claims accepted on their first submission with no rejection / claims submitted.",
    ),
    KpiCard(
        "first_pass_resolution_rate",
        "First-pass resolution",
        "Claims paid on their first adjudication / claims adjudicated.",
    ),
    KpiCard(
        "days_in_ar",
        "Days in AR",
        "Outstanding AR balance / average daily charges over the last 90 days.",
    ),
    KpiCard(
        "days_to_pay",
        "Days to pay",
        "Mean days from first submission to the last payment, over paid claims "
        "(a separate metric from days in AR).",
    ),
    KpiCard("gross_collection_rate", "Gross collection rate", "Payments / charges."),
    KpiCard(
        "net_collection_rate",
        "Net collection rate",
        "Payments / (charges - contractual adjustments).",
    ),
    KpiCard(
        "time_to_cash",
        "Time to cash (median)",
        "Days from date of service to final payment: the median, and the 90th percentile (p90).",
    ),
    KpiCard(
        "revenue_at_risk",
        "Revenue at risk",
        "Open denied balance plus balance older than 120 days.",
    ),
    KpiCard(
        "outstanding_ar",
        "Outstanding AR",
        "Balance still owed on billed claims that are not closed "
        "(submitted, rejected, accepted, partially paid or denied).",
    ),
)
