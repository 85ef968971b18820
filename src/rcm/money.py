"""Money at the edges: integer cents inside, Decimal dollars in X12 and CSV."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(cents: int) -> Decimal:
    return Decimal(cents) / 100


def to_cents(amount: Decimal | None) -> int:
    if amount is None:
        return 0
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))
