"""CMS Place of Service codes (public domain) from `data/place_of_service.csv`."""

from __future__ import annotations

import csv
import io
from functools import cache

from rcm.codesets._data import read_data_text

INPATIENT_POS = frozenset({"21", "31", "51", "61"})
TELEHEALTH_POS = frozenset({"02", "10"})


@cache
def place_of_service_codes() -> dict[str, str]:
    text = read_data_text("place_of_service.csv")
    return {row["pos_code"]: row["name"] for row in csv.DictReader(io.StringIO(text))}


def is_valid_pos(code: str) -> bool:
    return code in place_of_service_codes()


def pos_name(code: str) -> str | None:
    return place_of_service_codes().get(code)
