"""NPI check digit: Luhn over the nine identifier digits prefixed with 80840 (CMS NPI standard).

1234567893 is valid, 1234567890 is not.
"""

from __future__ import annotations

_PREFIX_SUM = 24  # Luhn contribution of the constant "80840" prefix for a 10-digit NPI


def npi_check_digit(first_nine: str) -> int:
    total = _PREFIX_SUM
    for i, ch in enumerate(reversed(first_nine)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    if len(npi) != 10 or not npi.isdigit():
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])
