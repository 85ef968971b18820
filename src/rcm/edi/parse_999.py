"""999 (005010X231A1) and TA1 parsers: which transaction sets were accepted or rejected, and why."""

from __future__ import annotations

from collections.abc import Callable

from rcm.edi.acknowledgment import (
    ElementError,
    FunctionalGroupAck,
    InterchangeAck,
    SegmentError,
    TransactionSetAck,
)
from rcm.edi.errors import UnexpectedTransactionSet, X12StructureError
from rcm.edi.versions import TransactionKind
from rcm.edi.x12.driver import SegmentParser, drive
from rcm.edi.x12.envelope import TransactionSet
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Delimiters, Segment
from rcm.edi.x12.values import integer, padded, yymmdd


def parse_999(source: X12Source, *, strict: bool = True) -> list[FunctionalGroupAck]:
    """Every 999 transaction set in `source`, one `FunctionalGroupAck` each."""
    return list(drive(source, _Ack999(), strict=strict))


def parse_ta1(source: X12Source, *, strict: bool = True) -> list[InterchangeAck]:
    """Every TA1 interchange acknowledgment in `source` (TA1 sits outside any functional group)."""
    return list(drive(source, _Ta1(), strict=strict))


class _Ta1(SegmentParser[InterchangeAck]):
    def handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {"TA1": self.ta1}

    def ta1(self, seg: Segment) -> None:
        e = padded(seg, 5)
        day = yymmdd(e[2], "TA102") if e[2] else None
        self.out.append(InterchangeAck(e[1], day, e[3], e[4], e[5]))


class _Ack999(SegmentParser[FunctionalGroupAck]):
    def __init__(self) -> None:
        super().__init__()
        self.component = ":"
        self.ack: FunctionalGroupAck | None = None
        self.transaction: TransactionSet | None = None
        self.ts: TransactionSetAck | None = None
        self.segment_error: SegmentError | None = None
        self.element_error: ElementError | None = None

    def handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {
            "AK1": self.ak1,
            "AK2": self.ak2,
            "IK3": self.ik3,
            "CTX": self.ctx,
            "IK4": self.ik4,
            "IK5": self.ik5,
            "AK9": self.ak9,
        }

    def begin(self, transaction: TransactionSet, delimiters: Delimiters) -> None:
        if transaction.kind is not TransactionKind.implementation_ack:
            raise UnexpectedTransactionSet(f"expected a 999 acknowledgment, found {transaction.kind.value}")
        self.transaction, self.component = transaction, delimiters.component
        self.ack = self.ts = self.segment_error = self.element_error = None

    def end(self) -> None:
        if self.ack is None:
            raise X12StructureError("999 without AK1")
        if self.ack.status == "":
            raise X12StructureError("999 without AK9")
        self.out.append(self.ack)
        self.ack = None

    def ak1(self, seg: Segment) -> None:
        e = padded(seg, 3)
        assert self.transaction is not None
        self.ack = FunctionalGroupAck(
            e[1],
            e[2],
            e[3],
            "",
            0,
            0,
            0,
            control_number=self.transaction.control_number,
            interchange_control_number=self.transaction.interchange.control_number,
        )

    def ak2(self, seg: Segment) -> None:
        e = padded(seg, 3)
        self.ts = TransactionSetAck(e[1], e[2], "", e[3])
        self.segment_error = self.element_error = None
        self._ack("AK2").transaction_sets.append(self.ts)

    def ik3(self, seg: Segment) -> None:
        e = padded(seg, 4)
        self.segment_error = SegmentError(e[1], integer(e[2], "IK302"), e[4], e[3])
        self.element_error = None
        self._ts("IK3").segment_errors.append(self.segment_error)

    def ik4(self, seg: Segment) -> None:
        if self.segment_error is None:
            raise X12StructureError("IK4 outside an IK3 segment error loop")
        e = padded(seg, 4)
        position, component, repeat = ([*e[1].split(self.component), "", ""])[:3]
        self.element_error = ElementError(
            integer(position, "IK401"),
            e[3],
            integer(component, "IK401-2") if component else None,
            integer(repeat, "IK401-3") if repeat else None,
            e[2],
            e[4],
        )
        self.segment_error.elements.append(self.element_error)

    def ctx(self, seg: Segment) -> None:
        # CTX after IK4 gives element context; after IK3, segment or business-unit context.
        target = self.element_error or self.segment_error
        if target is None:
            raise X12StructureError("CTX outside an IK3/IK4 error loop")
        target.context.append(tuple(seg[1:]))

    def ik5(self, seg: Segment) -> None:
        e = padded(seg, 6)
        ts = self._ts("IK5")
        ts.status = e[1]
        ts.error_codes = [code for code in e[2:7] if code]

    def ak9(self, seg: Segment) -> None:
        e = padded(seg, 9)
        ack = self._ack("AK9")
        ack.status = e[1]
        ack.included, ack.received, ack.accepted_count = (
            integer(e[2], "AK902"),
            integer(e[3], "AK903"),
            integer(e[4], "AK904"),
        )
        ack.error_codes = [code for code in e[5:10] if code]

    def _ack(self, segment_id: str) -> FunctionalGroupAck:
        if self.ack is None:
            raise X12StructureError(f"{segment_id} before AK1")
        return self.ack

    def _ts(self, segment_id: str) -> TransactionSetAck:
        if self.ts is None:
            raise X12StructureError(f"{segment_id} outside an AK2 transaction set response loop")
        return self.ts
