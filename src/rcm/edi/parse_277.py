"""277CA (005010X214) and 277 claim status (005010X212) parser.

Claims are the TRN loops under a patient-level HL (PT in X214, 22/23 in X212); each carries its
STC statuses, references (1K payer claim number, D9 clearinghouse trace) and service lines. The
payer, receiver, provider, subscriber and patient are resolved from the HL ancestors.
"""

from __future__ import annotations

from collections.abc import Callable

from rcm.edi.claim_status import (
    ClaimStatus,
    ClaimStatusResponse,
    ServiceLineStatus,
    StatusCode,
    StatusInfo,
    StatusLevel,
)
from rcm.edi.errors import UnexpectedTransactionSet, X12StructureError
from rcm.edi.versions import TransactionKind
from rcm.edi.x12 import segments as sg
from rcm.edi.x12.driver import SegmentParser, drive
from rcm.edi.x12.envelope import TransactionSet
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Delimiters, Segment
from rcm.edi.x12.values import amount, element, optional_amount, optional_d8, padded, period

_CLAIM_LEVELS = frozenset({"PT", "22", "23"})
_STATUS_KINDS = (TransactionKind.claim_ack, TransactionKind.claim_status_response)


def parse_277(source: X12Source, *, strict: bool = True) -> list[ClaimStatusResponse]:
    """Every 277/277CA transaction set in `source`."""
    return list(drive(source, _Status277(), strict=strict))


def status_code(composite: str, component: str) -> StatusCode:
    parts = composite.split(component)
    return StatusCode(*([*parts, "", "", "", ""])[:4])


def status_info(seg: Segment, component: str) -> StatusInfo:
    e = padded(seg, 12)
    if not e[1]:
        raise X12StructureError("STC01 (claim status composite) is required")
    return StatusInfo(
        status_code(e[1], component),
        optional_d8(e[2], "STC02"),
        e[3],
        optional_amount(e[4], "STC04"),
        optional_amount(e[5], "STC05"),
        optional_d8(e[6], "STC06"),
        e[7],
        optional_d8(e[8], "STC08"),
        e[9],
        [status_code(c, component) for c in (e[10], e[11]) if c],
        e[12],
    )


class _Status277(SegmentParser[ClaimStatusResponse]):
    def __init__(self) -> None:
        super().__init__()
        self.component = ":"
        self.response: ClaimStatusResponse | None = None
        self.transaction: TransactionSet | None = None
        self._clear()

    def _clear(self) -> None:
        self.levels: dict[str, StatusLevel] = {}
        self.level: StatusLevel | None = None
        self.claim: ClaimStatus | None = None
        self.line: ServiceLineStatus | None = None

    def handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {
            "BHT": self.bht,
            "HL": self.hl,
            "NM1": self.nm1,
            "TRN": self.trn,
            "STC": self.stc,
            "REF": self.ref,
            "DTP": self.dtp,
            "QTY": self.qty,
            "AMT": self.amt,
            "SVC": self.svc,
        }

    def begin(self, transaction: TransactionSet, delimiters: Delimiters) -> None:
        if transaction.kind not in _STATUS_KINDS:
            raise UnexpectedTransactionSet(f"expected a 277 claim status, found {transaction.kind.value}")
        self.transaction, self.component = transaction, delimiters.component
        self.response = None
        self._clear()

    def end(self) -> None:
        if self.response is None:
            raise X12StructureError("277 without BHT")
        self.out.append(self.response)
        self.response = None

    def bht(self, seg: Segment) -> None:
        e = padded(seg, 6)
        assert self.transaction is not None
        self.response = ClaimStatusResponse(
            self.transaction.version,
            e[3],
            optional_d8(e[4], "BHT04"),
            e[2],
            e[6],
            control_number=self.transaction.control_number,
            interchange_control_number=self.transaction.interchange.control_number,
        )

    def hl(self, seg: Segment) -> None:
        e = padded(seg, 4)
        if not e[1] or not e[3]:
            raise X12StructureError("HL01 (id) and HL03 (level code) are required")
        self.level = StatusLevel(e[1], e[2], e[3])
        self.levels[e[1]] = self.level
        self._response("HL").levels.append(self.level)
        self.claim = self.line = None

    def nm1(self, seg: Segment) -> None:
        self._level("NM1").entity = sg.entity(seg)

    def trn(self, seg: Segment) -> None:
        level = self._level("TRN")
        if level.level_code in _CLAIM_LEVELS:
            self.claim = ClaimStatus(element(seg, 2), trace_number=element(seg, 2), hl_id=level.hl_id)
            self._resolve_parties(self.claim, level)
            self._response("TRN").claims.append(self.claim)
            self.line = None
        else:
            level.trace_number = element(seg, 2)

    def stc(self, seg: Segment) -> None:
        info = status_info(seg, self.component)
        target = self.line or self.claim or self._level("STC")
        target.statuses.append(info)

    def ref(self, seg: Segment) -> None:
        reference = sg.reference(seg)
        target = self.line or self.claim or self._level("REF")
        target.references.append(reference)
        if target is self.claim and reference.qualifier == "EJ":  # X212: the patient account number
            self.claim.patient_control_number = reference.value

    def dtp(self, seg: Segment) -> None:
        e = padded(seg, 3)
        start, end = period(e[2], e[3], "DTP03")
        target = self.line or self.claim
        if target is not None and e[1] == "472":
            target.service_date, target.service_end_date = start, end
        elif target is None and e[1] in ("050", "009"):
            level = self._level("DTP")
            if e[1] == "050":
                level.received_date = start
            else:
                level.process_date = start

    def qty(self, seg: Segment) -> None:
        self._level("QTY").quantities.append(sg.quantity(seg))

    def amt(self, seg: Segment) -> None:
        target = self.claim or self._level("AMT")
        target.amounts.append(sg.monetary_amount(seg))

    def svc(self, seg: Segment) -> None:
        if self.claim is None:
            raise X12StructureError("SVC outside a claim status (TRN) loop")
        e = padded(seg, 7)
        self.line = ServiceLineStatus(
            sg.procedure(e[1], self.component, "SVC01"),
            amount(e[2], "SVC02"),
            optional_amount(e[3], "SVC03"),
            e[4],
            optional_amount(e[7], "SVC07"),
        )
        self.claim.lines.append(self.line)

    def _resolve_parties(self, claim: ClaimStatus, level: StatusLevel) -> None:
        node: StatusLevel | None = level
        seen: set[str] = set()
        while node is not None and node.hl_id not in seen:  # a malformed HL02 may loop
            seen.add(node.hl_id)
            entity = node.entity
            if node.level_code == "20":
                claim.payer = entity
            elif node.level_code == "21":
                claim.receiver = entity
            elif node.level_code == "19":
                claim.provider = entity
            elif node.level_code == "22":
                claim.subscriber = entity
            elif node.level_code in ("PT", "23"):
                claim.patient = entity
            node = self.levels.get(node.parent_id)
        if claim.patient is None and level.level_code == "22":
            claim.patient = claim.subscriber

    def _response(self, segment_id: str) -> ClaimStatusResponse:
        if self.response is None:
            raise X12StructureError(f"{segment_id} before BHT")
        return self.response

    def _level(self, segment_id: str) -> StatusLevel:
        if self.level is None:
            raise X12StructureError(f"{segment_id} outside an HL loop")
        return self.level
