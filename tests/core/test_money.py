"""Money at the edges: dollars (Decimal, as X12 and CSV carry them) to integer cents."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcm.money import to_cents, to_decimal


@pytest.mark.parametrize(
    ("dollars", "cents"),
    [
        ("123.45", 12345),
        ("0", 0),
        ("35", 3500),
        ("1.5", 150),
        ("-20.10", -2010),
        ("1E+2", 10000),
        ("0.005", 1),  # half a cent: away from zero
        ("-0.005", -1),
        ("0.0049", 0),
        ("2.675", 268),
        ("99999999.99", 9999999999),
    ],
)
def test_dollars_become_cents_rounding_half_cents_away_from_zero(dollars: str, cents: int) -> None:
    assert to_cents(Decimal(dollars)) == cents


def test_missing_amount_is_zero_and_cents_go_back_to_dollars() -> None:
    assert to_cents(None) == 0
    assert to_decimal(12345) == Decimal("123.45")
