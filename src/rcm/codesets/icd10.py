"""ICD-10-CM validity of a diagnosis code for a date of service.

A claim must be coded with the code set in force on the date of service (CARC 146 otherwise).
The package carries a compact index built from several CDC releases (see `build_icd10_index.py`):
for each billable code, a bitmask of the releases in which it is billable. The hot path is a
dict lookup; `simple-icd-10-cm` (2 s, ~190 MB to import) is only touched by `describe()`.

Windows: a release is in force from its effective date until the day before the next loaded
release, and never past the end of its fiscal year (30 September). A date of service that falls
between two loaded releases that disagree about a code is UNCERTAIN (we cannot tell on which day
the code was added or deleted). A date of service after the newest release's fiscal year is judged
against the newest release, flagged `stale=True`: load the next CDC file with
`load_cdc_code_file` to clear it.
"""

from __future__ import annotations

import bisect
import gzip
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path

from rcm.codesets._data import read_data_bytes
from rcm.errors import InvalidInput

INDEX_RESOURCE = "icd10cm_validity.tsv.gz"
INDEX_MAGIC = "#rcm-icd10cm-validity v1"

_ORDER_LINE = re.compile(r"^\d{5} ([A-Z0-9]{3,7})\s+([01])\s")
_CODES_LINE = re.compile(r"^([A-Z][0-9][0-9A-Z]{1,5})\s+\S")
_LIST_LINE = re.compile(r"^[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,4}$")
_CODE_SHAPE = re.compile(r"^[A-Z][0-9][0-9A-Z]{1,5}$")


class Icd10Verdict(StrEnum):
    BILLABLE = "billable"
    HEADER = "header"
    INVALID = "invalid"
    UNCERTAIN = "uncertain"
    NO_RELEASE = "no_release"


@dataclass(frozen=True, slots=True)
class Icd10Release:
    label: str
    effective_from: date

    @property
    def fiscal_year_end(self) -> date:
        year = self.effective_from.year + (1 if self.effective_from.month >= 10 else 0)
        return date(year, 9, 30)


@dataclass(frozen=True, slots=True)
class Icd10Check:
    code: str
    verdict: Icd10Verdict
    release: Icd10Release | None
    stale: bool = False

    @property
    def ok(self) -> bool:
        return self.verdict is Icd10Verdict.BILLABLE


def normalize_code(code: str) -> str:
    """Upper-case and undotted, the form used in X12 HI segments."""
    return code.strip().upper().replace(".", "")


def dotted(code: str) -> str:
    code = normalize_code(code)
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


class Icd10CodeSet:
    """Immutable set of loaded releases; `with_release` returns a new code set."""

    def __init__(self, releases: Iterable[Icd10Release], masks: Mapping[str, int]) -> None:
        self.releases: tuple[Icd10Release, ...] = tuple(releases)
        starts = [r.effective_from for r in self.releases]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            raise InvalidInput("ICD-10-CM releases must have distinct dates in ascending order")
        self._starts = starts
        self._masks = dict(masks)
        self._sorted_codes: list[str] | None = None

    def __len__(self) -> int:
        return len(self._masks)

    @property
    def newest(self) -> Icd10Release | None:
        return self.releases[-1] if self.releases else None

    def billable_codes(self, release: Icd10Release) -> frozenset[str]:
        bit = 1 << self.releases.index(release)
        return frozenset(code for code, mask in self._masks.items() if mask & bit)

    def check(self, code: str, service_date: date) -> Icd10Check:
        code = normalize_code(code)
        index = bisect.bisect_right(self._starts, service_date) - 1
        if index < 0:
            return Icd10Check(code, Icd10Verdict.NO_RELEASE, None)
        mask = self._masks.get(code, 0)
        if service_date <= self._window_end(index) or index == len(self.releases) - 1:
            stale = service_date > self._window_end(index)
            return self._verdict_in(code, mask, index, stale)
        return self._verdict_in_gap(code, mask, index)

    def _window_end(self, index: int) -> date:
        end = self.releases[index].fiscal_year_end
        if index + 1 < len(self._starts):
            end = min(end, self._starts[index + 1] - timedelta(days=1))
        return end

    def _verdict_in(self, code: str, mask: int, index: int, stale: bool) -> Icd10Check:
        release = self.releases[index]
        if mask >> index & 1:
            return Icd10Check(code, Icd10Verdict.BILLABLE, release, stale)
        verdict = Icd10Verdict.HEADER if self._is_header(code, index) else Icd10Verdict.INVALID
        return Icd10Check(code, verdict, release, stale)

    def _verdict_in_gap(self, code: str, mask: int, index: int) -> Icd10Check:
        before, after = mask >> index & 1, mask >> (index + 1) & 1
        if before and after:
            return Icd10Check(code, Icd10Verdict.BILLABLE, self.releases[index])
        if before or after:
            return Icd10Check(code, Icd10Verdict.UNCERTAIN, self.releases[index])
        return self._verdict_in(code, mask, index + 1, stale=False)

    def _is_header(self, code: str, index: int) -> bool:
        """A header is a strict prefix of a code billable in the same release (E11 -> E11.9)."""
        if self._sorted_codes is None:
            self._sorted_codes = sorted(self._masks)
        codes, bit = self._sorted_codes, 1 << index
        position = bisect.bisect_right(codes, code)
        while position < len(codes) and codes[position].startswith(code):
            if self._masks[codes[position]] & bit:
                return True
            position += 1
        return False

    def with_release(self, release: Icd10Release, billable: Iterable[str]) -> Icd10CodeSet:
        """A new code set with `release` inserted in date order (replacing one with the same date)."""
        releases, masks = list(self.releases), self._masks
        for index, existing in enumerate(releases):
            if existing.effective_from == release.effective_from:
                masks = {code: _drop_bit(mask, index) for code, mask in masks.items()}
                del releases[index]
                break
        position = bisect.bisect_left([r.effective_from for r in releases], release.effective_from)
        new_masks = {code: _insert_bit(mask, position) for code, mask in masks.items()}
        for code in billable:
            new_masks[code] = new_masks.get(code, 0) | (1 << position)
        releases.insert(position, release)
        return Icd10CodeSet(releases, {code: mask for code, mask in new_masks.items() if mask})


def _insert_bit(mask: int, position: int) -> int:
    low = mask & ((1 << position) - 1)
    return low | ((mask >> position) << (position + 1))


def _drop_bit(mask: int, position: int) -> int:
    low = mask & ((1 << position) - 1)
    return low | ((mask >> (position + 1)) << position)


def parse_cdc_code_file(lines: Iterable[str]) -> frozenset[str]:
    """Billable codes from a CMS order file, a CDC `icd10cm-codes` file or a one-code-per-line list.

    Order file: `00002 A000    1 ...` (flag 1 = billable). Codes file: every listed code is billable.
    Code list (as bundled by simple-icd-10-cm): every code incl. headers; billable = leaf.
    """
    order, codes, listed = set(), set(), set()
    for raw in lines:
        line = raw.rstrip("\r\n")
        if match := _ORDER_LINE.match(line):
            if match.group(2) == "1":
                order.add(match.group(1))
        elif match := _CODES_LINE.match(line):
            codes.add(match.group(1))
        elif _LIST_LINE.match(line.strip()):
            listed.add(normalize_code(line))
    if order:
        return frozenset(order)
    if codes:
        return frozenset(codes)
    return _leaves(listed)


def _leaves(codes: set[str]) -> frozenset[str]:
    """Sorted, a code's descendants follow it directly, so a leaf is one its successor does not extend."""
    ordered = sorted(codes)
    return frozenset(
        code
        for index, code in enumerate(ordered)
        if index + 1 == len(ordered) or not ordered[index + 1].startswith(code)
    )


def load_cdc_code_file(
    path: str | Path,
    effective_from: date,
    *,
    label: str | None = None,
    base: Icd10CodeSet | None = None,
) -> Icd10CodeSet:
    """Add a customer-dropped CDC/CMS file (e.g. FY2027 `icd10cm-codes-2027.txt`) to a code set."""
    path = Path(path)
    with path.open(encoding="latin-1") as handle:
        billable = parse_cdc_code_file(handle)
    if not billable:
        raise InvalidInput(f"{path.name}: no ICD-10-CM codes found (expected a CDC codes or CMS order file)")
    release = Icd10Release(label or path.stem, effective_from)
    return (base if base is not None else default_icd10_codeset()).with_release(release, billable)


def read_index(lines: Iterable[str]) -> Icd10CodeSet:
    iterator = iter(lines)
    if next(iterator, "").rstrip("\n") != INDEX_MAGIC:
        raise InvalidInput("not an ICD-10-CM validity index")
    releases: list[Icd10Release] = []
    masks: dict[str, int] = {}
    for line in iterator:
        kind, first, rest = line.rstrip("\n").split("\t", 2)
        if kind == "R":
            releases.append(Icd10Release(rest, date.fromisoformat(first)))
        elif kind == "M":
            mask = int(first, 16)
            masks.update(dict.fromkeys(rest.split(" "), mask))
    return Icd10CodeSet(releases, masks)


def write_index(codeset: Icd10CodeSet, path: Path) -> None:
    by_mask: dict[int, list[str]] = {}
    for code, mask in codeset._masks.items():
        by_mask.setdefault(mask, []).append(code)
    lines = [INDEX_MAGIC]
    lines += [f"R\t{r.effective_from.isoformat()}\t{r.label}" for r in codeset.releases]
    lines += [f"M\t{mask:x}\t{' '.join(sorted(codes))}" for mask, codes in sorted(by_mask.items())]
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(("\n".join(lines) + "\n").encode())


@cache
def default_icd10_codeset() -> Icd10CodeSet:
    """The packaged index, loaded once per process (~75k codes, tens of milliseconds)."""
    data = read_data_bytes(INDEX_RESOURCE)
    return read_index(gzip.decompress(data).decode().splitlines())


def is_code_shape(code: str) -> bool:
    return bool(_CODE_SHAPE.match(normalize_code(code)))


def describe(code: str) -> str | None:
    """CDC description from simple-icd-10-cm (imported lazily: it is slow and large)."""
    import simple_icd_10_cm as icd

    candidate = dotted(code)
    return icd.get_description(candidate) if icd.is_valid_item(candidate) else None
