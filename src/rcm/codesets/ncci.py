"""Parser for CMS NCCI procedure-to-procedure (PTP) edit files (customer-supplied: they contain CPT).

Data rows, tab-separated (or comma-separated when exported from the xlsx):
  column 1 code | column 2 code | `*` if in existence before 1996 | effective date YYYYMMDD
  | deletion date YYYYMMDD or `*` (none) | modifier indicator | PTP edit rationale
Modifier indicator: 0 = never allowed together, 1 = allowed with an NCCI-associated modifier,
9 = not applicable (the edit was deleted). Header and copyright rows are skipped. The deletion
date is the last date of service the edit applies to.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from rcm.errors import InvalidInput

_CODE = re.compile(r"^[0-9A-Z]{4}[0-9A-Z]$")
_MODIFIER_INDICATORS = frozenset({0, 1, 9})


@dataclass(frozen=True, slots=True)
class NcciPtpEdit:
    column1: str
    column2: str
    effective: date
    deletion: date | None
    modifier_indicator: int
    rationale: str = ""

    def active_on(self, service_date: date) -> bool:
        if service_date < self.effective:
            return False
        return self.deletion is None or service_date <= self.deletion

    @property
    def modifier_allowed(self) -> bool:
        return self.modifier_indicator == 1


def parse_yyyymmdd(text: str, where: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise InvalidInput(f"{where}: bad date {text!r} (expected YYYYMMDD)")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise InvalidInput(f"{where}: bad date {text!r} (expected YYYYMMDD)") from None


def split_row(line: str) -> list[str]:
    delimiter = "\t" if "\t" in line else ","
    return [cell.strip() for cell in next(csv.reader([line], delimiter=delimiter))]


def parse_ptp_file(lines: Iterable[str], source: str = "NCCI PTP file") -> Iterator[NcciPtpEdit]:
    for line_number, raw in enumerate(lines, 1):
        cells = split_row(raw.rstrip("\r\n")) if raw.strip() else []
        if len(cells) < 6 or not (_CODE.match(cells[0]) and _CODE.match(cells[1])):
            continue
        where = f"{source} line {line_number}"
        indicator = cells[5][:1]
        if not indicator.isdigit() or int(indicator) not in _MODIFIER_INDICATORS:
            raise InvalidInput(f"{where}: modifier indicator {cells[5]!r} is not 0, 1 or 9")
        yield NcciPtpEdit(
            column1=cells[0],
            column2=cells[1],
            effective=parse_yyyymmdd(cells[3], where),
            deletion=None if cells[4] in ("*", "") else parse_yyyymmdd(cells[4], where),
            modifier_indicator=int(indicator),
            rationale=cells[6] if len(cells) > 6 else "",
        )
