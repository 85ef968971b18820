"""Element value conversion (X12 R/N0/DT/TM) into Python values, raising `X12ElementError`.

Amounts become `Decimal` (never float). X12 numeric values carry an optional leading minus and an
optional decimal point; exponents, spaces, underscores, NaN and infinity are refused.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rcm.edi.errors import X12ElementError

# Only digits, '.' and a leading '-' may remain for Decimal to judge (no exponent, NaN, '_', spaces).
_NUMBER_CHARS = str.maketrans("", "", "0123456789.-")
# Remittances repeat the same few amounts (copays, CAS amounts): Decimal is immutable, so share them.
_AMOUNTS: dict[str, Decimal] = {}
_AMOUNT_CACHE_SIZE = 50_000
_INTEGER = re.compile(r"[0-9]{1,9}").fullmatch


def element(segment: list[str], position: int) -> str:
    """Element `position` (1-based) or '' when the segment is shorter."""
    return segment[position] if position < len(segment) else ""


def padded(segment: list[str], size: int) -> list[str]:
    """The segment extended with '' so that indexes up to `size` exist."""
    missing = size + 1 - len(segment)
    return segment + [""] * missing if missing > 0 else segment


def amount(value: str, name: str) -> Decimal:
    cached = _AMOUNTS.get(value)
    if cached is not None:
        return cached
    if not value or value.translate(_NUMBER_CHARS):
        if not value:
            raise X12ElementError("required amount is missing", element=name)
        raise X12ElementError(f"{value[:30]!r} is not a valid X12 number", element=name)
    try:
        parsed = Decimal(value)
    except InvalidOperation:
        raise X12ElementError(f"{value[:30]!r} is not a valid X12 number", element=name) from None
    if len(_AMOUNTS) >= _AMOUNT_CACHE_SIZE:
        _AMOUNTS.clear()
    _AMOUNTS[value] = parsed
    return parsed


def optional_amount(value: str, name: str) -> Decimal | None:
    return amount(value, name) if value else None


def integer(value: str, name: str) -> int:
    if not _INTEGER(value):
        raise X12ElementError(f"{value[:30]!r} is not a whole number", element=name)
    return int(value)


@lru_cache(maxsize=8192)
def d8(value: str, name: str) -> date:
    """A CCYYMMDD date (cached: a remittance repeats a handful of dates)."""
    if len(value) != 8 or not value.isdigit() or not value.isascii():
        raise X12ElementError(f"{value[:30]!r} is not a CCYYMMDD date", element=name)
    try:
        return date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise X12ElementError(f"{value[:30]!r} is not a valid calendar date", element=name) from None


def optional_d8(value: str, name: str) -> date | None:
    return d8(value, name) if value else None


def yymmdd(value: str, name: str) -> date:
    """ISA09 carries a 2-digit year; interchanges are recent, so the century is 20."""
    return d8("20" + value, name) if len(value) == 6 else d8(value, name)


def period(qualifier: str, value: str, name: str) -> tuple[date, date]:
    """A D8 date or an RD8 CCYYMMDD-CCYYMMDD range as (start, end)."""
    if qualifier == "RD8" or (not qualifier and "-" in value):
        start, sep, end = value.partition("-")
        if not sep:
            raise X12ElementError(f"{value[:30]!r} is not a CCYYMMDD-CCYYMMDD range", element=name)
        return d8(start, name), d8(end, name)
    if qualifier in ("D8", ""):
        day = d8(value, name)
        return day, day
    if qualifier == "DT":
        day = d8(value[:8], name)
        return day, day
    raise X12ElementError(f"date format qualifier {qualifier[:10]!r} is not D8, RD8 or DT", element=name)


def format_amount(value: Decimal) -> str:
    """Money as X12 R: two decimals at most, insignificant zeros suppressed (120.50 -> 120.5)."""
    text = f"{value:.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    elif text.endswith("0"):
        text = text[:-1]
    return "0" if text in ("-0", "") else text


def format_quantity(value: Decimal | int) -> str:
    """A quantity (units, days) as X12 R without trailing zeros or exponent."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@lru_cache(maxsize=4096)
def format_d8(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def format_rd8(start: date, end: date) -> str:
    return f"{format_d8(start)}-{format_d8(end)}"
