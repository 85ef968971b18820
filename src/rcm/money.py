"""Money at the edges: integer cents inside, Decimal dollars in X12 and CSV."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def to_decimal(cents: int) -> Decimal:
    return Decimal(cents) / 100


def to_cents(amount: Decimal | None) -> int:
    """Dollars to cents, half-cents rounded away from zero. (Hot: every amount of an 835 passes
    here; scaling is exact, so the common whole-cent case skips the rounding.)"""
    if amount is None:
        return 0
    scaled = amount.scaleb(2)
    whole = int(scaled)
    if scaled == whole:
        return whole
    return int(scaled.to_integral_value(rounding=ROUND_HALF_UP))
