"""Streaming 835 (005010X221A1) parser: constant memory however many claims the file holds.

`stream_835` yields, per transaction set, a `RemittanceHeader` (once payer and payee are read),
every `ClaimPayment` as soon as its CLP loop closes, then a `RemittanceEnd` with the PLB
adjustments and the running totals for balancing. `parse_835` collects them into `Remittance`s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from rcm.edi.common import MonetaryAmount, Reference
from rcm.edi.errors import UnexpectedTransactionSet, X12ElementError, X12StructureError
from rcm.edi.remittance import (
    ClaimPayment,
    InpatientAdjudication,
    OutpatientAdjudication,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceEnd,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.versions import TransactionKind
from rcm.edi.x12 import segments as sg
from rcm.edi.x12.driver import SegmentParser, drive
from rcm.edi.x12.envelope import TransactionSet
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Delimiters, Segment
from rcm.edi.x12.values import amount, d8, element, optional_amount, optional_d8, padded

RemittanceEvent = RemittanceHeader | ClaimPayment | RemittanceEnd

_PLB_PAIRS = range(3, 15, 2)  # PLB03/04 ... PLB13/14: up to 6 (reason:reference, amount) pairs


def stream_835(source: X12Source, *, strict: bool = True) -> Iterator[RemittanceEvent]:
    """Yield header, claims and end events for every 835 transaction set in `source`."""
    return drive(source, _Remittance835(), strict=strict)


def iter_835_claims(source: X12Source, *, strict: bool = True) -> Iterator[ClaimPayment]:
    """Only the claims (each with `.header`), streaming."""
    for event in stream_835(source, strict=strict):
        if isinstance(event, ClaimPayment):
            yield event


def parse_835(source: X12Source, *, strict: bool = True) -> list[Remittance]:
    """Every 835 transaction set of `source` as a whole `Remittance` (loads all claims)."""
    remittances: list[Remittance] = []
    for event in stream_835(source, strict=strict):
        if isinstance(event, RemittanceHeader):
            remittances.append(Remittance(event))
        elif isinstance(event, ClaimPayment):
            remittances[-1].claims.append(event)
        else:
            remittances[-1].provider_adjustments = event.provider_adjustments
    return remittances


class _Remittance835(SegmentParser[RemittanceEvent]):
    """State machine over one transaction set at a time; events go to `out`."""

    def __init__(self) -> None:
        super().__init__()
        self.transaction: TransactionSet | None = None
        self.component = ":"
        self._reset()

    def _reset(self) -> None:
        self.header: RemittanceHeader | None = None
        self.header_sent = False
        self.party: Party | None = None
        self.claim: ClaimPayment | None = None
        self.service: ServicePayment | None = None
        self.plbs: list[ProviderAdjustment] = []
        self.claim_count = 0
        self.claims_paid = Decimal(0)
        self.header_number = ""

    def handlers(self) -> dict[str, Callable[[Segment], None]]:
        return {
            "BPR": self.bpr,
            "TRN": self.trn,
            "CUR": self.cur,
            "REF": self.ref,
            "DTM": self.dtm,
            "N1": self.n1,
            "N3": self.n3,
            "N4": self.n4,
            "PER": self.per,
            "LX": self.lx,
            "CLP": self.clp,
            "CAS": self.cas,
            "NM1": self.nm1,
            "MIA": self.mia,
            "MOA": self.moa,
            "AMT": self.amt,
            "QTY": self.qty,
            "SVC": self.svc,
            "LQ": self.lq,
            "PLB": self.plb,
        }

    def begin(self, transaction: TransactionSet, delimiters: Delimiters) -> None:
        if transaction.kind is not TransactionKind.remittance:
            raise UnexpectedTransactionSet(
                f"expected an 835 remittance, found {transaction.kind.value} ({transaction.version})"
            )
        self._reset()
        self.transaction = transaction
        self.component = delimiters.component

    def end(self) -> None:
        header = self._header_done()
        self._close_claim()
        self.out.append(RemittanceEnd(header, self.plbs, self.claim_count, self.claims_paid))
        self._reset()

    # -- header ----------------------------------------------------------------------------
    def bpr(self, seg: Segment) -> None:
        if self.header is not None:
            raise X12StructureError("a second BPR in one 835 transaction set")
        e = padded(seg, 16)
        payment = PaymentInfo(
            e[1],
            amount(e[2], "BPR02"),
            e[3],
            e[4],
            e[5],
            e[6],
            e[7],
            e[8],
            e[9],
            e[10],
            e[11],
            e[12],
            e[13],
            e[14],
            e[15],
            optional_d8(e[16], "BPR16"),
        )
        self.header = _new_header(payment, self.transaction)

    def trn(self, seg: Segment) -> None:
        header = self._header()
        e = padded(seg, 4)
        header.trace_number, header.trace_originator, header.trace_supplemental = e[2], e[3], e[4]

    def cur(self, seg: Segment) -> None:
        self._header().currency = element(seg, 2)

    def n1(self, seg: Segment) -> None:
        header = self._header()
        e = padded(seg, 4)
        party = Party(e[1], e[2], e[3], e[4])
        if e[1] == "PR":
            header.payer = party
        elif e[1] == "PE":
            header.payee = party
        self.party = party

    def n3(self, seg: Segment) -> None:
        party = self._party("N3")
        party.address = sg.street(seg, party.address)

    def n4(self, seg: Segment) -> None:
        party = self._party("N4")
        party.address = sg.city_line(seg, party.address)

    def per(self, seg: Segment) -> None:
        if self.claim is None and self.party is not None:
            self.party.contacts.append(sg.contact(seg))

    def _party(self, segment_id: str) -> Party:
        if self.party is None or self.claim is not None:
            raise X12StructureError(f"{segment_id} outside a payer or payee (N1) loop")
        return self.party

    # -- claims ------------------------------------------------------------------------------
    def lx(self, seg: Segment) -> None:
        self._header_done()
        self._close_claim()
        self.header_number = element(seg, 1)

    def clp(self, seg: Segment) -> None:
        self._header_done()
        self._close_claim()
        e = padded(seg, 14)
        if not e[1] or not e[2]:
            raise X12StructureError("CLP01 (patient control number) and CLP02 (status) are required")
        self.claim = ClaimPayment(
            e[1],
            e[2],
            amount(e[3], "CLP03"),
            amount(e[4], "CLP04"),
            optional_amount(e[5], "CLP05"),
            e[6],
            e[7],
            e[8],
            e[9],
            e[11],
            optional_amount(e[12], "CLP12"),
            optional_amount(e[13], "CLP13"),
            self.header_number,
        )
        self.claim.header = self.header

    def cas(self, seg: Segment) -> None:
        target = self.service if self.service is not None else self._claim("CAS")
        target.adjustments += sg.adjustments(seg)

    def nm1(self, seg: Segment) -> None:
        claim = self._claim("NM1")
        party = sg.entity(seg)
        slot = _CLAIM_ENTITIES.get(party.entity_code)
        if slot is not None:
            setattr(claim, slot, party)

    def mia(self, seg: Segment) -> None:
        claim = self._claim("MIA")
        e = padded(seg, 24)
        remarks = [e[i] for i in (5, 20, 21, 22, 23) if e[i]]
        claim.inpatient = InpatientAdjudication(optional_amount(e[1], "MIA01"), remarks, tuple(seg[1:]))

    def moa(self, seg: Segment) -> None:
        claim = self._claim("MOA")
        e = padded(seg, 9)
        claim.outpatient = OutpatientAdjudication(
            optional_amount(e[1], "MOA01"),
            optional_amount(e[2], "MOA02"),
            [e[i] for i in range(3, 8) if e[i]],
            optional_amount(e[8], "MOA08"),
            optional_amount(e[9], "MOA09"),
        )

    def ref(self, seg: Segment) -> None:
        if len(seg) < 3:
            raise X12ElementError("REF needs a qualifier and a value", element="REF02")
        value = Reference(seg[1], seg[2])
        if self.service is not None:
            self.service.references.append(value)
        elif self.claim is not None:
            self.claim.references.append(value)
        elif self.party is not None:
            self.party.references.append(value)
        else:
            header = self._header()
            if value.qualifier == "EV":
                header.receiver_id = value.value
            header.references.append(value)

    def dtm(self, seg: Segment) -> None:
        if len(seg) < 3:
            raise X12ElementError("DTM needs a qualifier and a date", element="DTM02")
        qualifier, day = seg[1], d8(seg[2], "DTM02")
        if self.service is not None:
            if qualifier in ("472", "150"):
                self.service.service_date = day
            if qualifier in ("472", "151"):
                self.service.service_end_date = day
        elif self.claim is not None:
            attribute = _CLAIM_DATES.get(qualifier)
            if attribute:
                setattr(self.claim, attribute, day)
        elif qualifier == "405":
            self._header().production_date = day

    def amt(self, seg: Segment) -> None:
        target = self.service if self.service is not None else self._claim("AMT")
        if len(seg) < 3:
            raise X12ElementError("AMT needs a qualifier and an amount", element="AMT02")
        target.amounts.append(MonetaryAmount(seg[1], amount(seg[2], "AMT02")))

    def qty(self, seg: Segment) -> None:
        target = self.service if self.service is not None else self._claim("QTY")
        target.quantities.append(sg.quantity(seg))

    def svc(self, seg: Segment) -> None:
        claim = self._claim("SVC")
        e = padded(seg, 7)
        c = self.component
        self.service = ServicePayment(
            sg.procedure(e[1], c, "SVC01"),
            amount(e[2], "SVC02"),
            amount(e[3], "SVC03"),
            e[4],
            optional_amount(e[5], "SVC05"),
            sg.procedure(e[6], c, "SVC06") if e[6] else None,
            optional_amount(e[7], "SVC07"),
        )
        claim.services.append(self.service)

    def lq(self, seg: Segment) -> None:
        if self.service is None:
            raise X12StructureError("LQ outside a service line (SVC) loop")
        if element(seg, 1) == "HE":  # HE = RARC remark code; RX (NCPDP reject codes) is not kept
            self.service.remark_codes.append(element(seg, 2))

    def plb(self, seg: Segment) -> None:
        self._header_done()
        self._close_claim()
        e = padded(seg, 14)
        fiscal = optional_d8(e[2], "PLB02")
        for i in _PLB_PAIRS:
            if e[i]:
                reason, _, ref = e[i].partition(self.component)
                self.plbs.append(
                    ProviderAdjustment(e[1], fiscal, reason, ref, amount(e[i + 1], f"PLB{i + 1:02d}"))
                )

    # -- helpers -----------------------------------------------------------------------------
    def _header(self) -> RemittanceHeader:
        if self.header is None:
            raise X12StructureError("an 835 must start with BPR")
        return self.header

    def _header_done(self) -> RemittanceHeader:
        header = self._header()
        if not self.header_sent:
            self.out.append(header)
            self.header_sent = True
            self.party = None
        return header

    def _claim(self, segment_id: str) -> ClaimPayment:
        if self.claim is None:
            raise X12StructureError(f"{segment_id} outside a claim payment (CLP) loop")
        return self.claim

    def _close_claim(self) -> None:
        claim = self.claim
        if claim is not None:
            self.claim_count += 1
            self.claims_paid += claim.paid
            self.out.append(claim)
        self.claim = None
        self.service = None


_CLAIM_ENTITIES = {
    "QC": "patient",
    "IL": "insured",
    "74": "corrected_patient",
    "82": "rendering_provider",
    "TT": "crossover_carrier",
    "PR": "corrected_priority_payer",
    "GB": "other_subscriber",
}
_CLAIM_DATES = {
    "232": "statement_from",
    "233": "statement_to",
    "050": "received_date",
    "036": "coverage_expiration",
}


def _new_header(payment: PaymentInfo, transaction: TransactionSet | None) -> RemittanceHeader:
    assert transaction is not None
    interchange = transaction.interchange
    return RemittanceHeader(
        payment,
        version=transaction.version,
        transaction_control_number=transaction.control_number,
        group_control_number=transaction.group.control_number,
        interchange_control_number=interchange.control_number,
        sender_id=interchange.sender_id,
        receiver_interchange_id=interchange.receiver_id,
    )
