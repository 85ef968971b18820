"""835 (005010X221A1) remittance model: what the parser returns and what the 835 builder takes.

Amounts are `Decimal` as sent: a reversal (CLP02=22) carries negative CLP03/04/05, SVC and CAS
amounts, and its corrected claim follows with the same patient control number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rcm.edi.common import (
    Address,
    Adjustment,
    Contact,
    Entity,
    MonetaryAmount,
    Procedure,
    Quantity,
    Reference,
)

REVERSAL_STATUS = "22"
DENIED_STATUS = "4"


@dataclass(slots=True)
class Party:
    """N1 loop 1000A (payer, N1*PR) or 1000B (payee, N1*PE) with its N3/N4/REF/PER."""

    entity_code: str
    name: str
    id_qualifier: str = ""
    identifier: str = ""
    address: Address | None = None
    references: list[Reference] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


@dataclass(slots=True)
class PaymentInfo:
    """BPR: handling code, amount, credit/debit, method (ACH/CHK/NON/...), bank ids, payment date."""

    handling_code: str
    amount: Decimal
    credit_debit: str
    method: str
    payment_format: str = ""
    sender_dfi_qualifier: str = ""
    sender_dfi_id: str = ""
    sender_account_qualifier: str = ""
    sender_account_number: str = ""
    originating_company_id: str = ""
    originating_company_supplemental: str = ""
    receiver_dfi_qualifier: str = ""
    receiver_dfi_id: str = ""
    receiver_account_qualifier: str = ""
    receiver_account_number: str = ""
    payment_date: date | None = None

    @property
    def signed_amount(self) -> Decimal:
        # BPR03=D: the provider owes the payer (net recoupment)
        return -self.amount if self.credit_debit == "D" else self.amount


@dataclass(slots=True)
class RemittanceHeader:
    """Everything before the first LX: payment, trace (TRN02/TRN03), payer, payee, envelope ids."""

    payment: PaymentInfo
    trace_number: str = ""
    trace_originator: str = ""
    trace_supplemental: str = ""
    currency: str = ""
    receiver_id: str = ""
    production_date: date | None = None
    payer: Party | None = None
    payee: Party | None = None
    references: list[Reference] = field(default_factory=list)
    version: str = "005010X221A1"
    transaction_control_number: str = ""
    group_control_number: str = ""
    interchange_control_number: str = ""
    sender_id: str = ""
    receiver_interchange_id: str = ""


@dataclass(slots=True)
class ServicePayment:
    """SVC loop 2110: adjudicated and submitted procedure, amounts, dates, CAS, REF, AMT, LQ."""

    procedure: Procedure
    charge: Decimal
    paid: Decimal
    revenue_code: str = ""
    units_paid: Decimal | None = None
    original_procedure: Procedure | None = None
    original_units: Decimal | None = None
    service_date: date | None = None
    service_end_date: date | None = None
    adjustments: list[Adjustment] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    amounts: list[MonetaryAmount] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    remark_codes: list[str] = field(default_factory=list)

    @property
    def line_item_control_number(self) -> str | None:
        return next((r.value for r in self.references if r.qualifier == "6R"), None)

    @property
    def allowed_amount(self) -> Decimal | None:
        return next((a.amount for a in self.amounts if a.qualifier == "B6"), None)


@dataclass(slots=True)
class OutpatientAdjudication:
    """MOA: reimbursement rate, HCPCS payable amount, claim remark codes (MOA03-MOA07)."""

    reimbursement_rate: Decimal | None = None
    hcpcs_payable: Decimal | None = None
    remark_codes: list[str] = field(default_factory=list)
    esrd_payment: Decimal | None = None
    nonpayable_professional: Decimal | None = None


@dataclass(slots=True)
class InpatientAdjudication:
    """MIA: covered days, PPS amounts (kept raw by position) and claim remark codes."""

    covered_days: Decimal | None = None
    remark_codes: list[str] = field(default_factory=list)
    elements: tuple[str, ...] = ()


@dataclass(slots=True)
class ClaimPayment:
    """CLP loop 2100 with its service lines; `header` is the remittance it belongs to."""

    patient_control_number: str
    status_code: str
    total_charge: Decimal
    paid: Decimal
    patient_responsibility: Decimal | None = None
    filing_indicator: str = ""
    payer_claim_control_number: str = ""
    facility_type_code: str = ""
    frequency_code: str = ""
    drg_code: str = ""
    drg_weight: Decimal | None = None
    discharge_fraction: Decimal | None = None
    header_number: str = ""
    adjustments: list[Adjustment] = field(default_factory=list)
    patient: Entity | None = None
    insured: Entity | None = None
    corrected_patient: Entity | None = None
    rendering_provider: Entity | None = None
    crossover_carrier: Entity | None = None
    corrected_priority_payer: Entity | None = None
    other_subscriber: Entity | None = None
    inpatient: InpatientAdjudication | None = None
    outpatient: OutpatientAdjudication | None = None
    references: list[Reference] = field(default_factory=list)
    statement_from: date | None = None
    statement_to: date | None = None
    received_date: date | None = None
    coverage_expiration: date | None = None
    amounts: list[MonetaryAmount] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    services: list[ServicePayment] = field(default_factory=list)
    header: RemittanceHeader | None = field(default=None, repr=False, compare=False)

    @property
    def is_reversal(self) -> bool:
        return self.status_code == REVERSAL_STATUS

    @property
    def is_denied(self) -> bool:
        return self.status_code == DENIED_STATUS

    def all_adjustments(self) -> list[Adjustment]:
        """Claim-level then line-level CAS triplets."""
        return [*self.adjustments, *(a for s in self.services for a in s.adjustments)]


@dataclass(frozen=True, slots=True)
class ProviderAdjustment:
    """One PLB pair: reason (WO, L6, FB, ...) and reference from the composite, and the amount.

    A positive amount reduces the payment (recoupment), a negative one increases it (interest).
    """

    provider_id: str
    fiscal_period_date: date | None
    reason: str
    reference: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Balance:
    """BPR02 against sum(CLP04) - sum(PLB); reported, never raised."""

    payment_amount: Decimal
    claims_paid: Decimal
    provider_adjustments: Decimal

    @property
    def expected_payment(self) -> Decimal:
        return self.claims_paid - self.provider_adjustments

    @property
    def difference(self) -> Decimal:
        return self.payment_amount - self.expected_payment

    @property
    def balanced(self) -> bool:
        return self.difference == 0


@dataclass(slots=True)
class RemittanceEnd:
    """Emitted by the stream after the last claim of a transaction set: PLBs and running totals."""

    header: RemittanceHeader
    provider_adjustments: list[ProviderAdjustment]
    claim_count: int
    claims_paid: Decimal

    def balance(self) -> Balance:
        plb = sum((p.amount for p in self.provider_adjustments), Decimal(0))
        return Balance(self.header.payment.signed_amount, self.claims_paid, plb)


@dataclass(slots=True)
class Remittance:
    """A whole 835 transaction set (one ST..SE)."""

    header: RemittanceHeader
    claims: list[ClaimPayment] = field(default_factory=list)
    provider_adjustments: list[ProviderAdjustment] = field(default_factory=list)

    def balance(self) -> Balance:
        paid = sum((c.paid for c in self.claims), Decimal(0))
        plb = sum((p.amount for p in self.provider_adjustments), Decimal(0))
        return Balance(self.header.payment.signed_amount, paid, plb)

    @property
    def reversals(self) -> list[ClaimPayment]:
        return [c for c in self.claims if c.is_reversal]
