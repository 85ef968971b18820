"""835 (005010X221A1) builder from the `Remittance` model the parser returns.

Used by the payer simulator and the benchmarks. Reversals are written as given: a CLP02=22
claim must carry negative CLP03/04/05, SVC and CAS amounts (the caller negates them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TextIO

from rcm.edi.build_837_parts import adjustments as cas_segments
from rcm.edi.common import Entity
from rcm.edi.errors import X12BuildError
from rcm.edi.remittance import (
    ClaimPayment,
    OutpatientAdjudication,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.versions import ADOPTED, TransactionKind
from rcm.edi.x12.values import format_amount, format_d8, format_quantity
from rcm.edi.x12.writer import (
    EnvelopeSpec,
    clean,
    composite,
    envelope_head,
    envelope_tail,
    interchange,
    segment,
    write_segments,
)

VERSION = ADOPTED[TransactionKind.remittance]
_PLB_PAIRS_PER_SEGMENT = 6


def build_835(remittance: Remittance, envelope: EnvelopeSpec) -> str:
    """The complete 835 interchange text for one remittance (one ST..SE)."""
    body = list(_body(remittance.header, remittance.claims, remittance.provider_adjustments))
    return interchange(envelope, "HP", VERSION, "835", body)


def write_835(
    out: TextIO,
    header: RemittanceHeader,
    claims: Iterable[ClaimPayment],
    provider_adjustments: list[ProviderAdjustment],
    envelope: EnvelopeSpec,
) -> int:
    """Stream an 835 to `out` claim by claim (constant memory); returns the number of claims."""
    counter = _Counter(claims)
    write_segments(out, envelope_head(envelope, "HP", VERSION, "835"))
    body = write_segments(out, _body(header, counter, provider_adjustments))
    write_segments(out, envelope_tail(envelope, body))
    return counter.count


class _Counter:
    def __init__(self, claims: Iterable[ClaimPayment]) -> None:
        self._claims = claims
        self.count = 0

    def __iter__(self) -> Iterator[ClaimPayment]:
        for claim in self._claims:
            self.count += 1
            yield claim


def _body(
    header: RemittanceHeader, claims: Iterable[ClaimPayment], provider_adjustments: list[ProviderAdjustment]
) -> Iterator[str]:
    if header.payer is None or header.payee is None:
        raise X12BuildError("an 835 needs a payer (N1*PR) and a payee (N1*PE)")
    if header.payer.address is None:
        raise X12BuildError("the 835 payer needs an address (N3/N4 are required in loop 1000A)")
    yield _bpr(header.payment)
    yield segment(
        "TRN",
        "1",
        clean(header.trace_number, "trace number"),
        clean(header.trace_originator, "TRN03"),
        clean(header.trace_supplemental, "TRN04"),
    )
    if header.currency:
        yield segment("CUR", "PR", header.currency)
    if header.receiver_id:
        yield segment("REF", "EV", clean(header.receiver_id, "receiver id"))
    if header.production_date:
        yield segment("DTM", "405", format_d8(header.production_date))
    yield from _party(header.payer)
    yield from _party(header.payee)
    yield from _detail(claims)
    yield from _plb(provider_adjustments)


def _bpr(p: PaymentInfo) -> str:
    return segment(
        "BPR",
        p.handling_code,
        format_amount(p.amount),
        p.credit_debit,
        p.method,
        p.payment_format,
        p.sender_dfi_qualifier,
        p.sender_dfi_id,
        p.sender_account_qualifier,
        p.sender_account_number,
        p.originating_company_id,
        p.originating_company_supplemental,
        p.receiver_dfi_qualifier,
        p.receiver_dfi_id,
        p.receiver_account_qualifier,
        p.receiver_account_number,
        format_d8(p.payment_date) if p.payment_date else "",
    )


def _party(party: Party) -> list[str]:
    out = [
        segment(
            "N1",
            party.entity_code,
            clean(party.name, "N102"),
            party.id_qualifier,
            clean(party.identifier, "N104"),
        )
    ]
    if party.address is not None:
        a = party.address
        out.append(segment("N3", clean(a.line1, "N301"), clean(a.line2, "N302")))
        out.append(segment("N4", clean(a.city, "N401"), a.state, a.postal_code, a.country))
    out += [segment("REF", r.qualifier, clean(r.value, "REF02")) for r in party.references]
    # TR3 order in 1000A: PER*CX, then PER*BL (required), then PER*IC (web site).
    for contact in sorted(party.contacts, key=lambda c: {"CX": 0, "BL": 1}.get(c.function, 2)):
        numbers = [value for pair in contact.numbers for value in pair]
        out.append(segment("PER", contact.function, clean(contact.name, "PER02"), *numbers))
    return out


def _detail(claims: Iterable[ClaimPayment]) -> Iterator[str]:
    current = None
    for claim in claims:
        number = claim.header_number or "1"
        if number != current:
            current = number
            yield segment("LX", number)
        yield from _claim(claim)


def _claim(c: ClaimPayment) -> list[str]:
    out = [_clp(c), *cas_segments(c.adjustments)]
    entities = (
        c.patient,
        c.insured,
        c.corrected_patient,
        c.rendering_provider,
        c.crossover_carrier,
        c.corrected_priority_payer,
        c.other_subscriber,
    )
    out += [_nm1(entity) for entity in entities if entity is not None]
    if c.outpatient is not None:
        out.append(_moa(c.outpatient))
    out += [segment("REF", r.qualifier, clean(r.value, "REF02")) for r in c.references]
    dates = (
        ("232", c.statement_from),
        ("233", c.statement_to),
        ("036", c.coverage_expiration),
        ("050", c.received_date),
    )
    out += [segment("DTM", qualifier, format_d8(day)) for qualifier, day in dates if day is not None]
    out += [segment("AMT", a.qualifier, format_amount(a.amount)) for a in c.amounts]
    out += [segment("QTY", q.qualifier, format_quantity(q.quantity)) for q in c.quantities]
    for service in c.services:
        out += _service(service)
    return out


def _clp(c: ClaimPayment) -> str:
    return segment(
        "CLP",
        clean(c.patient_control_number, "CLP01"),
        c.status_code,
        format_amount(c.total_charge),
        format_amount(c.paid),
        _optional_amount(c.patient_responsibility),
        c.filing_indicator,
        clean(c.payer_claim_control_number, "CLP07"),
        c.facility_type_code,
        c.frequency_code,
        "",
        c.drg_code,
        _optional_quantity(c.drg_weight),
        _optional_quantity(c.discharge_fraction),
    )


def _moa(o: OutpatientAdjudication) -> str:
    remarks = (o.remark_codes + [""] * 5)[:5]
    return segment(
        "MOA",
        _optional_amount(o.reimbursement_rate),
        _optional_amount(o.hcpcs_payable),
        *remarks,
        _optional_amount(o.esrd_payment),
        _optional_amount(o.nonpayable_professional),
    )


def _service(s: ServicePayment) -> list[str]:
    p = s.procedure
    original = ""
    if s.original_procedure is not None:
        o = s.original_procedure
        original = composite(o.qualifier, o.code, *o.modifiers)
    out = [
        segment(
            "SVC",
            composite(p.qualifier, clean(p.code, "SVC01-2"), *p.modifiers),
            format_amount(s.charge),
            format_amount(s.paid),
            s.revenue_code,
            _optional_quantity(s.units_paid),
            original,
            _optional_quantity(s.original_units),
        )
    ]
    if s.service_date is not None:
        end = s.service_end_date
        if end is None or end == s.service_date:
            out.append(segment("DTM", "472", format_d8(s.service_date)))
        else:
            out += [segment("DTM", "150", format_d8(s.service_date)), segment("DTM", "151", format_d8(end))]
    out += cas_segments(s.adjustments)
    out += [segment("REF", r.qualifier, clean(r.value, "REF02")) for r in s.references]
    out += [segment("AMT", a.qualifier, format_amount(a.amount)) for a in s.amounts]
    out += [segment("QTY", q.qualifier, format_quantity(q.quantity)) for q in s.quantities]
    out += [segment("LQ", "HE", code) for code in s.remark_codes]
    return out


def _plb(items: list[ProviderAdjustment]) -> list[str]:
    """PLB segments: pairs grouped by provider and fiscal date, at most 6 pairs per segment."""
    groups: dict[tuple[str, object], list[ProviderAdjustment]] = {}
    for item in items:
        groups.setdefault((item.provider_id, item.fiscal_period_date), []).append(item)
    out = []
    for (provider_id, _), pairs in groups.items():
        for start in range(0, len(pairs), _PLB_PAIRS_PER_SEGMENT):
            chunk = pairs[start : start + _PLB_PAIRS_PER_SEGMENT]
            fiscal = chunk[0].fiscal_period_date
            elements = ["PLB", clean(provider_id, "PLB01"), format_d8(fiscal) if fiscal else ""]
            for pair in chunk:
                elements += [
                    composite(pair.reason, clean(pair.reference, "PLB reference")),
                    format_amount(pair.amount),
                ]
            out.append(segment(*elements))
    return out


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


def _optional_amount(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


def _optional_quantity(value: Decimal | None) -> str:
    return "" if value is None else format_quantity(value)
