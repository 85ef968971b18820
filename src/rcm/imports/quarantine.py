"""Quarantined rows: kept as JSON lines (row number, reason, raw values) in the job's result file.

While an import runs they go to a temporary file, never to memory; the job record keeps the
counts by reason and the first few. The CSV rendering re-imports as is once the cells are fixed
(its three extra columns match no import header, so they are ignored).
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any

from rcm import files

SAMPLE = 50
EXTRA_COLUMNS = ("Quarantine Row", "Quarantine Reason", "Quarantine Column")


@dataclass(frozen=True, slots=True)
class QuarantineEntry:
    row: int
    code: str
    reason: str
    column: str
    external_claim_id: str
    values: dict[str, Any]

    def brief(self) -> dict[str, Any]:
        return {"row": self.row, "code": self.code, "reason": self.reason, "claim_id": self.external_claim_id}


class QuarantineSink:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115  (closed by `close`)
        self.count = 0
        self.by_code: Counter[str] = Counter()
        self.sample: list[dict[str, Any]] = []

    def add(self, entries: Iterable[QuarantineEntry]) -> None:
        for entry in entries:
            self._file.write(json.dumps(asdict(entry), separators=(",", ":")).encode() + b"\n")
            self.count += 1
            self.by_code[entry.code] += 1
            if len(self.sample) < SAMPLE:
                self.sample.append(entry.brief())

    def store(self, org_id: uuid.UUID, name: str) -> str | None:
        """Store the JSON lines with `rcm.files`; the key, or None when nothing was quarantined."""
        if not self.count:
            return None
        self._file.seek(0)
        return files.store(org_id, name, self._file.read()).key

    def close(self) -> None:
        self._file.close()


def entries_from(content: bytes) -> Iterator[dict[str, Any]]:
    for line in content.splitlines():
        if line.strip():
            yield json.loads(line)


def render_csv(entries: Iterable[dict[str, Any]], headers: list[str]) -> Iterator[str]:
    """The quarantined rows as CSV: the reason columns, then the file's own columns in its order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def emit(cells: list[Any]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield emit([*EXTRA_COLUMNS, *headers])
    for entry in entries:
        values = entry.get("values", {})
        keys = headers or list(values)
        yield emit(
            [entry["row"], entry["reason"], entry.get("column", ""), *(values.get(h, "") for h in keys)]
        )
