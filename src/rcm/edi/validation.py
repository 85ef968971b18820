"""The one module that talks to pyx12: implementation-guide validation as a structured result.

pyx12 (BSD) checks usage, repeats, code values, dates and trailer counts against the TR3 maps;
it is the referee for our output, not the engine (about 700 claims/s, and it reloads its maps on
every call, ~150 ms). Input is cleaned first because pyx12 chokes on a UTF-8 BOM, on whitespace
between segments and on CR/LF after a `\\r` terminator: we re-serialize the segments with the
ISA-declared delimiters and no line breaks.
"""

from __future__ import annotations

import io
import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rcm.edi.errors import X12Error, X12ValidationUnavailable
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Tokenizer


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One pyx12 finding: where (segment id, its count in the transaction, loop) and what."""

    message: str
    code: str = ""
    level: str = "segment"  # interchange, group, transaction, segment or element
    segment_id: str = ""
    segment_index: int | None = None
    loop_id: str = ""
    element: str = ""
    value: str | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    valid: bool
    issues: list[ValidationIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [_describe(issue) for issue in self.issues]


def validate_x12(source: X12Source) -> ValidationResult:
    """Validate with pyx12 after input hygiene; raises `X12ValidationUnavailable` without a map."""
    try:
        text, versions = hygienic_text(source)
    except X12Error as exc:
        return ValidationResult(
            False, [ValidationIssue(exc.detail, level="syntax", segment_id=exc.segment_id or "")]
        )
    for version in versions:
        if version not in supported_versions():
            raise X12ValidationUnavailable(
                f"pyx12 has no implementation-guide map for {version}; check it with our own parser instead",
                version=version,
            )
    return _run_pyx12(text)


def hygienic_text(source: X12Source) -> tuple[str, list[str]]:
    """Segments re-joined with their own delimiters and no whitespace, plus every GS08 seen."""
    tokens = Tokenizer(source)
    pieces: list[str] = []
    versions: list[str] = []
    for batch in tokens.batches():
        d = tokens.delimiters
        pieces += [d.element.join(seg) + d.segment for seg in batch]
        versions += [seg[8] for seg in batch if seg[0] == "GS" and len(seg) > 8 and seg[8] not in versions]
    return "".join(pieces), versions


@lru_cache(maxsize=1)
def supported_versions() -> frozenset[str]:
    """GS08 values pyx12 4.0 has an active 5010 map for (read from its maps.xml)."""
    import pyx12

    maps = ET.parse(Path(pyx12.__file__).parent / "map" / "maps.xml").getroot()
    return frozenset(
        str(node.get("vriic"))
        for version in maps.iter("version")
        if version.get("icvn") == "00501"
        for node in version.iter("map")
    )


def _run_pyx12(text: str) -> ValidationResult:
    import pyx12.errors
    import pyx12.params
    import pyx12.x12n_document

    report = io.StringIO()
    with _quiet_pyx12():
        try:
            valid = pyx12.x12n_document.x12n_document(
                pyx12.params.params(), io.StringIO(text), None, None, None, report
            )
        except pyx12.errors.EngineError as exc:
            raise X12ValidationUnavailable(f"pyx12 cannot validate this file: {exc}") from exc
    issues = list(_issues(json.loads(report.getvalue() or "{}")))
    return ValidationResult(bool(valid) and not issues, issues)


def _issues(doc: dict[str, Any]) -> Iterator[ValidationIssue]:
    for isa in doc.get("interchanges", []):
        yield from (ValidationIssue(e["err_str"], e["err_cde"], "interchange", "ISA") for e in isa["errors"])
        for gs in isa.get("groups", []):
            yield from (ValidationIssue(e["err_str"], e["err_cde"], "group", "GS") for e in gs["errors"])
            for st in gs.get("transactions", []):
                yield from (
                    ValidationIssue(e["err_str"], e["err_cde"], "transaction", "ST") for e in st["errors"]
                )
                for seg in st.get("segments", []):
                    yield from _segment_issues(seg)


def _segment_issues(seg: dict[str, Any]) -> Iterator[ValidationIssue]:
    segment_id: str = seg.get("seg_id") or ""
    index: int | None = seg.get("seg_count")
    loop: str = seg.get("ls_id") or ""
    for e in seg["errors"]:
        yield ValidationIssue(
            e["err_str"], e["err_cde"], "segment", segment_id, index, loop, value=e.get("err_val")
        )
    for ele in seg.get("elements", []):
        name = f"{segment_id}{int(ele['ele_pos']):02d}" if ele.get("ele_pos") else ""
        for e in ele["errors"]:
            yield ValidationIssue(
                e["err_str"], e["err_cde"], "element", segment_id, index, loop, name, e.get("err_val")
            )


def _describe(issue: ValidationIssue) -> str:
    where = f"segment {issue.segment_index} " if issue.segment_index is not None else ""
    return f"{where}{issue.segment_id} {issue.element} [{issue.level} {issue.code}]: {issue.message}".replace(
        "  ", " "
    )


@contextmanager
def _quiet_pyx12() -> Iterator[None]:
    # pyx12 logs every finding at ERROR; they are returned as data instead.
    logger = logging.getLogger("pyx12")
    previous = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(previous)
