"""Parser for the CMS HCPCS Level II quarterly file (`HCPC{YYYY}_{MON}_ANWEB*.txt`).

Fixed-width 320-character records (CMS "HCPCS record layout"), 1-based positions:
  1-5 HCPC code (2 characters for a modifier) | 6-10 sequence number | 11 record id
  (3 = procedure, 4 = procedure continuation, 7 = modifier, 8 = modifier continuation)
  | 12-91 long description | 92-119 short description | ... | 269-276 date added (YYYYMMDD)
  | 277-284 action effective date | 285-292 termination date | 293 action code.
The termination date is the last date the code may be used.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from rcm.codesets.ncci import parse_yyyymmdd
from rcm.errors import InvalidInput

_FIRST_LINE_PROCEDURE, _FIRST_LINE_MODIFIER = "3", "7"
_CONTINUATION = frozenset({"4", "8"})
_RECORD_LENGTH = 293  # through the action code; trailing filler may be trimmed by editors


class CodeStatus(StrEnum):
    VALID = "valid"
    NOT_FOUND = "not_found"
    NOT_EFFECTIVE = "not_effective"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class HcpcsRecord:
    code: str
    is_modifier: bool
    short_description: str
    added: date | None
    action_effective: date | None
    terminated: date | None
    action_code: str

    def valid_on(self, service_date: date) -> bool:
        if self.added is not None and service_date < self.added:
            return False
        return self.terminated is None or service_date <= self.terminated


def _date(field: str, line_number: int) -> date | None:
    field = field.strip()
    return parse_yyyymmdd(field, f"HCPCS file line {line_number}") if field else None


def parse_hcpcs_file(lines: Iterable[str]) -> Iterator[HcpcsRecord]:
    for line_number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line[10:11] in _CONTINUATION:
            continue
        record_id = line[10:11]
        if record_id not in (_FIRST_LINE_PROCEDURE, _FIRST_LINE_MODIFIER) or len(line) < _RECORD_LENGTH:
            raise InvalidInput(f"HCPCS file line {line_number}: not a CMS HCPCS fixed-width record")
        yield HcpcsRecord(
            code=line[0:5].strip(),
            is_modifier=record_id == _FIRST_LINE_MODIFIER,
            short_description=line[91:119].strip(),
            added=_date(line[268:276], line_number),
            action_effective=_date(line[276:284], line_number),
            terminated=_date(line[284:292], line_number),
            action_code=line[292:293].strip(),
        )


class HcpcsCodeSet:
    """One loaded HCPCS release: procedure codes and modifiers with their validity dates."""

    def __init__(self, records: Iterable[HcpcsRecord]) -> None:
        self.codes: dict[str, HcpcsRecord] = {}
        self.modifiers: dict[str, HcpcsRecord] = {}
        for record in records:
            (self.modifiers if record.is_modifier else self.codes)[record.code] = record

    def status(self, code: str, service_date: date) -> CodeStatus:
        record = self.codes.get(code)
        if record is None:
            return CodeStatus.NOT_FOUND
        return CodeStatus.VALID if record.valid_on(service_date) else CodeStatus.NOT_EFFECTIVE
