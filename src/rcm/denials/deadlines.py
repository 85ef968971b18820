"""Appeal deadlines from the payer's rules: its own `appeal_days`, else the default for its type.

Defaults come from `codesets/data/filing_and_appeal_limits.csv` (first appeal level per payer
type, with the regulation it cites). Payer types the table has no appeal row for fall back to the
documented defaults below, which are typical contract terms and must be set per payer.
"""

from __future__ import annotations

import csv
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rcm.payers.models import PayerType

DATA = Path(__file__).resolve().parents[1] / "codesets" / "data" / "filing_and_appeal_limits.csv"
_CSV_TYPE = {
    PayerType.medicare: "medicare_ffs",
    PayerType.medicare_advantage: "medicare_advantage",
    PayerType.commercial: "commercial",
    PayerType.medicaid: "medicaid",
    PayerType.tricare: "tricare",
    PayerType.champva: "champva",
}
# No first-level appeal row in the table: state Medicaid programs commonly allow 60-120 days, TRICARE
# reconsiderations 90 days, CHAMPVA 1 year. Low confidence: override per payer.
FALLBACK_DAYS = {PayerType.medicaid: 90, PayerType.tricare: 90, PayerType.champva: 365, PayerType.self_pay: 0}
# Medicare presumes the remittance is received 5 days after its date (42 CFR 405.942).
PRESUMED_RECEIPT_DAYS = {PayerType.medicare: 5}
_DAYS = re.compile(r"(\d+)\s+(?:calendar\s+)?days")


@lru_cache(maxsize=1)
def default_appeal_days() -> dict[str, int]:
    found: dict[str, int] = {}
    with DATA.open(newline="") as handle:
        for row in csv.DictReader(handle):
            match = _DAYS.search(row["limit"])
            first_level = row["event"].startswith("appeal_") and row["payer_type"] not in found
            if match and first_level and "L2" not in row["event"]:
                found[row["payer_type"]] = int(match.group(1))
    return found


def appeal_days(payer_type: PayerType, override: int | None) -> int:
    if override:
        return override
    found = default_appeal_days().get(_CSV_TYPE.get(payer_type, ""), None)
    return found if found is not None else FALLBACK_DAYS.get(payer_type, 90)


def appeal_deadline(payer_type: PayerType, override: int | None, adjudicated_on: date) -> date:
    start = adjudicated_on + timedelta(days=PRESUMED_RECEIPT_DAYS.get(payer_type, 0))
    return start + timedelta(days=appeal_days(payer_type, override))
