from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from rcm.codesets.filing_limits import FilingLimits
from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.timely_filing import (
    DOS_IN_FUTURE,
    DOS_RANGE_INVALID,
    TIMELY_FILING_APPROACHING,
    TIMELY_FILING_EXPIRED,
    check_dates,
)
from tests.scrubbing.builders import TODAY, error_ids, ids, make_claim, make_line

LOOKUPS = Lookups()


def _on(days_ago: int, **overrides: Any) -> ClaimContext:
    return make_claim(lines=(make_line(service_date=TODAY - timedelta(days=days_ago)),), **overrides)


def test_recent_service_passes() -> None:
    assert check_dates(_on(10), LOOKUPS) == []


def test_commercial_default_limit_is_90_days() -> None:
    assert check_dates(_on(75), LOOKUPS) == []
    findings = check_dates(_on(91), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(TIMELY_FILING_EXPIRED, "29")]


def test_last_day_of_the_limit_is_still_timely_but_warns() -> None:
    findings = check_dates(_on(90), LOOKUPS)
    assert ids(findings) == {TIMELY_FILING_APPROACHING} and error_ids(findings) == set()


def test_medicare_allows_a_year() -> None:
    assert error_ids(check_dates(_on(300, payer_type="medicare"), LOOKUPS)) == set()
    assert error_ids(check_dates(_on(366, payer_type="medicare"), LOOKUPS)) == {TIMELY_FILING_EXPIRED}


def test_payer_override_replaces_the_default() -> None:
    lookups = dataclasses.replace(LOOKUPS, filing_limits=FilingLimits({"60054": 180}))
    assert error_ids(check_dates(_on(150), lookups)) == set()


def test_self_pay_has_no_limit() -> None:
    assert check_dates(_on(800, payer_type="self_pay"), LOOKUPS) == []


def test_secondary_clock_starts_at_the_primary_adjudication() -> None:
    claim = _on(
        120,
        payer_sequence="secondary",
        prior_payer_adjudication_date=TODAY - timedelta(days=30),
        prior_payer_paid_cents=5000,
    )
    assert error_ids(check_dates(claim, LOOKUPS)) == set()


def test_future_date_of_service() -> None:
    findings = check_dates(_on(-1), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(DOS_IN_FUTURE, "110")]


def test_today_is_not_the_future() -> None:
    assert check_dates(_on(0), LOOKUPS) == []


def test_line_outside_the_claim_span() -> None:
    claim = make_claim(
        lines=(make_line(service_date=date(2026, 6, 1)),),
        service_date_to=date(2026, 6, 3),
        service_date_from=date(2026, 6, 2),
    )
    findings = check_dates(claim, LOOKUPS)
    assert [(f.rule_id, f.line_number) for f in findings] == [(DOS_RANGE_INVALID, 1)]


def test_backwards_span() -> None:
    claim = make_claim(service_date_from=date(2026, 6, 3), service_date_to=date(2026, 6, 1))
    assert DOS_RANGE_INVALID in error_ids(check_dates(claim, LOOKUPS))


def test_institutional_clock_runs_from_the_through_date() -> None:
    stay = make_claim(
        claim_type="institutional",
        type_of_bill="111",
        place_of_service=None,
        lines=(make_line(service_date=TODAY - timedelta(days=100), revenue_code="0120"),),
        service_date_to=TODAY - timedelta(days=80),
    )
    assert error_ids(check_dates(stay, LOOKUPS)) == set()
