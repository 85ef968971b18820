"""NPI check digit and provider taxonomy format.

CMS "Requirements for NPI check digit": Luhn over the first nine digits as if prefixed by the
card-issuer prefix 80840; the prefix contributes a constant 24 to the Luhn sum.
"""

from __future__ import annotations

import re

_NPI_SHAPE = re.compile(r"^[12]\d{9}$")
_TAXONOMY_SHAPE = re.compile(r"^\d{3}[0-9A-Z]{6}X$")
_PREFIX_80840_SUM = 24


def npi_check_digit(first_nine: str) -> int:
    total = _PREFIX_80840_SUM
    for position, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """Ten digits, first digit 1 or 2, Luhn check digit with the 80840 prefix."""
    if not _NPI_SHAPE.match(npi):
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])


def is_valid_taxonomy_format(code: str) -> bool:
    """NUCC taxonomy shape (e.g. 207Q00000X); existence needs the customer's NUCC file."""
    return bool(_TAXONOMY_SHAPE.match(code))
