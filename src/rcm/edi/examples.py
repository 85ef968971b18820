"""Deterministic example builder inputs (no PHI): used by tests, benchmarks, docs and the simulator demo.

`example_claim(i)` varies ids, names, codes and amounts with `i` so large batches look like
real ones (several providers, dependents, modifiers, multi-line claims) without randomness.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from rcm.edi.claim_input import (
    BillingProvider,
    Claim,
    ClaimBatch,
    ClaimType,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from rcm.edi.common import Address, Adjustment, Contact, Entity, MonetaryAmount, Procedure, Reference
from rcm.edi.remittance import (
    ClaimPayment,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.x12.writer import EnvelopeSpec

SERVICE_DATE = date(2026, 11, 2)
ADJUDICATION_DATE = date(2026, 11, 16)
CREATED_AT = datetime(2026, 11, 23, 12, 0)

SUBMITTER = Submitter(
    "SAMPLE BILLING SERVICE", "SUBMITTER01", "BILLING DESK", "5555551212", "edi@example.org"
)
RECEIVER = Receiver("EXAMPLE CLEARINGHOUSE", "RECEIVER01")
PRIMARY_PAYER = Payer("ACME HEALTH PLAN", "ACME01", Address("PO BOX 100", "COLUMBUS", "OH", "43215"))
SECONDARY_PAYER = Payer("BETA MUTUAL", "BETA02")
TERTIARY_PAYER = Payer("GAMMA MEDICAID", "GAMMA03")
PROVIDERS = (
    BillingProvider(
        "SAMPLE FAMILY CLINIC",
        "1234567893",
        "123456789",
        Address("1 MAIN ST", "COLUMBUS", "OH", "432151234"),
        "207Q00000X",
    ),
    BillingProvider(
        "LAKESIDE ORTHOPEDICS",
        "1497758544",
        "987654321",
        Address("200 LAKE DR", "DAYTON", "OH", "454021111", "SUITE 4"),
        "207X00000X",
    ),
)
RENDERING = Provider("1982736450", "SMITH", "JOHN", "207Q00000X")
_PROCEDURES = (("99213", ()), ("85025", ()), ("99214", ("25",)), ("20610", ("RT", "59")), ("71046", ("26",)))
_DIAGNOSES = ("J06.9", "R50.9", "E11.9", "M17.11", "I10", "Z00.00")


def envelope(control_number: int = 1, receiver_id: str = "RECEIVER01") -> EnvelopeSpec:
    return EnvelopeSpec(
        "SUBMITTER01", receiver_id, control_number, control_number, control_number, CREATED_AT
    )


def example_subscriber(i: int, responsibility: str = "P") -> Subscriber:
    return Subscriber(
        f"W{i:09d}",
        "DOE",
        f"JANE{_letters(i)}",
        birth_date=date(1970 + i % 40, 1 + i % 12, 1 + i % 28),
        gender="F" if i % 2 == 0 else "M",
        address=Address(f"{10 + i % 90} ELM ST", "COLUMBUS", "OH", "43215"),
        group_number=f"GRP{i % 7:03d}",
        payer_responsibility=responsibility,
    )


def example_lines(i: int, count: int, institutional: bool = False) -> tuple[ServiceLine, ...]:
    lines = []
    for n in range(count):
        code, modifiers = _PROCEDURES[(i + n) % len(_PROCEDURES)]
        lines.append(
            ServiceLine(
                code,
                Decimal(80 + 40 * ((i + n) % 4)),
                SERVICE_DATE,
                Decimal(1 + (i + n) % 2 if n else 1),
                modifiers,
                diagnosis_pointers=() if institutional else (1, 2) if n % 2 == 0 else (2,),
                line_control_number=f"L{i:07d}{n + 1:02d}",
                revenue_code=("0450", "0300", "0320", "0250", "0636")[(i + n) % 5] if institutional else "",
            )
        )
    return tuple(lines)


def example_claim(i: int, lines: int = 2, claim_type: ClaimType = ClaimType.professional) -> Claim:
    """A primary claim; every fourth one is for a dependent child, every third has a rendering provider."""
    institutional = claim_type is ClaimType.institutional
    service_lines = example_lines(i, lines, institutional)
    subscriber = example_subscriber(i)
    patient = None
    if i % 4 == 3:
        patient = Patient(
            f"KID{_letters(i)}",
            "DOE",
            date(2015, 1 + i % 12, 1 + i % 28),
            "M",
            subscriber.address or Address("1 ELM ST", "COLUMBUS", "OH", "43215"),
            "19",
        )
        # The subscriber's address and DMG are only sent when the subscriber is the patient.
        subscriber = replace(subscriber, birth_date=None, address=None, gender="U")
    claim = Claim(
        f"PCN{i:07d}",
        sum((line.charge for line in service_lines), Decimal(0)),
        _DIAGNOSES[i % 3 :][:3],
        service_lines,
        PROVIDERS[i % len(PROVIDERS)],
        subscriber,
        PRIMARY_PAYER,
        patient,
        claim_type=claim_type,
        rendering_provider=RENDERING if i % 3 == 0 and not institutional else None,
        prior_authorization=f"AUTH{i:05d}" if i % 5 == 0 else "",
    )
    return _institutional(claim) if institutional else claim


def _institutional(claim: Claim) -> Claim:
    facility = ServiceFacility(
        "SAMPLE HOSPITAL", "1234567893", Address("5 CARE WAY", "COLUMBUS", "OH", "43215")
    )
    return replace(
        claim,
        place_of_service="",
        facility_type_code="13",
        patient_status="01",
        admission_type="3",
        admission_source="1",
        statement_from=min(line.service_date for line in claim.lines),
        statement_to=max(line.service_date for line in claim.lines),
        attending_provider=RENDERING,
        service_facility=facility,
    )


def with_prior_payers(claim: Claim, levels: int = 1) -> Claim:
    """The claim re-billed to the next payer: primary (and secondary) adjudication in 2320/2430."""
    payers = (PRIMARY_PAYER, SECONDARY_PAYER, TERTIARY_PAYER)
    others, lines = [], list(claim.lines)
    for level in range(levels):
        payer, responsibility = payers[level], "PST"[level]
        share = Decimal("0.6") if level == 0 else Decimal("0.5")
        adjudications = []
        for n, line in enumerate(lines):
            charge = claim.lines[n].charge
            paid = (charge * share).quantize(Decimal("0.01"))
            adjustments = (
                Adjustment("CO", "45", (charge - paid - Decimal(10)).quantize(Decimal("0.01"))),
                Adjustment("PR", "2", Decimal(10)),
            )
            adjudications.append(
                LineAdjudication(
                    payer.payer_id,
                    paid,
                    line.procedure_code,
                    line.units,
                    ADJUDICATION_DATE + timedelta(days=level),
                    line.modifiers,
                    adjustments,
                    revenue_code=line.revenue_code,
                )
            )
            lines[n] = replace(line, adjudications=(*line.adjudications, adjudications[-1]))
        paid_total = sum((a.paid_amount for a in adjudications), Decimal(0))
        others.append(
            OtherPayer(
                payer,
                _other_subscriber(claim.subscriber, responsibility),
                responsibility,
                relationship="18" if claim.patient is None else "19",
                paid_amount=paid_total,
                remaining_patient_liability=Decimal(10) * len(lines),
            )
        )
    subscriber = replace(claim.subscriber, payer_responsibility="PST"[levels])
    return replace(
        claim, subscriber=subscriber, payer=payers[levels], other_payers=tuple(others), lines=tuple(lines)
    )


def _other_subscriber(subscriber: Subscriber, responsibility: str) -> Subscriber:
    # 2330A carries the other payer's member id and name, not the demographics.
    return Subscriber(
        subscriber.member_id,
        subscriber.last_name,
        subscriber.first_name,
        group_number=subscriber.group_number,
        payer_responsibility=responsibility,
    )


def example_batch(
    count: int, claim_type: ClaimType = ClaimType.professional, cob_levels: int = 0, lines: int = 2
) -> ClaimBatch:
    claims = tuple(example_claim(i, lines, claim_type) for i in range(count))
    if cob_levels:
        claims = tuple(with_prior_payers(c, cob_levels) for c in claims)
    return ClaimBatch(SUBMITTER, RECEIVER, claims, claim_type)


def _letters(i: int) -> str:
    # Names carry letters, not digits, like real names do.
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def example_remittance_claims(count: int) -> Iterator[ClaimPayment]:
    """`count` CLP loops: paid claims, a denial every 50th, a reversal + corrected claim every 20th."""
    produced, i = 0, 0
    while produced < count:
        charge = Decimal(100 + (i % 7) * 20)
        if i % 20 == 19 and produced + 2 <= count:
            yield _paid_claim(i, charge, negate=True)
            produced += 1
        yield _denied_claim(i, charge) if i % 50 == 49 else _paid_claim(i, charge)
        produced += 1
        i += 1


def example_remittance(count: int) -> tuple[RemittanceHeader, list[ProviderAdjustment]]:
    """Header (BPR02 balanced against the claims of `example_remittance_claims(count)`) and PLBs."""
    plb = [
        ProviderAdjustment("1234567893", date(2026, 12, 31), "WO", "RECOUP0001", Decimal("25.00")),
        ProviderAdjustment("1234567893", date(2026, 12, 31), "L6", "", Decimal("-3.50")),
    ]
    total = sum((c.paid for c in example_remittance_claims(count)), Decimal(0)) - sum(p.amount for p in plb)
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
        "1512345678",
        "",
        "01",
        "999988880",
        "DA",
        "98765",
        date(2026, 12, 1),
    )
    payer = Party(
        "PR",
        PRIMARY_PAYER.name,
        address=PRIMARY_PAYER.address,
        contacts=[Contact("BL", "EDI SUPPORT", (("TE", "8005551212"),))],
    )
    header = RemittanceHeader(
        payment,
        "EFT0001",
        "1512345678",
        production_date=date(2026, 11, 28),
        payer=payer,
        payee=Party("PE", PROVIDERS[0].name, "XX", PROVIDERS[0].npi),
    )
    return header, plb


def _paid_claim(i: int, charge: Decimal, negate: bool = False) -> ClaimPayment:
    sign = Decimal(-1) if negate else Decimal(1)
    first = (charge * Decimal("0.6")).quantize(Decimal("0.01"))
    claim = ClaimPayment(
        f"PCN{i:07d}",
        "22" if negate else "1",
        sign * charge,
        sign * charge * Decimal("0.7"),
        sign * charge * Decimal("0.1"),
        "12",
        f"ICN{i:011d}",
        "11",
        "1",
    )
    claim.patient = Entity("QC", "1", "DOE", f"PAT{_letters(i)}", id_qualifier="MI", identifier=f"W{i:09d}")
    claim.statement_from = claim.statement_to = SERVICE_DATE
    for n, (code, line_charge) in enumerate((("99213", first), ("85025", charge - first)), 1):
        paid, pr = line_charge * Decimal("0.7"), line_charge * Decimal("0.1")
        service = ServicePayment(
            Procedure(code), sign * line_charge, sign * paid, units_paid=Decimal(1), service_date=SERVICE_DATE
        )
        service.adjustments = [
            Adjustment("CO", "45", sign * (line_charge - paid - pr)),
            Adjustment("PR", "2", sign * pr),
        ]
        service.references = [Reference("6R", f"L{i:07d}{n:02d}")]
        service.amounts = [MonetaryAmount("B6", sign * (paid + pr))]
        claim.services.append(service)
    return claim


def _denied_claim(i: int, charge: Decimal) -> ClaimPayment:
    claim = ClaimPayment(f"PCN{i:07d}", "4", charge, Decimal(0), Decimal(0), "12", f"ICN{i:011d}", "11", "1")
    claim.patient = Entity("QC", "1", "DOE", f"PAT{_letters(i)}", id_qualifier="MI", identifier=f"W{i:09d}")
    claim.adjustments = [Adjustment("CO", "197", charge)]
    service = ServicePayment(
        Procedure("99213"), charge, Decimal(0), units_paid=Decimal(1), service_date=SERVICE_DATE
    )
    service.remark_codes = ["N54"]
    claim.services.append(service)
    return claim
