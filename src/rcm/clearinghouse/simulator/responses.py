"""Turn the simulator's decisions into real X12 through the `rcm.edi` builders: 999, TA1, 277CA, 835."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from rcm.clearinghouse.simulator.decisions import ZERO, ClaimDecision, LineDecision
from rcm.edi import (
    ClaimAck,
    Entity,
    EnvelopeSpec,
    StatusCode,
    X12ControlNumberMismatch,
    X12CountMismatch,
    X12ElementError,
    X12Error,
    X12StructureError,
    build_277ca,
    build_835,
    build_999,
    claim_ack_tree,
)
from rcm.edi.acknowledgment import ElementError, FunctionalGroupAck, SegmentError, TransactionSetAck
from rcm.edi.common import Address, Contact, MonetaryAmount, Procedure, Reference
from rcm.edi.remittance import (
    ClaimPayment,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.x12.tokenizer import Tokenizer
from rcm.edi.x12.writer import ELEMENT, TERMINATOR, envelope_head

PAYER_ADDRESS = Address("PO BOX 1000", "COLUMBUS", "OH", "43215")
PAYER_CONTACT = Contact("BL", "EDI SUPPORT", (("TE", "8005550100"),))


@dataclass(frozen=True)
class InboundFacts:
    """What a lenient read of a received 837 tells us, even when it is broken."""

    sender_id: str = ""
    interchange_control_number: str = ""
    group_control_number: str = ""
    version: str = ""
    transaction_sets: tuple[tuple[str, str, int], ...] = ()  # (ST02, ST03, index of ST in the file)


def inbound_facts(content: bytes) -> InboundFacts:
    isa: list[str] = []
    gs: list[str] = []
    sets: list[tuple[str, str, int]] = []
    try:
        for index, seg in enumerate(Tokenizer(content), 1):
            if seg[0] == "ISA" and not isa:
                isa = seg
            elif seg[0] == "GS" and not gs:
                gs = seg
            elif seg[0] == "ST":
                sets.append((_get(seg, 2), _get(seg, 3), index))
    except X12Error:
        pass  # keep what was readable before the damage
    return InboundFacts(_get(isa, 6).strip(), _get(isa, 13), _get(gs, 6), _get(gs, 8), tuple(sets))


def envelope_for(facts_sender: str, sequence: int, day: date) -> EnvelopeSpec:
    return EnvelopeSpec(
        "PAYERSIM",
        (facts_sender or "SUBMITTER")[:15],
        sequence,
        sequence,
        sequence,
        datetime.combine(day, time(12, 0)),
    )


def accepted_999(facts: InboundFacts, envelope: EnvelopeSpec) -> str:
    sets = [TransactionSetAck("837", st02, "A", st03) for st02, st03, _ in facts.transaction_sets]
    n = len(sets)
    return build_999(
        FunctionalGroupAck("HC", facts.group_control_number, facts.version, "A", n, n, n, sets), envelope
    )


def rejected_999(facts: InboundFacts, error: X12Error, envelope: EnvelopeSpec) -> str:
    """Every transaction set rejected; the one holding the error says where (IK3/IK4) and why."""
    failing = _failing_set(facts, error.segment_index)
    sets = []
    for st02, st03, st_index in facts.transaction_sets:
        if st02 == failing:
            sets.append(_rejected_set(st02, st03, st_index, error))
        else:
            sets.append(TransactionSetAck("837", st02, "R", st03, ["5"]))
    n = len(sets)
    ack = FunctionalGroupAck("HC", facts.group_control_number, facts.version, "R", n, n, 0, sets)
    return build_999(ack, envelope)


def rejected_ta1(facts: InboundFacts, envelope: EnvelopeSpec) -> str:
    """No readable functional group: a TA1 interchange rejection (note 024, invalid content)."""
    isa = envelope_head(envelope, "FA", "005010X231A1", "999")[0]
    control = (facts.interchange_control_number or "0").strip().zfill(9)[:9]
    at = envelope.created_at
    segments = [
        isa,
        ELEMENT.join(("TA1", control, at.strftime("%y%m%d"), at.strftime("%H%M"), "R", "024")),
        ELEMENT.join(("IEA", "0", envelope.isa13)),
    ]
    return "".join(f"{s}{TERMINATOR}\n" for s in segments)


def claim_ack_277ca(
    decisions: list[ClaimDecision],
    submitter: tuple[str, str],
    reference: str,
    day: date,
    envelope: EnvelopeSpec,
) -> str:
    first = decisions[0]
    payer = Entity("PR", "2", first.payer_name, id_qualifier="PI", identifier=first.payer_id)
    receiver = Entity(
        "41", "2", submitter[0] or "SUBMITTER", id_qualifier="46", identifier=submitter[1] or "SUBMITTER"
    )
    acks = [_claim_ack(d) for d in decisions]
    return build_277ca(
        claim_ack_tree(payer, receiver, acks, day=day, batch_trace=reference, reference_id=reference),
        envelope,
    )


def remittance_835(
    payments: list[ClaimPayment],
    plbs: list[ProviderAdjustment],
    payer: tuple[str, str],
    payee: tuple[str, str],
    day: date,
    trace: str,
    envelope: EnvelopeSpec,
) -> str:
    total = sum((p.paid for p in payments), ZERO) - sum((p.amount for p in plbs), ZERO)
    if total > 0:
        payment = PaymentInfo(
            "I",
            total,
            "C",
            "ACH",
            "CCP",
            "01",
            "999999999",
            "DA",
            "123456789",
            "1999999999",
            "",
            "01",
            "999988880",
            "DA",
            "98765",
            day,
        )
    else:  # nothing to send: a remittance advice only (or a net debit owed by the provider)
        payment = PaymentInfo("H", abs(total), "C" if total == 0 else "D", "NON", payment_date=day)
    header = RemittanceHeader(
        payment,
        trace,
        "1999999999",
        production_date=day,
        payer=Party("PR", payer[0], address=PAYER_ADDRESS, contacts=[PAYER_CONTACT]),
        payee=Party("PE", payee[0], "XX", payee[1]),
    )
    return build_835(Remittance(header, payments, plbs), envelope)


def claim_payment(
    decision: ClaimDecision, lines: tuple[LineDecision, ...], status: str, negate: bool = False
) -> ClaimPayment:
    sign = Decimal(-1) if negate else Decimal(1)
    patient_share = sum((a.amount for line in lines for a in line.adjustments if a.group == "PR"), ZERO)
    claim = ClaimPayment(
        decision.patient_control_number,
        status,
        sign * sum((line.charge for line in lines), ZERO),
        sign * sum((line.paid for line in lines), ZERO),
        sign * patient_share,
        decision.filing_indicator,
        decision.payer_claim_control_number,
        decision.facility_code,
        decision.claim_frequency,
    )
    last, first, member_id = decision.patient
    claim.patient = Entity("QC", "1", last, first, id_qualifier="MI", identifier=member_id)
    claim.services = [_service(line, sign) for line in lines]
    return claim


def _service(line: LineDecision, sign: Decimal) -> ServicePayment:
    if line.procedure_code:
        procedure, revenue = Procedure(line.procedure_code, "HC", line.modifiers), line.revenue_code
    else:
        procedure, revenue = Procedure(line.revenue_code, "NU"), ""
    service = ServicePayment(
        procedure, sign * line.charge, sign * line.paid, revenue, line.units, service_date=line.service_date
    )
    service.adjustments = [type(a)(a.group, a.reason, sign * a.amount) for a in line.adjustments]
    if line.line_control_number:
        service.references = [Reference("6R", line.line_control_number)]
    if line.allowed:
        service.amounts = [MonetaryAmount("B6", sign * line.allowed)]
    service.remark_codes = list(line.remark_codes)
    return service


def _claim_ack(decision: ClaimDecision) -> ClaimAck:
    last, first, member_id = decision.patient
    dates = [line.service_date for line in decision.lines] or [decision.received_on]
    return ClaimAck(
        decision.patient_control_number,
        decision.charge,
        min(dates),
        Entity("QC", "1", last, first, id_qualifier="MI", identifier=member_id),
        Entity("85", "2", decision.billing_name, id_qualifier="XX", identifier=decision.billing_npi),
        StatusCode(*decision.front_end),
        max(dates),
        decision.payer_claim_control_number,
    )


def _rejected_set(st02: str, st03: str, st_index: int, error: X12Error) -> TransactionSetAck:
    if isinstance(error, X12CountMismatch):
        return TransactionSetAck("837", st02, "R", st03, ["4"])  # IK502=4: segment count mismatch
    if isinstance(error, X12ControlNumberMismatch):
        return TransactionSetAck("837", st02, "R", st03, ["3"])
    position = max((error.segment_index or st_index) - st_index + 1, 1)
    segment_id = (error.segment_id or "ST")[:3]
    if isinstance(error, X12ElementError):
        code = "8" if "date" in error.reason else "1" if "missing" in error.reason else "7"
        element = ElementError(_element_position(error.element), code)
        detail = SegmentError(segment_id, position, "8", elements=[element])
    else:
        detail = SegmentError(segment_id, position, "2" if isinstance(error, X12StructureError) else "1")
    return TransactionSetAck("837", st02, "R", st03, ["5"], [detail])


def _failing_set(facts: InboundFacts, segment_index: int | None) -> str | None:
    failing = None
    for st02, _, st_index in facts.transaction_sets:
        if segment_index is None or st_index <= segment_index:
            failing = st02
    return failing


def _element_position(name: str | None) -> int:
    digits = "".join(c for c in (name or "")[-2:] if c.isdigit())
    return int(digits) if digits else 1


def _get(seg: list[str], i: int) -> str:
    return seg[i] if len(seg) > i else ""
