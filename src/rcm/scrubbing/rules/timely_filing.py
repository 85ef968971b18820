"""Dates of service: not in the future, a coherent span, and inside the payer's filing limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from rcm.scrubbing.context import ClaimContext, ClaimType, PayerSequence
from rcm.scrubbing.findings import Finding, error, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

DOS_IN_FUTURE = "DOS_IN_FUTURE"
DOS_RANGE_INVALID = "DOS_RANGE_INVALID"
TIMELY_FILING_EXPIRED = "TIMELY_FILING_EXPIRED"
TIMELY_FILING_APPROACHING = "TIMELY_FILING_APPROACHING"
# CARC 110 "billing date predates service date": what a claim for a future service draws.
FUTURE_CARC = "110"
RANGE_CARC = "16"
# CARC 29 "the time limit for filing has expired".
FILING_CARC = "29"
WARN_DAYS_LEFT = 14


def check_dates(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings = list(_future(claim)) + list(_span(claim))
    limit = lookups.filing_limits.filing_limit_days(claim.payer_id, claim.payer_type)
    if limit is not None:
        findings.extend(_filing(claim, limit))
    return findings


def _future(claim: ClaimContext) -> Iterator[Finding]:
    latest = max([claim.service_date_to, *(line.service_date for line in claim.lines)])
    if latest > claim.today:
        yield error(
            DOS_IN_FUTURE,
            f"date of service {latest} is after today ({claim.today})",
            "Bill services only after they are rendered; correct the date of service.",
            FUTURE_CARC,
            field="service_date_to",
        )


def _span(claim: ClaimContext) -> Iterator[Finding]:
    start, end = claim.service_date_from, claim.service_date_to
    if start > end:
        yield _range_error(f"service dates run backwards ({start} to {end})", None)
        return
    for line in claim.lines:
        if not start <= line.service_date <= end:
            problem = (
                f"line {line.line_number} date {line.service_date} is outside the claim's {start} to {end}"
            )
            yield _range_error(problem, line.line_number)


def _range_error(problem: str, line_number: int | None) -> Finding:
    return error(
        DOS_RANGE_INVALID,
        problem,
        "Make every line date fall within the claim's from/through dates.",
        RANGE_CARC,
        line_number=line_number,
        field="service_date",
    )


def _clock_starts(claim: ClaimContext) -> Iterator[tuple[date, int | None]]:
    """Institutional: the through date. Professional: each line's own date of service."""
    prior = claim.prior_payer_adjudication_date
    # Commercial COB contracts usually restart the clock at the primary payer's EOB date
    secondary = claim.payer_sequence != PayerSequence.PRIMARY and prior is not None
    if claim.claim_type == ClaimType.INSTITUTIONAL:
        yield (max(claim.service_date_to, prior) if secondary and prior else claim.service_date_to), None
        return
    for line in claim.lines:
        yield (max(line.service_date, prior) if secondary and prior else line.service_date), line.line_number


def _filing(claim: ClaimContext, limit_days: int) -> Iterator[Finding]:
    worst: tuple[date, int | None] | None = None
    for start, line_number in _clock_starts(claim):
        if worst is None or start < worst[0]:
            worst = (start, line_number)
    if worst is None:
        return
    start, line_number = worst
    deadline = start + timedelta(days=limit_days)
    if claim.today > deadline:
        yield error(
            TIMELY_FILING_EXPIRED,
            f"filing limit of {limit_days} days from {start} expired on {deadline}",
            "Submit only with proof of timely filing (e.g. an earlier acceptance report) or write off.",
            FILING_CARC,
            line_number=line_number,
            field="service_date",
        )
    elif (deadline - claim.today).days <= WARN_DAYS_LEFT:
        yield warning(
            TIMELY_FILING_APPROACHING,
            f"filing limit of {limit_days} days from {start} ends on {deadline}",
            "Submit this claim now.",
            FILING_CARC,
            line_number=line_number,
            field="service_date",
        )


EDIT = BuiltinEdit(
    "timely_filing",
    (DOS_IN_FUTURE, DOS_RANGE_INVALID, TIMELY_FILING_EXPIRED, TIMELY_FILING_APPROACHING),
    check_dates,
)
