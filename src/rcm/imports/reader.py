"""Read a CSV export as a stream of rows: BOM, CRLF, `,` `;` tab or `|` delimiters, quoted fields.

Nothing here holds more than one row (plus a 64 KiB sniffing window) in memory. Row numbers are
spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from rcm.imports.columns import HeaderMap, UnreadableFile, map_headers

SNIFF_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t", "|")
csv.field_size_limit(1024 * 1024)


@dataclass
class CsvSource:
    header: HeaderMap
    delimiter: str
    encoding: str
    rows: Iterator[tuple[int, list[str]]]


def _encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        # A multi-byte character cut at the end of the window is still UTF-8.
        sample.decode("utf-8") if len(sample) < SNIFF_BYTES else sample[:-4].decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"  # spreadsheet exports on Windows
    return "utf-8"


def _delimiter(header_line: str) -> str:
    """The candidate that splits the header row into the most columns (quotes respected)."""
    best, columns = ",", 1
    for candidate in DELIMITERS:
        found = len(next(csv.reader([header_line], delimiter=candidate), []))
        if found > columns:
            best, columns = candidate, found
    return best


def _rows(reader: Iterator[list[str]], source: str) -> Iterator[tuple[int, list[str]]]:
    row = 1
    try:
        for cells in reader:
            row += 1
            if any(cell.strip() for cell in cells):
                yield row, cells
    except (csv.Error, UnicodeDecodeError) as exc:
        raise UnreadableFile(f"{source}: unreadable after row {row}: {exc}", row=row) from exc


def open_csv(stream: BinaryIO, source: str = "file") -> CsvSource:
    """Sniff encoding and delimiter, map the header row; rows are read lazily from `stream`."""
    buffered: io.BufferedReader = (
        stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    )
    encoding = _encoding(buffered.peek(SNIFF_BYTES)[:SNIFF_BYTES])
    errors = "strict" if encoding.startswith("utf-8") else "replace"
    text = io.TextIOWrapper(buffered, encoding=encoding, errors=errors, newline="")
    try:
        header_line = text.readline()
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"{source}: the header row is not text: {exc}") from exc
    if not header_line.strip():
        raise UnreadableFile(f"{source}: empty file (no header row)")
    delimiter = _delimiter(header_line)
    headers = next(csv.reader([header_line], delimiter=delimiter))
    reader = csv.reader(text, delimiter=delimiter)
    return CsvSource(map_headers(headers), delimiter, encoding, _rows(reader, source))


def count_rows(stream: BinaryIO) -> int:
    """Data rows (non-blank records after the header) of a CSV stream: a quick first pass."""
    try:
        return sum(1 for _ in open_csv(stream).rows)
    except UnreadableFile:
        return 0
