"""276 (005010X212) claim status request builder.

HL tree: payer (20) -> information receiver (21, us) -> provider of service (19) -> subscriber (22)
-> dependent (23) when the patient is not the subscriber. pyx12 ships no usable X212 map, so this
output is checked by structure tests against a public sample instead.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator

from rcm.edi.build_837_parts import organization_name, person_name
from rcm.edi.claim_input import ClaimStatusInquiry, ClaimStatusRequest, Payer, Provider
from rcm.edi.errors import X12BuildError
from rcm.edi.versions import ADOPTED, TransactionKind
from rcm.edi.x12.values import format_amount, format_d8, format_rd8
from rcm.edi.x12.writer import EnvelopeSpec, clean, interchange, segment

VERSION = ADOPTED[TransactionKind.claim_status_request]


def build_276(request: ClaimStatusRequest, envelope: EnvelopeSpec) -> str:
    if not request.inquiries:
        raise X12BuildError("a 276 needs at least one claim inquiry")
    at = envelope.created_at
    body = [
        segment(
            "BHT",
            "0010",
            "13",
            clean(request.reference_id or envelope.st02, "BHT03"),
            at.strftime("%Y%m%d"),
            at.strftime("%H%M"),
        )
    ]
    body += list(_tree(request))
    return interchange(envelope, "HR", VERSION, "276", body)


def _tree(request: ClaimStatusRequest) -> Iterator[str]:
    hl = 0
    sub = request.submitter
    for payer, payer_inquiries in _grouped(request.inquiries, "payer").items():
        assert isinstance(payer, Payer)
        payer_hl, receiver_hl, hl = hl + 1, hl + 2, hl + 2
        yield segment("HL", str(payer_hl), "", "20", "1")
        yield organization_name("PR", payer.name, "PI", payer.payer_id)
        yield segment("HL", str(receiver_hl), str(payer_hl), "21", "1")
        yield organization_name("41", sub.name, "46", sub.identifier)
        for provider, inquiries in _grouped(payer_inquiries, "provider").items():
            assert isinstance(provider, Provider)
            hl += 1
            provider_hl = hl
            yield segment("HL", str(provider_hl), str(receiver_hl), "19", "1")
            yield segment(
                "NM1",
                "1P",
                "2" if provider.is_organization else "1",
                clean(provider.last_name, "provider"),
                clean(provider.first_name, "provider first name"),
                "",
                "",
                "",
                "XX",
                clean(provider.npi, "NPI"),
            )
            for inquiry in inquiries:
                hl = yield from _inquiry(inquiry, hl, provider_hl)


def _grouped(inquiries: Iterable[ClaimStatusInquiry], by: str) -> dict[object, list[ClaimStatusInquiry]]:
    groups: dict[object, list[ClaimStatusInquiry]] = {}
    for inquiry in inquiries:
        groups.setdefault(getattr(inquiry, by), []).append(inquiry)
    return groups


def _inquiry(inquiry: ClaimStatusInquiry, hl: int, provider_hl: int) -> Generator[str, None, int]:
    sub, patient = inquiry.subscriber, inquiry.patient
    hl += 1
    yield segment("HL", str(hl), str(provider_hl), "22", "0" if patient is None else "1")
    if patient is None:
        if sub.birth_date is not None:
            yield segment("DMG", "D8", format_d8(sub.birth_date), sub.gender)
        yield person_name("IL", sub, with_id=True)
        yield from _claim(inquiry)
        return hl
    yield person_name("IL", sub, with_id=True)
    hl += 1
    yield segment("HL", str(hl), str(hl - 1), "23")
    yield segment("DMG", "D8", format_d8(patient.birth_date), patient.gender)
    yield person_name("QC", patient, with_id=False)
    yield from _claim(inquiry)
    return hl


def _claim(inquiry: ClaimStatusInquiry) -> Iterator[str]:
    yield segment("TRN", "1", clean(inquiry.trace_number, "trace number"))
    # TR3 order in 2200D: REF*1K, REF*BLT, REF*EJ
    for qualifier, value in (
        ("1K", inquiry.payer_claim_control_number),
        ("BLT", inquiry.type_of_bill),
        ("EJ", inquiry.patient_control_number),
    ):
        if value:
            yield segment("REF", qualifier, clean(value, f"REF*{qualifier}"))
    yield segment("AMT", "T3", format_amount(inquiry.total_charge))
    end = inquiry.service_end_date
    if end is not None and end != inquiry.service_date:
        yield segment("DTP", "472", "RD8", format_rd8(inquiry.service_date, end))
    else:
        yield segment("DTP", "472", "D8", format_d8(inquiry.service_date))
