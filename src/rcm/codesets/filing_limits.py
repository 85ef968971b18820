"""Timely-filing limits in days, by payer type, with per-payer overrides.

Defaults come from `data/filing_and_appeal_limits.csv` (initial_claim rows). Months and years are
turned into days conservatively (12 months -> 365). Rows without a number are contract-specific;
see `_CONTRACT_DEFAULTS`. Every limit is meant to be overridden per payer contract.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from functools import cache

from rcm.codesets._data import read_data_text

_NUMBER_UNIT = re.compile(r"(\d+)(?:\s*-\s*\d+)?\s*(?:calendar\s+)?(day|month|year)", re.IGNORECASE)
_UNIT_DAYS = {"day": 1, "year": 365}

# Medicare Advantage contracts commonly mirror Original Medicare for non-contracted providers.
_CONTRACT_DEFAULTS = {"medicare_advantage": 365}

# Our payer types -> the CSV's payer_type column.
_CSV_PAYER_TYPE = {"medicare": "medicare_ffs"}


def limit_text_to_days(text: str) -> int | None:
    """'12 months (1 calendar year)' -> 365; 'typically 90-180 days' -> 90 (the strict end)."""
    match = _NUMBER_UNIT.search(text)
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit == "month":
        return 365 if number == 12 else number * 30
    return number * _UNIT_DAYS[unit]


@cache
def default_filing_limits() -> dict[str, int]:
    """{payer_type: days} for the initial claim; self_pay has no limit."""
    text = read_data_text("filing_and_appeal_limits.csv")
    limits: dict[str, int] = dict(_CONTRACT_DEFAULTS)
    for row in csv.DictReader(io.StringIO(text)):
        if row["event"] == "initial_claim" and (days := limit_text_to_days(row["limit"])) is not None:
            limits[row["payer_type"]] = days
    for ours, theirs in _CSV_PAYER_TYPE.items():
        limits[ours] = limits[theirs]
    return limits


class FilingLimits:
    """Per-payer overrides (payer id -> days) on top of the payer-type defaults."""

    def __init__(
        self,
        overrides: Mapping[str, int] | None = None,
        defaults: Mapping[str, int] | None = None,
    ) -> None:
        self._overrides = dict(overrides or {})
        self._defaults = dict(default_filing_limits() if defaults is None else defaults)

    def filing_limit_days(self, payer_id: str, payer_type: str) -> int | None:
        if payer_id in self._overrides:
            return self._overrides[payer_id]
        return self._defaults.get(payer_type)
