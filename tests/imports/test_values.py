"""Cell parsers: money, dates, procedure and diagnosis codes, statuses. Pure, no fixtures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.imports.status import next_states, parse_status, shortest_path
from rcm.imports.values import (
    BadValue,
    ProcedureEntry,
    parse_date,
    parse_diagnoses,
    parse_money,
    parse_place_of_service,
    parse_procedures,
)

S = ClaimStatus


class TestParseMoney:
    @pytest.mark.parametrize(
        ("raw", "cents"),
        [
            ("$3,033.66", 303366),
            ("3033.66", 303366),
            ("3,033.66", 303366),
            ("(1,200.00)", -120000),
            ("-1,200.00", -120000),
            ("1,200.00-", -120000),
            ("($45.10)", -4510),
            ("-$5", -500),
            ("$-5.5", -550),
            ("USD 12.00", 1200),
            ("12.00 USD", 1200),
            ("  7 ", 700),
            (".5", 50),
            ("1,000,000.00", 100000000),
            ("12.3400", 1234),
        ],
    )
    def test_reads_what_billing_exports_write(self, raw: str, cents: int) -> None:
        assert parse_money(raw) == cents

    @pytest.mark.parametrize("raw", ["", "   "])
    def test_blank_is_none(self, raw: str) -> None:
        assert parse_money(raw) is None

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("abc", "not an amount"),
            ("3,03.66", "misplaced thousands separator"),
            ("12.345", "fractions of a cent"),
            ("$", "no digits"),
            ("1.2.3", "not an amount"),
            ("12,00", "misplaced thousands separator"),
            ("99999999999.00", "too large"),
        ],
    )
    def test_refuses_garbage_with_the_reason(self, raw: str, reason: str) -> None:
        with pytest.raises(BadValue, match=reason):
            parse_money(raw)


class TestParseDate:
    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            ("2026-09-01", date(2026, 9, 1)),
            ("2026-09-01T00:00:00", date(2026, 9, 1)),
            ("2026-09-01 13:45:00", date(2026, 9, 1)),
            ("09/01/2026", date(2026, 9, 1)),
            ("9/1/2026", date(2026, 9, 1)),
            ("9/1/26", date(2026, 9, 1)),
            ("3/4/70", date(1970, 3, 4)),
            ("09-01-2026", date(2026, 9, 1)),
            ("20260901", date(2026, 9, 1)),
            ("01-Sep-2026", date(2026, 9, 1)),
            ("1-SEP-26", date(2026, 9, 1)),
            ("01 September 2026", date(2026, 9, 1)),
            ("Sep 1, 2026", date(2026, 9, 1)),
            ("46266", date(2026, 9, 1)),
            ("46266.5", date(2026, 9, 1)),
        ],
    )
    def test_accepted_formats(self, raw: str, expected: date) -> None:
        assert parse_date(raw, today=date(2026, 11, 1)) == expected

    def test_two_digit_years_never_land_in_the_future(self) -> None:
        assert parse_date("1/1/27", today=date(2026, 11, 1)) == date(1927, 1, 1)

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [
            ("02/30/2026", "no such day"),
            ("13/01/2026", "no such day"),
            ("yesterday", "not a date"),
            ("01-Foo-2026", "unknown month"),
            ("1850-01-01", "out of range"),
            ("2026/09", "not a date"),
        ],
    )
    def test_refuses_with_the_reason(self, raw: str, reason: str) -> None:
        with pytest.raises(BadValue, match=reason):
            parse_date(raw)

    def test_blank_is_none(self) -> None:
        assert parse_date(" ") is None


class TestParseProcedures:
    def test_one_code(self) -> None:
        assert parse_procedures("99213") == [ProcedureEntry("99213", (), Decimal(1), None)]

    def test_several_codes_with_charges_units_and_modifiers(self) -> None:
        entries = parse_procedures("99213-25:125.00; 97110-GP*2:$1,050.00|85025:25")
        assert entries == [
            ProcedureEntry("99213", ("25",), Decimal(1), 12500),
            ProcedureEntry("97110", ("GP",), Decimal(2), 105000),
            ProcedureEntry("85025", (), Decimal(1), 2500),
        ]

    def test_codes_without_charges_split_on_commas_and_spaces(self) -> None:
        assert [e.code for e in parse_procedures("99213, 85025 j1100")] == ["99213", "85025", "J1100"]

    @pytest.mark.parametrize(
        ("raw", "reason"),
        [("9921", "bad procedure entry"), ("ABCDE", "not a CPT or HCPCS"), ("99213:abc", "not an amount")],
    )
    def test_refuses_bad_codes(self, raw: str, reason: str) -> None:
        with pytest.raises(BadValue, match=reason):
            parse_procedures(raw)


class TestParseDiagnoses:
    def test_dots_dropped_repeats_removed(self) -> None:
        assert parse_diagnoses("E11.9; I10, e11.9 Z00.00") == ["E119", "I10", "Z0000"]

    def test_refuses_a_bad_code(self) -> None:
        with pytest.raises(BadValue, match="ICD-10-CM"):
            parse_diagnoses("E11.9;123")


def test_place_of_service_is_two_digits() -> None:
    assert parse_place_of_service("2") == "02"
    with pytest.raises(BadValue):
        parse_place_of_service("office")


class TestStatusWords:
    @pytest.mark.parametrize(
        ("word", "status"),
        [
            ("Paid", S.paid),
            ("PAID IN FULL", S.paid),
            ("Partially Paid", S.partially_paid),
            ("partial", S.partially_paid),
            ("Denied", S.denied),
            ("Rejected", S.rejected),
            ("Submitted", S.submitted),
            ("Billed", S.submitted),
            ("Pending", S.submitted),
            ("open", S.submitted),
            ("Accepted", S.accepted),
            ("In Process", S.accepted),
            ("Written Off", S.written_off),
            ("Closed", S.written_off),
            ("Draft", S.draft),
            ("Unbilled", S.draft),
            ("Void", S.voided),
            ("WrittenOff", S.written_off),
        ],
    )
    def test_source_words(self, word: str, status: ClaimStatus) -> None:
        assert parse_status(word) is status

    def test_unknown_word_is_refused_naming_the_accepted_ones(self) -> None:
        with pytest.raises(BadValue, match=r"unknown status 'Lost'.*Paid"):
            parse_status("Lost")


class TestShortestPath:
    def test_submitted_to_paid_goes_through_accepted(self) -> None:
        assert shortest_path(S.submitted, S.paid) == [
            (ClaimEvent.accept, S.submitted, S.accepted),
            (ClaimEvent.pay_full, S.accepted, S.paid),
        ]

    def test_draft_to_submitted_scrubs_first(self) -> None:
        assert [e for e, _, _ in shortest_path(S.draft, S.submitted) or []] == [
            ClaimEvent.scrub_passed,
            ClaimEvent.submit,
        ]

    def test_same_status_needs_no_event(self) -> None:
        assert shortest_path(S.denied, S.denied) == []

    def test_a_reversal_is_never_inferred(self) -> None:
        assert shortest_path(S.paid, S.submitted) is None
        assert next_states(S.paid) == []

    def test_a_denial_or_rejection_is_never_invented_on_the_way(self) -> None:
        assert shortest_path(S.accepted, S.draft) is None
        assert shortest_path(S.submitted, S.draft) is None
        assert [e for e, _, _ in shortest_path(S.accepted, S.denied) or []] == [ClaimEvent.deny]

    def test_denied_to_paid_is_resubmitted_then_paid(self) -> None:
        assert [e for e, _, _ in shortest_path(S.denied, S.paid) or []] == [
            ClaimEvent.resubmit,
            ClaimEvent.accept,
            ClaimEvent.pay_full,
        ]
