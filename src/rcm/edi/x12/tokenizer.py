"""Streaming X12 tokenizer: every delimiter comes from the ISA header, nothing is guessed.

ISA is fixed-width (106 characters), so the element separator sits at index 3, the repetition
separator (ISA11) at 82, the component separator (ISA16) at 104 and the segment terminator at 105.
Whitespace between segments (CR/LF, indentation) is dropped. Each interchange may declare its own
delimiters; when a later ISA differs, the rest of the text is re-split with the new ones.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass

from rcm.edi.errors import X12MissingInterchange, X12SyntaxError
from rcm.edi.x12.source import CHUNK_SIZE, X12Source, iter_text_chunks

ISA_LENGTH = 106
_ISA_SEPARATOR_POSITIONS = (3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103)
_WHITESPACE = " \t\r\n\x0b\x0c"
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")

Segment = list[str]


@dataclass(frozen=True, slots=True)
class Delimiters:
    element: str = "*"
    repetition: str | None = "^"
    component: str = ":"
    segment: str = "~"


def delimiters_from_isa(isa: str) -> Delimiters:
    """Read the delimiters of a 106-character ISA, refusing an ISA that is not fixed-width."""
    if len(isa) < ISA_LENGTH:
        raise X12SyntaxError(
            f"ISA is truncated: {len(isa)} of {ISA_LENGTH} characters", segment_index=1, segment_id="ISA"
        )
    element = isa[3]
    for position in _ISA_SEPARATOR_POSITIONS:
        if isa[position] != element:
            raise X12SyntaxError(
                f"ISA is not fixed-width: expected the element separator {element!r} at position "
                f"{position}, found {isa[position]!r}",
                segment_index=1,
                segment_id="ISA",
            )
    repetition: str | None = isa[82]
    component, terminator = isa[104], isa[105]
    if repetition is not None and (repetition.isalnum() or repetition == " "):
        repetition = None  # ISA11='U' (4010 habit) declares no repetition separator
    _check_distinct(element, component, terminator, repetition)
    return Delimiters(element, repetition, component, terminator)


def _check_distinct(element: str, component: str, terminator: str, repetition: str | None) -> None:
    chosen = [element, component, terminator] + ([repetition] if repetition else [])
    if len(set(chosen)) != len(chosen) or any(c.isalnum() or c == " " for c in (element, component)):
        raise X12SyntaxError(
            f"ISA declares unusable delimiters: element {element!r}, component {component!r}, "
            f"terminator {terminator!r}, repetition {repetition!r}",
            segment_index=1,
            segment_id="ISA",
        )
    if terminator.isalnum() or terminator == " ":
        raise X12SyntaxError(
            f"ISA declares an alphanumeric segment terminator {terminator!r}", segment_id="ISA"
        )


class Tokenizer:
    """Split an X12 source into segments, each a list of elements (`[id, e01, e02, ...]`).

    `batches()` yields one list of segments per chunk read (the fast path used by the parsers);
    iterating the tokenizer yields single segments. `index` counts the segments handed out so far
    and `delimiters` are those of the current interchange.
    """

    def __init__(self, source: X12Source, chunk_size: int = CHUNK_SIZE) -> None:
        self._source = source
        self._chunk_size = chunk_size
        self.index = 0
        self.delimiters = Delimiters()

    def __iter__(self) -> Iterator[Segment]:
        for batch in self.batches():
            yield from batch

    def batches(self) -> Iterator[list[Segment]]:
        chunks = iter_text_chunks(self._source, self._chunk_size)
        pending: str | None = ""
        while pending is not None:
            text = self._start_interchange(pending, chunks)
            pending = yield from self._split(text, chunks)

    def _start_interchange(self, pending: str, chunks: Iterator[str]) -> str:
        text = pending.lstrip(_WHITESPACE)
        while len(text) < ISA_LENGTH:
            chunk = next(chunks, None)
            if chunk is None:
                break
            text = (text + chunk).lstrip(_WHITESPACE)
        if not text:
            raise X12SyntaxError("the file is empty: no ISA interchange header")
        if not text.startswith("ISA"):
            raise X12MissingInterchange(
                f"the file does not start with an ISA interchange header (starts with {text[:12]!r}); "
                "delimiters and control numbers can only be taken from ISA",
                segment_index=self.index + 1,
            )
        self.delimiters = delimiters_from_isa(text[:ISA_LENGTH])
        return text

    def _split(self, text: str, chunks: Iterator[str]) -> Generator[list[Segment], None, str | None]:
        """Yield batches until EOF (returns None) or an ISA with other delimiters (returns its text)."""
        d = self.delimiters
        term, sep = d.segment, d.element
        strip_chars = "".join(c for c in _WHITESPACE if c not in (term, sep, d.component, d.repetition))
        known: set[str] = set()
        buf = text
        while True:
            chunk = next(chunks, None)
            parts = buf.split(term)
            buf = parts.pop() if chunk is not None else ""
            batch = [s.split(sep) for s in [p.strip(strip_chars) for p in parts] if s]
            try:
                cut = self._scan(batch, known, d)
            except X12SyntaxError as exc:
                # Hand out the good segments first so errors surface in file order.
                good = batch[: (exc.segment_index or 1) - self.index - 1]
                self.index += len(good)
                if good:
                    yield good
                raise
            rest = None
            if cut is not None:  # a later ISA declares other delimiters: re-split from there
                rest = term.join([*(sep.join(e) for e in batch[cut:]), buf]) + (chunk or "")
                del batch[cut:]
            self.index += len(batch)
            if batch:
                yield batch
            if rest is not None:
                return rest
            if chunk is None:
                return None
            buf += chunk

    def _scan(self, batch: list[Segment], known: set[str], d: Delimiters) -> int | None:
        """Check new segment ids; return where an ISA with other delimiters starts, if any."""
        for position, elements in enumerate(batch):
            segment_id = elements[0]
            if segment_id in known:
                continue
            if segment_id.startswith("ISA") and (self.index or position):
                if _isa_delimiters(d.element.join(elements) + d.segment) != d:
                    return position
                continue  # ISA is never cached: each one is compared
            if not _SEGMENT_ID.fullmatch(segment_id):
                raise X12SyntaxError(
                    f"invalid segment identifier {segment_id[:20]!r}",
                    segment_index=self.index + position + 1,
                    segment_id=segment_id[:20],
                )
            known.add(segment_id)
        return None


def _isa_delimiters(isa: str) -> Delimiters | None:
    try:
        return delimiters_from_isa(isa)
    except X12SyntaxError:
        return None
