"""The inputs behind tests/data/x12_golden/: each function returns the X12 text of one golden file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from rcm.edi import (
    Adjustment,
    ClaimAck,
    ClaimStatusInquiry,
    ClaimStatusRequest,
    ClaimType,
    Entity,
    Payer,
    Procedure,
    Provider,
    StatusCode,
    Subscriber,
    build_276,
    build_277ca,
    build_835,
    build_837,
    build_999,
    claim_ack_tree,
)
from rcm.edi.acknowledgment import ElementError, FunctionalGroupAck, SegmentError, TransactionSetAck
from rcm.edi.common import Address, Contact, Reference
from rcm.edi.examples import SUBMITTER, envelope, example_batch
from rcm.edi.remittance import (
    ClaimPayment,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
)
from rcm.edi.remittance import ServicePayment as Svc


def claims_837p_primary() -> str:
    return build_837(example_batch(8), envelope(1))


def claims_837p_secondary() -> str:
    return build_837(example_batch(4, cob_levels=1), envelope(2))


def claims_837p_tertiary() -> str:
    return build_837(example_batch(4, cob_levels=2), envelope(3))


def claims_837i_primary() -> str:
    return build_837(example_batch(4, ClaimType.institutional), envelope(4))


def claims_837i_secondary() -> str:
    return build_837(example_batch(4, ClaimType.institutional, cob_levels=1), envelope(5))


def status_request_276() -> str:
    provider = Provider("1234567893", "SAMPLE FAMILY CLINIC", is_organization=True)
    payer = Payer("ACME HEALTH PLAN", "ACME01")
    inquiry = ClaimStatusInquiry(
        "TRACE0001",
        "PCN0000001",
        Decimal("200"),
        date(2026, 11, 2),
        Subscriber("W000000001", "DOE", "JANE", birth_date=date(1980, 1, 1), gender="F"),
        payer,
        provider,
        payer_claim_control_number="ICN0001",
    )
    return build_276(ClaimStatusRequest(SUBMITTER, (inquiry,)), envelope(6))


def ack_999_partial() -> str:
    rejected = TransactionSetAck(
        "837",
        "0002",
        "R",
        "005010X222A1",
        ["5"],
        [
            SegmentError(
                "NM1",
                14,
                "8",
                "",
                [("CLM01:PCN0000002",)],
                [ElementError(9, "7", data_element_reference="67", bad_value="W0")],
            ),
        ],
    )
    accepted = TransactionSetAck("837", "0001", "A", "005010X222A1")
    ack = FunctionalGroupAck("HC", "17", "005010X222A1", "P", 2, 2, 1, [accepted, rejected])
    return build_999(ack, envelope(7))


def ack_277ca() -> str:
    provider = Entity("85", "2", "SAMPLE FAMILY CLINIC", id_qualifier="XX", identifier="1234567893")
    acks = [
        ClaimAck(
            "PCN0000001",
            Decimal("200"),
            date(2026, 11, 2),
            Entity("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="W000000001"),
            provider,
            StatusCode("A2", "20", "PR"),
            payer_claim_control_number="ICN0001",
        ),
        ClaimAck(
            "PCN0000002",
            Decimal("120"),
            date(2026, 11, 2),
            Entity("QC", "1", "ROE", "RICK", id_qualifier="MI", identifier="W000000002"),
            provider,
            StatusCode("A7", "164", "IL"),
        ),
    ]
    response = claim_ack_tree(
        Entity("PR", "2", "ACME HEALTH PLAN", id_qualifier="PI", identifier="ACME01"),
        Entity("41", "2", "SAMPLE BILLING SERVICE", id_qualifier="46", identifier="SUBMITTER01"),
        acks,
        day=date(2026, 11, 24),
        batch_trace="BATCH0008",
        reference_id="0008",
    )
    return build_277ca(response, envelope(8))


def remittance_835() -> str:
    payment = PaymentInfo(
        "I",
        Decimal("98.50"),
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
    header = RemittanceHeader(
        payment,
        "EFT0009",
        "1512345678",
        production_date=date(2026, 11, 28),
        payer=Party("PR", "ACME HEALTH PLAN", address=Address("PO BOX 100", "COLUMBUS", "OH", "43215")),
        payee=Party("PE", "SAMPLE FAMILY CLINIC", "XX", "1234567893"),
    )
    header.payer.contacts.append(Contact("BL", "EDI", (("TE", "8005551212"),)))
    paid = _claim("PCN0000001", "1", "200", "120", "30", [("CO", "45", "50"), ("PR", "2", "30")])
    reversal = _claim("PCN0000003", "22", "-150", "-100", "-20", [("CO", "45", "-30"), ("PR", "1", "-20")])
    corrected = _claim("PCN0000003", "1", "150", "90", "20", [("CO", "45", "40"), ("PR", "1", "20")])
    denied = _claim("PCN0000004", "4", "80", "0", "0", [("CO", "197", "80")])
    plb = [
        ProviderAdjustment("1234567893", date(2026, 12, 31), "WO", "RECOUP01", Decimal("15")),
        ProviderAdjustment("1234567893", date(2026, 12, 31), "L6", "", Decimal("-3.50")),
    ]
    return build_835(Remittance(header, [paid, reversal, corrected, denied], plb), envelope(9))


def _claim(
    pcn: str, status: str, charge: str, paid: str, patient: str, cas: list[tuple[str, str, str]]
) -> ClaimPayment:
    claim = ClaimPayment(pcn, status, Decimal(charge), Decimal(paid), Decimal(patient), "12", f"ICN-{pcn}")
    claim.patient = Entity("QC", "1", "DOE", "JANE", id_qualifier="MI", identifier="W000000001")
    service = Svc(
        Procedure("99213", "HC", ("25",)),
        Decimal(charge),
        Decimal(paid),
        units_paid=Decimal(1),
        service_date=date(2026, 11, 2),
    )
    service.adjustments = [Adjustment(g, r, Decimal(a)) for g, r, a in cas]
    service.references.append(Reference("6R", f"{pcn}L1"))
    if status == "4":
        service.remark_codes.append("N290")
    claim.services.append(service)
    return claim


GOLDEN: dict[str, Callable[[], str]] = {
    "837p_primary.x12": claims_837p_primary,
    "837p_secondary_cob.x12": claims_837p_secondary,
    "837p_tertiary_cob.x12": claims_837p_tertiary,
    "837i_primary.x12": claims_837i_primary,
    "837i_secondary_cob.x12": claims_837i_secondary,
    "276_claim_status.x12": status_request_276,
    "999_partially_accepted.x12": ack_999_partial,
    "277ca_accept_and_reject.x12": ack_277ca,
    "835_payment_reversal_denial_plb.x12": remittance_835,
}
