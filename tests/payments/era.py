"""Build real 835 files for test claims (through the product's own 835 builder)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from rcm.claims.models import Claim
from rcm.edi import build_835
from rcm.edi.common import Address, Adjustment, Entity, Procedure, Reference
from rcm.edi.remittance import (
    ClaimPayment,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.x12.writer import EnvelopeSpec

Cas = tuple[str, str, int]  # group, CARC, cents


def d(cents: int) -> Decimal:
    return Decimal(cents) / 100


@dataclass
class Line:
    paid: int
    cas: list[Cas] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    code: str | None = None  # None: the claim line's code
    modifiers: tuple[str, ...] | None = None
    control_number: bool = True  # echo REF*6R


@dataclass
class Clp:
    claim: Claim
    lines: list[Line]
    status: str = "1"
    claim_cas: list[Cas] = field(default_factory=list)
    reversal: bool = False
    pcn: str | None = None


def _svc(claim: Claim, index: int, spec: Line, sign: int) -> ServicePayment:
    line = claim.lines[index]
    mods = spec.modifiers if spec.modifiers is not None else tuple(line.modifiers)
    refs = [Reference("6R", line.id.hex)] if spec.control_number else []
    return ServicePayment(
        procedure=Procedure(spec.code or line.procedure_code, "HC", mods),
        charge=d(sign * line.charge_cents),
        paid=d(sign * spec.paid),
        units_paid=line.units,
        service_date=line.service_date,
        adjustments=[Adjustment(g, r, d(sign * c)) for g, r, c in spec.cas],
        references=refs,
        remark_codes=spec.remarks,
    )


def clp(spec: Clp) -> ClaimPayment:
    sign = -1 if spec.reversal else 1
    services = [_svc(spec.claim, i, line, sign) for i, line in enumerate(spec.lines)]
    paid = sum(line.paid for line in spec.lines)
    pr = sum(c for line in spec.lines for g, _, c in line.cas if g == "PR") + sum(
        c for g, _, c in spec.claim_cas if g == "PR"
    )
    return ClaimPayment(
        patient_control_number=spec.pcn or spec.claim.patient_control_number,
        status_code="22" if spec.reversal else spec.status,
        total_charge=d(sign * spec.claim.charge_cents),
        paid=d(sign * paid),
        patient_responsibility=d(sign * pr),
        filing_indicator="CI",
        payer_claim_control_number="PCCN" + spec.claim.patient_control_number,
        adjustments=[Adjustment(g, r, d(sign * c)) for g, r, c in spec.claim_cas],
        patient=Entity("QC", "1", "DOE", "PAT"),
        services=services,
    )


def era(
    clps: list[Clp],
    *,
    trace: str = "TRACE0001",
    payer_code: str | None = None,
    plb: list[tuple[str, int]] | None = None,
    paid_on: date = date(2026, 11, 18),
) -> bytes:
    claims = [clp(spec) for spec in clps]
    adjustments = [
        ProviderAdjustment("1234567893", date(2026, 12, 31), reason, "REF1", d(amount))
        for reason, amount in plb or []
    ]
    total = sum((c.paid for c in claims), Decimal(0)) - sum((p.amount for p in adjustments), Decimal(0))
    payer = Party(
        "PR", "TEST PAYER", "XV", payer_code or "", Address("1 PAYER WAY", "COLUMBUS", "OH", "43215")
    )
    header = RemittanceHeader(
        payment=PaymentInfo(
            "I" if total > 0 else "H",
            abs(total),
            "C" if total >= 0 else "D",
            "ACH" if total > 0 else "NON",
            payment_date=paid_on,
            receiver_account_number="000123456789",
        ),
        trace_number=trace,
        trace_originator="1" + (payer_code or "999999999"),
        payer=payer,
        payee=Party("PE", "RIVERSIDE CLINIC", "XX", "1234567893"),
    )
    envelope = EnvelopeSpec(
        sender_id="PAYER",
        receiver_id="RIVERSIDE",
        interchange_control_number=4242,
        group_control_number=4242,
        transaction_set_control_number=4242,
        created_at=datetime(2026, 11, 18, 8, 0, tzinfo=UTC),
    )
    return build_835(Remittance(header, claims, adjustments), envelope).encode()
