"""X12 error hierarchy: every malformed-input failure in `rcm.edi` is one of these (HTTP 422).

Each error carries, when known, the 1-based index of the segment in the file, the segment id
and the element position, both in its message and in `.context`, so a biller can find the spot.
"""

from __future__ import annotations

from typing import Any

from rcm.errors import InvalidInput


class X12Error(InvalidInput):
    """Base of every X12 failure: bad syntax, broken envelope, unsupported version, bad input."""

    def __init__(
        self,
        detail: str,
        *,
        segment_index: int | None = None,
        segment_id: str | None = None,
        element: str | None = None,
        **context: Any,
    ) -> None:
        self.reason = detail
        super().__init__(detail, **context)
        self.locate(segment_index, segment_id, element)

    def locate(
        self, segment_index: int | None, segment_id: str | None = None, element: str | None = None
    ) -> X12Error:
        """Attach a location once (the innermost caller that knows it wins) and refresh the message."""
        for key, value in (
            ("segment_index", segment_index),
            ("segment_id", segment_id),
            ("element", element),
        ):
            if value is not None and self.context.get(key) is None:
                self.context[key] = value
        self.detail = self._render()
        self.args = (self.detail,)
        return self

    def _render(self) -> str:
        where = []
        if self.context.get("segment_index") is not None:
            where.append(f"segment {self.context['segment_index']}")
        if self.context.get("segment_id"):
            where.append(f"({self.context['segment_id']})")
        if self.context.get("element"):
            where.append(f"element {self.context['element']}")
        return f"{' '.join(where)}: {self.reason}" if where else self.reason

    @property
    def segment_index(self) -> int | None:
        return self.context.get("segment_index")

    @property
    def segment_id(self) -> str | None:
        return self.context.get("segment_id")

    @property
    def element(self) -> str | None:
        return self.context.get("element")


class X12SyntaxError(X12Error):
    """The text cannot be tokenized: bad ISA, undecodable bytes, invalid segment id."""


class X12MissingInterchange(X12SyntaxError):
    """No ISA header: delimiters and control numbers are only trustworthy when declared in ISA."""


class X12ElementError(X12SyntaxError):
    """An element value is malformed: not a date, not an amount, a missing required element."""


class X12EnvelopeError(X12Error):
    """ISA/GS/ST nesting is broken (a segment outside its envelope, a missing trailer)."""


class X12CountMismatch(X12EnvelopeError):
    """SE01, GE01 or IEA01 does not match what was counted."""


class X12ControlNumberMismatch(X12EnvelopeError):
    """A trailer control number (SE02, GE02, IEA02) differs from its header (ST02, GS06, ISA13)."""


class UnsupportedX12Version(X12Error):
    """ISA12/GS08/ST03 names a version or transaction we do not accept."""


class X12StructureError(X12Error):
    """Segments are valid but out of place for the transaction (an SVC before any CLP, no BPR)."""


class UnexpectedTransactionSet(X12Error):
    """The file holds a different transaction set than the one asked for (an 837 given to the 835 parser)."""


class X12BuildError(X12Error):
    """Builder input cannot make a valid X12 document (13 diagnoses, a delimiter inside a name)."""


class X12ValidationUnavailable(X12Error):
    """pyx12 has no implementation-guide map for this version (e.g. 276/277 005010X212)."""
