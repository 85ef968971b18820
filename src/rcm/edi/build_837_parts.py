"""Segment renderers shared by the 837P and 837I builders: parties, addresses, COB loops.

Every function returns segment strings (no terminator) for one loop; values that come from the
caller go through `clean` so a stray delimiter is refused instead of corrupting the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rcm.edi.claim_input import (
    SELF,
    BillingProvider,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    Subscriber,
)
from rcm.edi.common import Address, Adjustment
from rcm.edi.x12.values import format_amount, format_d8, format_quantity
from rcm.edi.x12.writer import clean, composite, segment

_MAX_CAS_TRIPLETS = 6


def address(value: Address) -> list[str]:
    """N3 + N4."""
    return [
        segment("N3", clean(value.line1, "address line 1"), clean(value.line2, "address line 2")),
        segment(
            "N4",
            clean(value.city, "city"),
            clean(value.state, "state"),
            clean(value.postal_code, "ZIP"),
            clean(value.country, "country"),
        ),
    ]


def organization_name(code: str, name: str, qualifier: str, identifier: str) -> str:
    """NM1 for an organization identified by `qualifier` (46 ETIN, PI payer id, XX NPI)."""
    return segment(
        "NM1",
        code,
        "2",
        clean(name, f"NM1*{code} name"),
        "",
        "",
        "",
        "",
        qualifier,
        clean(identifier, f"NM1*{code} id"),
    )


def billing_provider(provider: BillingProvider, hl_id: int) -> list[str]:
    """2000A HL + PRV, 2010AA NM1/N3/N4/REF*EI, 2010AB pay-to address."""
    out = [segment("HL", str(hl_id), "", "20", "1")]
    if provider.taxonomy:
        out.append(segment("PRV", "BI", "PXC", clean(provider.taxonomy, "billing taxonomy")))
    entity_type = "1" if provider.is_person else "2"
    out.append(
        segment(
            "NM1",
            "85",
            entity_type,
            clean(provider.name, "billing provider name"),
            clean(provider.first_name, "billing provider first name"),
            "",
            "",
            "",
            "XX",
            clean(provider.npi, "billing NPI"),
        )
    )
    out += address(provider.address)
    out.append(segment("REF", "EI", clean(provider.tax_id, "billing tax id")))
    if provider.pay_to_address is not None:
        out.append(segment("NM1", "87", entity_type))
        out += address(provider.pay_to_address)
    return out


def person_name(entity_code: str, sub: Subscriber | Patient, with_id: bool) -> str:
    member_id = clean(sub.member_id, "member id") if with_id and isinstance(sub, Subscriber) else ""
    return segment(
        "NM1",
        entity_code,
        "1",
        clean(sub.last_name, "last name"),
        clean(sub.first_name, "first name"),
        clean(sub.middle_name, "middle name"),
        "",
        clean(sub.suffix, "suffix"),
        "MI" if member_id else "",
        member_id,
    )


def demographics(birth_date: date, gender: str) -> str:
    return segment("DMG", "D8", format_d8(birth_date), gender or "U")


def subscriber(sub: Subscriber, payer: Payer, hl_id: int, parent: int, is_patient: bool) -> list[str]:
    """2000B HL/SBR, 2010BA subscriber (address, DMG only if they are the patient), 2010BB payer."""
    group_name = "" if sub.group_number else sub.group_name  # SBR04 only when SBR03 is empty
    out = [
        segment("HL", str(hl_id), str(parent), "22", "0" if is_patient else "1"),
        segment(
            "SBR",
            sub.payer_responsibility,
            SELF if is_patient else "",
            clean(sub.group_number, "group number"),
            clean(group_name, "group name"),
            sub.insurance_type,
            "",
            "",
            "",
            sub.claim_filing_indicator,
        ),
        person_name("IL", sub, with_id=True),
    ]
    if is_patient:
        if sub.address is not None:
            out += address(sub.address)
        if sub.birth_date is not None:
            out.append(demographics(sub.birth_date, sub.gender))
    return out + payer_name(payer)


def payer_name(payer: Payer) -> list[str]:
    out = [
        segment(
            "NM1",
            "PR",
            "2",
            clean(payer.name, "payer name"),
            "",
            "",
            "",
            "",
            "PI",
            clean(payer.payer_id, "payer id"),
        )
    ]
    return out + (address(payer.address) if payer.address is not None else [])


def patient(pat: Patient, hl_id: int, parent: int) -> list[str]:
    """2000C HL/PAT and 2010CA patient name, address, demographics."""
    return [
        segment("HL", str(hl_id), str(parent), "23", "0"),
        segment("PAT", pat.relationship),
        person_name("QC", pat, with_id=False),
        *address(pat.address),
        demographics(pat.birth_date, pat.gender),
    ]


def provider_name(entity_code: str, provider: Provider, specialty_code: str = "") -> list[str]:
    """2310x NM1 (+ PRV with taxonomy when `specialty_code` is PE or AT)."""
    entity_type = "2" if provider.is_organization else "1"
    out = [
        segment(
            "NM1",
            entity_code,
            entity_type,
            clean(provider.last_name, "provider name"),
            clean(provider.first_name, "provider first name"),
            "",
            "",
            "",
            "XX",
            clean(provider.npi, "provider NPI"),
        )
    ]
    if specialty_code and provider.taxonomy:
        out.append(segment("PRV", specialty_code, "PXC", clean(provider.taxonomy, "provider taxonomy")))
    return out


def service_facility(facility: ServiceFacility) -> list[str]:
    return [
        segment(
            "NM1",
            "77",
            "2",
            clean(facility.name, "facility name"),
            "",
            "",
            "",
            "",
            "XX",
            clean(facility.npi, "facility NPI"),
        ),
        *address(facility.address),
    ]


def adjustments(items: Iterable[Adjustment]) -> list[str]:
    """CAS segments: one per group code, up to 6 (reason, amount, quantity) triplets each."""
    by_group: dict[str, list[Adjustment]] = {}
    for item in items:
        by_group.setdefault(item.group, []).append(item)
    out = []
    for group, triplets in by_group.items():
        for start in range(0, len(triplets), _MAX_CAS_TRIPLETS):
            elements = ["CAS", group]
            for adj in triplets[start : start + _MAX_CAS_TRIPLETS]:
                quantity = format_quantity(adj.quantity) if adj.quantity is not None else ""
                elements += [adj.reason, format_amount(adj.amount), quantity]
            out.append(segment(*elements))
    return out


def other_payer(other: OtherPayer, amount_order: tuple[str, str]) -> list[str]:
    """2320 SBR/CAS/AMT/OI, 2330A other subscriber, 2330B other payer (+ DTP*573)."""
    sub = other.subscriber
    out = [
        segment(
            "SBR",
            other.responsibility,
            other.relationship,
            clean(sub.group_number, "group number"),
            "" if sub.group_number else clean(sub.group_name, "group name"),
            "",
            "",
            "",
            "",
            sub.claim_filing_indicator,
        )
    ]
    out += adjustments(other.adjustments)
    amounts = {"D": other.paid_amount, "EAF": other.remaining_patient_liability}
    for qualifier in amount_order:
        value = amounts[qualifier]
        if value is not None:
            out.append(segment("AMT", qualifier, format_amount(value)))
    out.append(segment("OI", "", "", other.benefits_assignment, "", "", other.release_of_information))
    out.append(person_name("IL", sub, with_id=True))
    if sub.address is not None:
        out += address(sub.address)
    out += payer_name(other.payer)
    if other.adjudication_date is not None:
        out.append(segment("DTP", "573", "D8", format_d8(other.adjudication_date)))
    return out


def line_adjudication(adj: LineAdjudication, institutional: bool) -> list[str]:
    """2430 SVD/CAS/DTP*573/AMT*EAF; the 837I carries the revenue code in SVD04."""
    procedure = composite(
        adj.procedure_qualifier,
        clean(adj.procedure_code, "procedure code"),
        *(clean(m, "modifier") for m in adj.modifiers),
    )
    out = [
        segment(
            "SVD",
            clean(adj.payer_id, "payer id"),
            format_amount(adj.paid_amount),
            procedure,
            clean(adj.revenue_code, "revenue code") if institutional else "",
            format_quantity(adj.paid_units),
        )
    ]
    out += adjustments(adj.adjustments)
    out.append(segment("DTP", "573", "D8", format_d8(adj.adjudication_date)))
    if adj.remaining_patient_liability is not None:
        out.append(segment("AMT", "EAF", format_amount(adj.remaining_patient_liability)))
    return out
