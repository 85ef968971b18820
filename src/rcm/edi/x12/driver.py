"""The one loop every transaction parser runs in: tokenize, check the envelope, dispatch, emit.

A parser declares a handler per segment id and gets `begin`/`end` calls at ST and SE; events it
appends to `out` are yielded as soon as the segment that completed them is handled. One flat
loop over batches of segments keeps the per-segment cost to a dict lookup and a call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from rcm.edi.errors import X12EnvelopeError, X12Error, X12SyntaxError
from rcm.edi.x12.envelope import ENVELOPE_SEGMENTS, EnvelopeIssue, EnvelopeTracker, TransactionSet
from rcm.edi.x12.source import CHUNK_SIZE, X12Source
from rcm.edi.x12.tokenizer import Delimiters, Segment, Tokenizer

E = TypeVar("E")

# A handler bug on odd input must still surface as an X12 error (a 422), never a 500.
_BUG_ERRORS = (IndexError, ValueError, KeyError, TypeError, AttributeError, ArithmeticError)
_NO_SEGMENT: Segment = []


class SegmentParser(Generic[E]):
    """Base for transaction parsers: override `handlers`, `begin` and `end`."""

    def __init__(self) -> None:
        self.out: list[E] = []
        self.issues: list[EnvelopeIssue] = []

    def handlers(self) -> Mapping[str, Callable[[Segment], None]]:
        raise NotImplementedError

    def begin(self, transaction: TransactionSet, delimiters: Delimiters) -> None:
        """Called after ST is checked."""

    def end(self) -> None:
        """Called after SE is checked."""


def drive(
    source: X12Source, parser: SegmentParser[E], *, strict: bool = True, chunk_size: int = CHUNK_SIZE
) -> Iterator[E]:
    """Run `parser` over every segment of `source`, yielding its events in file order."""
    tokens = Tokenizer(source, chunk_size)
    envelope = EnvelopeTracker(strict=strict)
    parser.issues = envelope.issues
    handlers = parser.handlers()
    out = parser.out
    index = 0
    seg = _NO_SEGMENT
    try:
        for batch in tokens.batches():
            for seg in batch:
                index += 1
                sid = seg[0]
                if sid in ENVELOPE_SEGMENTS:
                    _envelope_segment(envelope, parser, seg, index, tokens.delimiters)
                    if sid == "TA1" and "TA1" in handlers:
                        handlers["TA1"](seg)
                elif envelope.transaction is None:
                    raise X12EnvelopeError(f"{sid} segment outside a transaction set (no open ST)")
                else:
                    handler = handlers.get(sid)
                    if handler is not None:
                        handler(seg)
                if out:
                    yield from out
                    out.clear()
            seg = _NO_SEGMENT
    except X12Error as exc:
        if seg is not _NO_SEGMENT:
            exc.locate(index, seg[0])
        raise
    except _BUG_ERRORS as exc:
        raise X12SyntaxError(
            f"malformed {seg[0] if seg else ''} segment ({type(exc).__name__}: {exc})",
            segment_index=index,
            segment_id=seg[0] if seg else None,
        ) from exc
    envelope.finish(index)


def _envelope_segment(
    envelope: EnvelopeTracker, parser: SegmentParser[Any], seg: Segment, index: int, delimiters: Delimiters
) -> None:
    envelope.handle(seg, index, delimiters)
    if seg[0] == "ST":
        assert envelope.transaction is not None
        parser.begin(envelope.transaction, delimiters)
    elif seg[0] == "SE":
        parser.end()
