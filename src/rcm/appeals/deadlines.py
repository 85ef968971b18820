"""Deadlines of later appeal levels. Pure.

A first-level appeal runs against the denial's own deadline (`rcm.denials.deadlines`). A later
level counts from the previous level's decision: Medicare's levels come from the packaged limits
table (`appeal_L2_reconsideration` 180 days, ALJ / Council / court 60 days each); other payers
get their first-level window again, which is what most provider manuals describe.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from functools import lru_cache

from rcm.denials.deadlines import DATA, PRESUMED_RECEIPT_DAYS, appeal_days
from rcm.payers.models import PayerType

_LEVEL_EVENT = re.compile(r"^appeal_L(\d)_")
_DAYS = re.compile(r"(\d+)\s+(?:calendar\s+)?days")


@lru_cache(maxsize=1)
def medicare_level_days() -> dict[int, int]:
    found: dict[int, int] = {}
    with DATA.open(newline="") as handle:
        for row in csv.DictReader(handle):
            level, days = _LEVEL_EVENT.match(row["event"]), _DAYS.search(row["limit"])
            if row["payer_type"] == "medicare_ffs" and level and days:
                found[int(level.group(1))] = int(days.group(1))
    return found


def level_deadline(
    payer_type: PayerType, payer_appeal_days: int | None, level: int, decided_on: date
) -> date:
    """The last day to file appeal `level` (>= 2) after the previous level was decided on `decided_on`."""
    days = medicare_level_days().get(level) if payer_type is PayerType.medicare else None
    if days is None:
        days = appeal_days(payer_type, payer_appeal_days)
    receipt = decided_on + timedelta(days=PRESUMED_RECEIPT_DAYS.get(payer_type, 0))
    return receipt + timedelta(days=days)
