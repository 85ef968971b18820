"""277CA (005010X214) claim acknowledgment builder from the `ClaimStatusResponse` model.

The HL tree is written as given in `response.levels` (20 payer, 21 receiver, 19 provider, PT
patient); after each patient level come the claims whose `hl_id` points at it. `claim_ack_tree`
assembles that tree for the usual case: one payer, one receiver, claims grouped by provider.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rcm.edi.claim_status import (
    ClaimStatus,
    ClaimStatusResponse,
    ServiceLineStatus,
    StatusCode,
    StatusInfo,
    StatusLevel,
)
from rcm.edi.common import Entity, MonetaryAmount, Quantity, Reference
from rcm.edi.errors import X12BuildError
from rcm.edi.versions import ADOPTED, TransactionKind
from rcm.edi.x12.values import format_amount, format_d8, format_quantity, format_rd8
from rcm.edi.x12.writer import EnvelopeSpec, clean, composite, interchange, segment

VERSION = ADOPTED[TransactionKind.claim_ack]


def build_277ca(response: ClaimStatusResponse, envelope: EnvelopeSpec) -> str:
    at = envelope.created_at
    body = [
        segment(
            "BHT",
            "0085",
            response.purpose_code,
            clean(response.reference_id, "BHT03"),
            format_d8(response.created or at.date()),
            at.strftime("%H%M"),
            response.transaction_type,
        )
    ]
    claims_by_level: dict[str, list[ClaimStatus]] = {}
    for claim in response.claims:
        claims_by_level.setdefault(claim.hl_id, []).append(claim)
    children = {level.parent_id for level in response.levels}
    for level in response.levels:
        body += _level(level, has_children=level.hl_id in children)
        for claim in claims_by_level.get(level.hl_id, []):
            body += _claim(claim)
    return interchange(envelope, "HN", VERSION, "277", body)


def _level(level: StatusLevel, has_children: bool) -> list[str]:
    child_code = "" if level.level_code == "PT" else ("1" if has_children else "0")
    out = [segment("HL", level.hl_id, level.parent_id, level.level_code, child_code)]
    if level.entity is not None:
        out.append(_nm1(level.entity))
    if level.trace_number:
        out.append(
            segment("TRN", "2" if level.level_code == "21" else "1", clean(level.trace_number, "TRN02"))
        )
    for qualifier, day in (("050", level.received_date), ("009", level.process_date)):
        if day is not None:
            out.append(segment("DTP", qualifier, "D8", format_d8(day)))
    out += [_stc(s) for s in level.statuses]
    out += [segment("REF", r.qualifier, clean(r.value, "REF02")) for r in level.references]
    out += [segment("QTY", q.qualifier, format_quantity(q.quantity)) for q in level.quantities]
    out += [segment("AMT", a.qualifier, format_amount(a.amount)) for a in level.amounts]
    return out


def _claim(claim: ClaimStatus) -> list[str]:
    if claim.service_date is None:
        raise X12BuildError(f"277CA claim {claim.patient_control_number!r} needs its service date (DTP*472)")
    out = [segment("TRN", "2", clean(claim.patient_control_number, "TRN02"))]
    out += [_stc(s) for s in claim.statuses]
    # TR3 order in 2200D: REF*1K, REF*D9, REF*BLT
    order = {"1K": 0, "D9": 1, "BLT": 2}
    for ref in sorted(claim.references, key=lambda r: order.get(r.qualifier, 3)):
        out.append(segment("REF", ref.qualifier, clean(ref.value, "REF02")))
    out.append(_service_period(claim.service_date, claim.service_end_date))
    for line in claim.lines:
        out += _line(line)
    return out


def _line(line: ServiceLineStatus) -> list[str]:
    p = line.procedure
    out = [
        segment(
            "SVC",
            composite(p.qualifier, p.code, *p.modifiers),
            format_amount(line.charge),
            format_amount(line.paid) if line.paid is not None else "",
            line.revenue_code,
            "",
            "",
            format_quantity(line.units) if line.units is not None else "",
        )
    ]
    out += [_stc(s) for s in line.statuses[:1]]
    out += [segment("REF", r.qualifier, clean(r.value, "REF02")) for r in line.references]
    if line.service_date is not None:
        out.append(_service_period(line.service_date, line.service_end_date))
    return out


def _stc(status: StatusInfo) -> str:
    return segment(
        "STC",
        _code(status.code),
        format_d8(status.effective_date) if status.effective_date else "",
        status.action_code,
        format_amount(status.total_charge) if status.total_charge is not None else "",
        "",
        "",
        "",
        "",
        "",
        *(_code(c) for c in status.additional[:2]),
    )


def _code(code: StatusCode) -> str:
    return composite(code.category, code.status, code.entity, code.code_list_qualifier)


def _service_period(start: date, end: date | None) -> str:
    if end is None or end == start:
        return segment("DTP", "472", "D8", format_d8(start))
    return segment("DTP", "472", "RD8", format_rd8(start, end))


def _nm1(e: Entity) -> str:
    return segment(
        "NM1",
        e.entity_code,
        e.entity_type,
        clean(e.last_name, "NM103"),
        clean(e.first_name, "NM104"),
        clean(e.middle_name, "NM105"),
        "",
        clean(e.suffix, "NM107"),
        e.id_qualifier,
        clean(e.identifier, "NM109"),
    )


def summary_level(
    level: StatusLevel,
    claims: Iterable[ClaimStatus],
    status: StatusInfo,
    accepted_qty: str,
    rejected_qty: str,
) -> StatusLevel:
    """Fill a receiver (21: QTY 90/AA) or provider (19: QTY QA/QC) level with totals of `claims`."""
    claims = list(claims)
    accepted = [c for c in claims if c.accepted]
    rejected = [c for c in claims if c.rejected]
    level.statuses = [status]
    level.quantities = [
        Quantity(q, Decimal(len(group)))
        for q, group in ((accepted_qty, accepted), (rejected_qty, rejected))
        if group
    ]
    level.amounts = [
        MonetaryAmount(q, sum((_charge(c) for c in group), Decimal(0)))
        for q, group in (("YU", accepted), ("YY", rejected))
        if group
    ]
    return level


def _charge(claim: ClaimStatus) -> Decimal:
    return next((s.total_charge for s in claim.statuses if s.total_charge is not None), Decimal(0))


@dataclass(frozen=True, slots=True)
class ClaimAck:
    """The acknowledgment decision for one claim, as input to `claim_ack_tree`."""

    patient_control_number: str
    total_charge: Decimal
    service_date: date
    patient: Entity
    provider: Entity
    status: StatusCode
    service_end_date: date | None = None
    payer_claim_control_number: str = ""

    @property
    def rejected(self) -> bool:
        return self.status.category in ("A3", "A6", "A7", "A8")


def claim_ack_tree(
    payer: Entity, receiver: Entity, acks: list[ClaimAck], *, day: date, batch_trace: str, reference_id: str
) -> ClaimStatusResponse:
    """A 277CA response: payer (20) -> receiver (21) -> one provider level (19) each -> patients (PT)."""
    response = ClaimStatusResponse(VERSION, reference_id, day, "08", "TH")
    source = StatusLevel("1", "", "20", payer, batch_trace, received_date=day, process_date=day)
    receiver_level = StatusLevel("2", "1", "21", receiver, batch_trace)
    response.levels += [source, receiver_level]
    by_provider: dict[Entity, list[ClaimAck]] = {}
    for ack in acks:
        by_provider.setdefault(ack.provider, []).append(ack)
    for provider, provider_acks in by_provider.items():
        provider_level = StatusLevel(str(len(response.levels) + 1), "2", "19", provider, batch_trace)
        response.levels.append(provider_level)
        claims = [_ack_claim(response, provider_level, ack, day) for ack in provider_acks]
        # STC02 is not used at the provider level (2200C)
        summary_level(provider_level, claims, _batch_status(None, claims, "85"), "QA", "QC")
    summary_level(receiver_level, response.claims, _batch_status(day, response.claims, "40"), "90", "AA")
    return response


def _ack_claim(
    response: ClaimStatusResponse, provider_level: StatusLevel, ack: ClaimAck, day: date
) -> ClaimStatus:
    level = StatusLevel(str(len(response.levels) + 1), provider_level.hl_id, "PT", ack.patient)
    response.levels.append(level)
    action = "U" if ack.rejected else "WQ"  # STC03: U reject, WQ accept
    claim = ClaimStatus(
        ack.patient_control_number,
        [StatusInfo(ack.status, day, action, ack.total_charge)],
        hl_id=level.hl_id,
        patient=ack.patient,
        provider=ack.provider,
        service_date=ack.service_date,
        service_end_date=ack.service_end_date,
    )
    if ack.payer_claim_control_number and not ack.rejected:
        claim.references.append(Reference("1K", ack.payer_claim_control_number))
    response.claims.append(claim)
    return claim


def _batch_status(day: date | None, claims: list[ClaimStatus], entity: str) -> StatusInfo:
    # A1:19 = acknowledgement / entity acknowledges receipt of claim(s); the per-claim STC says more.
    total = sum((_charge(c) for c in claims), Decimal(0))
    return StatusInfo(StatusCode("A1", "19", entity), day, "WQ", total)
