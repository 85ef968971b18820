"""The denials domain's own CARC/RARC classification and appeal windows, cached for bulk use.

Synthetic denials are classified exactly as posted ones (`rcm.denials.mapping`: the packaged CARC
map, refined by RARC), and get their appeal deadline from `rcm.denials.deadlines`.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from rcm.denials import deadlines, mapping
from rcm.payers.models import PayerType


@lru_cache(maxsize=4096)
def classify(group: str, carc: str, rarcs: tuple[str, ...] = ()) -> mapping.Classification:
    return mapping.classify(group, carc, rarcs)


@lru_cache(maxsize=4096)
def adjustment_kind(group: str, carc: str, rarcs: tuple[str, ...] = ()) -> str:
    """How a CAS amount moves the claim's money: to the patient, kept open as a denial, or applied."""
    return mapping.adjustment_kind(group, classify(group, carc, rarcs)).value


@lru_cache(maxsize=4096)
def reason_text(group: str, carc: str) -> str:
    return mapping.reason_text(group, carc)


def appeal_deadline(payer_type: PayerType, override: int | None, adjudicated_on: date) -> date:
    return deadlines.appeal_deadline(payer_type, override, adjudicated_on)
