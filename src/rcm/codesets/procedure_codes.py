"""CPT / HCPCS Level II code shapes, and a code-only loader for a customer's licensed CPT file.

CPT is AMA copyright: we validate its shape only and never ship a CPT list or descriptor.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from enum import StrEnum


class ProcedureCodeKind(StrEnum):
    CPT_CATEGORY_I = "cpt_category_i"
    CPT_CATEGORY_II = "cpt_category_ii"
    CPT_CATEGORY_III = "cpt_category_iii"
    CPT_PLA = "cpt_pla"
    HCPCS_LEVEL_II = "hcpcs_level_ii"


_SHAPES = (
    (re.compile(r"^\d{5}$"), ProcedureCodeKind.CPT_CATEGORY_I),
    (re.compile(r"^\d{4}F$"), ProcedureCodeKind.CPT_CATEGORY_II),
    (re.compile(r"^\d{4}T$"), ProcedureCodeKind.CPT_CATEGORY_III),
    (re.compile(r"^\d{4}U$"), ProcedureCodeKind.CPT_PLA),
    (re.compile(r"^[A-V]\d{4}$"), ProcedureCodeKind.HCPCS_LEVEL_II),
)
_EM_LOW, _EM_HIGH = 99202, 99499


def procedure_code_kind(code: str) -> ProcedureCodeKind | None:
    for pattern, kind in _SHAPES:
        if pattern.match(code):
            return kind
    return None


def is_cpt(code: str) -> bool:
    kind = procedure_code_kind(code)
    return kind is not None and kind is not ProcedureCodeKind.HCPCS_LEVEL_II


def is_evaluation_and_management(code: str) -> bool:
    """The CPT E/M range 99202-99499 (a numeric range, no descriptors)."""
    return len(code) == 5 and code.isdigit() and _EM_LOW <= int(code) <= _EM_HIGH


def parse_cpt_code_list(lines: Iterable[str]) -> frozenset[str]:
    """Codes from the first column of a licensed CPT file (CSV or text); descriptors are dropped."""
    codes = set()
    for row in csv.reader(lines):
        if row and is_cpt(first := row[0].strip().upper()):
            codes.add(first)
    return frozenset(codes)
