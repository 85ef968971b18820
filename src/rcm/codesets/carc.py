"""CARC -> denial category and kind, from our own mapping `data/carc_denial_category_map.csv`.

Only codes and our labels ship (X12 descriptions are copyrighted). Generic CARCs (16, 96, 97,
A1, ...) are refined by the RARCs sent with them: `classify` applies a RARC refinement table,
which callers extend per payer with `overrides`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from rcm.codesets._data import read_data_text

UNKNOWN_CATEGORY = "OTHER_NEEDS_RARC"


@dataclass(frozen=True, slots=True)
class CarcInfo:
    code: str
    category: str
    kind: str
    core_scenario_guess: str | None = None
    note: str = ""

    @property
    def is_denial(self) -> bool:
        return self.kind == "denial"


# (CARC, RARC) -> category: the RARC says why a generic CARC was used (Palmetto/Noridian guidance).
DEFAULT_RARC_REFINEMENTS: Mapping[tuple[str, str], str] = {
    ("16", "MA130"): "MISSING_INFO",
    ("16", "M76"): "CODING",
    ("16", "M51"): "CODING",
    ("16", "N290"): "MISSING_INFO",
    ("96", "N130"): "NON_COVERED",
    ("97", "M15"): "BUNDLING",
    ("A1", "N130"): "NON_COVERED",
    ("A1", "N54"): "BUNDLING",
}


@cache
def carc_table() -> dict[str, CarcInfo]:
    text = read_data_text("carc_denial_category_map.csv")
    return {
        row["carc"]: CarcInfo(
            row["carc"], row["category"], row["kind"], row["core_scenario_guess"] or None, row["note_ours"]
        )
        for row in csv.DictReader(io.StringIO(text))
    }


def carc_info(code: str) -> CarcInfo:
    return carc_table().get(code.strip().upper()) or CarcInfo(code, UNKNOWN_CATEGORY, "denial")


def classify(
    carc: str,
    rarcs: Iterable[str] = (),
    overrides: Mapping[tuple[str, str], str] | None = None,
) -> CarcInfo:
    """The CARC's category, refined by the first RARC that has a refinement for it."""
    info = carc_info(carc)
    table = {**DEFAULT_RARC_REFINEMENTS, **(overrides or {})}
    for rarc in rarcs:
        category = table.get((info.code, rarc.strip().upper()))
        if category:
            return CarcInfo(info.code, category, info.kind, info.core_scenario_guess, info.note)
    return info
