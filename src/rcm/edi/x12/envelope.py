"""ISA/GS/ST envelope reader: nesting, versions and trailer counts, checked while streaming.

The tracker sees only envelope segments and exposes the current interchange, group and
transaction set so transaction parsers can attach them to their results.
In strict mode (the default) a count or control-number mismatch raises; in lenient mode it is
recorded in `issues` and reading goes on (useful to salvage a file with a wrong SE01).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rcm.edi.errors import (
    UnsupportedX12Version,
    X12ControlNumberMismatch,
    X12CountMismatch,
    X12EnvelopeError,
)
from rcm.edi.versions import INTERCHANGE_VERSION, TransactionKind, normalize_version, transaction_kind
from rcm.edi.x12.tokenizer import Delimiters, Segment
from rcm.edi.x12.values import d8, element, integer, padded, yymmdd

ENVELOPE_SEGMENTS = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"})


@dataclass(slots=True)
class Interchange:
    sender_qualifier: str
    sender_id: str
    receiver_qualifier: str
    receiver_id: str
    date: date
    time: str
    control_number: str
    usage: str
    ack_requested: str
    delimiters: Delimiters
    group_count: int = 0


@dataclass(slots=True)
class FunctionalGroup:
    functional_id: str
    application_sender: str
    application_receiver: str
    date: date
    time: str
    control_number: str
    version: str
    declared_version: str
    transaction_count: int = 0


@dataclass(slots=True)
class TransactionSet:
    """Where a transaction set sits: its ST, its group and its interchange."""

    transaction_set_id: str
    control_number: str
    version: str
    kind: TransactionKind
    group: FunctionalGroup
    interchange: Interchange


@dataclass(frozen=True, slots=True)
class EnvelopeIssue:
    check: str
    message: str
    segment_index: int


class EnvelopeTracker:
    """Check each envelope segment as it streams by; see the module docstring.

    `handle` is called only for ids in `ENVELOPE_SEGMENTS`, with the segment's 1-based index in
    the file; SE01 is checked as (index of SE) - (index of ST) + 1, so body segments cost nothing.
    """

    def __init__(self, *, strict: bool = True) -> None:
        self.strict = strict
        self.interchange: Interchange | None = None
        self.group: FunctionalGroup | None = None
        self.transaction: TransactionSet | None = None
        self.issues: list[EnvelopeIssue] = []
        self._st_index = 0
        self._index = 0
        self._delimiters = Delimiters()

    def handle(self, seg: Segment, index: int, delimiters: Delimiters) -> None:
        self._index = index
        self._delimiters = delimiters
        getattr(self, f"_{seg[0].lower()}")(seg)

    def finish(self, index: int) -> None:
        """At end of input: every interchange must be closed."""
        if self.interchange is not None:
            open_part = "transaction set" if self.transaction else "group" if self.group else "interchange"
            raise X12EnvelopeError(
                f"the file ends inside an open {open_part} (interchange {self.interchange.control_number} "
                "has no IEA): truncated file?",
                segment_index=index,
            )

    def _isa(self, seg: Segment) -> None:
        if self.interchange is not None:
            raise X12EnvelopeError(f"ISA before the IEA of interchange {self.interchange.control_number}")
        e = [value.strip() for value in padded(seg, 16)]
        if e[12] != INTERCHANGE_VERSION:
            raise UnsupportedX12Version(
                f"interchange control version ISA12={e[12]!r} is not supported (only {INTERCHANGE_VERSION})",
                element="ISA12",
            )
        self.interchange = Interchange(
            e[5], e[6], e[7], e[8], yymmdd(e[9], "ISA09"), e[10], e[13], e[15], e[14], self._delimiters
        )

    def _gs(self, seg: Segment) -> None:
        interchange = self._require_interchange("GS")
        if self.group is not None:
            raise X12EnvelopeError(f"GS before the GE of group {self.group.control_number}")
        e = padded(seg, 8)
        interchange.group_count += 1
        self.group = FunctionalGroup(
            e[1], e[2], e[3], d8(e[4], "GS04"), e[5], e[6], normalize_version(e[8]), e[8]
        )

    def _st(self, seg: Segment) -> None:
        group = self.group
        if group is None or self.interchange is None:
            raise X12EnvelopeError("ST outside a functional group (no open GS)")
        if self.transaction is not None:
            raise X12EnvelopeError(f"ST before the SE of transaction {self.transaction.control_number}")
        e = padded(seg, 3)
        version = normalize_version(e[3] or group.declared_version)
        kind = transaction_kind(e[1], version)
        group.transaction_count += 1
        self.transaction = TransactionSet(e[1], e[2], version, kind, group, self.interchange)
        self._st_index = self._index

    def _se(self, seg: Segment) -> None:
        transaction = self.transaction
        if transaction is None:
            raise X12EnvelopeError("SE without an open ST")
        counted = self._index - self._st_index + 1
        declared = integer(element(seg, 1), "SE01")
        if declared != counted:
            self._mismatch(
                X12CountMismatch, "SE01", f"SE01={declared} but the transaction set has {counted} segments"
            )
        if element(seg, 2) != transaction.control_number:
            self._mismatch(
                X12ControlNumberMismatch,
                "SE02",
                f"SE02={element(seg, 2)!r} does not match ST02={transaction.control_number!r}",
            )
        self.transaction = None

    def _ge(self, seg: Segment) -> None:
        group = self.group
        if group is None or self.transaction is not None:
            raise X12EnvelopeError(
                "GE without an open GS" if group is None else "GE before the SE of an open ST"
            )
        declared = integer(element(seg, 1), "GE01")
        if declared != group.transaction_count:
            self._mismatch(
                X12CountMismatch,
                "GE01",
                f"GE01={declared} but the group has {group.transaction_count} transaction sets",
            )
        if element(seg, 2) != group.control_number:
            self._mismatch(
                X12ControlNumberMismatch,
                "GE02",
                f"GE02={element(seg, 2)!r} does not match GS06={group.control_number!r}",
            )
        self.group = None

    def _iea(self, seg: Segment) -> None:
        interchange = self._require_interchange("IEA")
        if self.group is not None:
            raise X12EnvelopeError("IEA before the GE of an open GS")
        declared = integer(element(seg, 1), "IEA01")
        if declared != interchange.group_count:
            self._mismatch(
                X12CountMismatch,
                "IEA01",
                f"IEA01={declared} but the interchange has {interchange.group_count} groups",
            )
        if element(seg, 2) != interchange.control_number:
            self._mismatch(
                X12ControlNumberMismatch,
                "IEA02",
                f"IEA02={element(seg, 2)!r} does not match ISA13={interchange.control_number!r}",
            )
        self.interchange = None

    def _ta1(self, seg: Segment) -> None:
        self._require_interchange("TA1")
        if self.group is not None:
            raise X12EnvelopeError("TA1 inside a functional group")

    def _require_interchange(self, segment_id: str) -> Interchange:
        if self.interchange is None:
            raise X12EnvelopeError(f"{segment_id} outside an interchange (no open ISA)")
        return self.interchange

    def _mismatch(self, error: type[X12EnvelopeError], check: str, message: str) -> None:
        if self.strict:
            raise error(message, element=check)
        self.issues.append(EnvelopeIssue(check, message, self._index))
