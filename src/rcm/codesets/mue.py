"""Parser for CMS Medically Unlikely Edit (MUE) files (customer-supplied: they contain CPT).

Data rows (CSV as published, or tab-separated): HCPCS/CPT code | MUE value | MUE adjudication
indicator (MAI), e.g. "2 Date of Service Edit: Policy" | rationale. MAI 1 = line edit (units on
one line); 2 and 3 = date-of-service edits (units of the code summed over the day). Header and
copyright rows are skipped. A file is one quarter: pass its effective date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from rcm.codesets.ncci import split_row
from rcm.errors import InvalidInput

_CODE = re.compile(r"^[0-9A-Z]{4}[0-9A-Z]$")
LINE_EDIT = 1


@dataclass(frozen=True, slots=True)
class MueLimit:
    code: str
    max_units: int
    adjudication_indicator: int
    rationale: str = ""
    effective: date | None = None

    @property
    def per_line(self) -> bool:
        return self.adjudication_indicator == LINE_EDIT


def parse_mue_file(
    lines: Iterable[str], *, effective: date | None = None, source: str = "MUE file"
) -> Iterator[MueLimit]:
    for line_number, raw in enumerate(lines, 1):
        cells = split_row(raw.rstrip("\r\n")) if raw.strip() else []
        if len(cells) < 3 or not _CODE.match(cells[0]):
            continue
        where = f"{source} line {line_number}"
        if not cells[1].isdigit():
            raise InvalidInput(f"{where}: MUE value {cells[1]!r} is not a whole number")
        indicator = cells[2][:1]
        if indicator not in ("1", "2", "3"):
            raise InvalidInput(f"{where}: MUE adjudication indicator {cells[2]!r} is not 1, 2 or 3")
        yield MueLimit(cells[0], int(cells[1]), int(indicator), cells[3] if len(cells) > 3 else "", effective)
