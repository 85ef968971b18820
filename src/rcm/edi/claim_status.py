"""277CA claim acknowledgment (005010X214) and 277 claim status (005010X212) model.

Both share one shape: an HL tree (20 information source, 21 information receiver, 19 provider,
22 subscriber, 23 dependent, PT patient) with claim-level loops (TRN*2 = patient control number)
carrying STC status composites category:status:entity. The same dataclasses feed `build_277ca`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rcm.edi.common import Entity, MonetaryAmount, Procedure, Quantity, Reference

# A3 returned as unprocessable, A6 missing, A7 invalid, A8 relational error: the claim was rejected
# at the front door and never reaches adjudication (no 835 will follow).
REJECTION_CATEGORIES = frozenset({"A3", "A6", "A7", "A8"})
ACKNOWLEDGED_CATEGORIES = frozenset({"A1", "A2", "A5"})


@dataclass(slots=True, unsafe_hash=True)
class StatusCode:
    """One STC composite: claim status category (A1..A8, F0..F4, P1..), status code, entity code."""

    category: str
    status: str = ""
    entity: str = ""
    code_list_qualifier: str = ""


@dataclass(slots=True)
class StatusInfo:
    """STC: status composites (STC01, STC10, STC11), dates, action code, amounts, message."""

    code: StatusCode
    effective_date: date | None = None
    action_code: str = ""
    total_charge: Decimal | None = None
    payment_amount: Decimal | None = None
    adjudication_date: date | None = None
    payment_method: str = ""
    check_date: date | None = None
    check_number: str = ""
    additional: list[StatusCode] = field(default_factory=list)
    message: str = ""

    @property
    def codes(self) -> list[StatusCode]:
        return [self.code, *self.additional]

    @property
    def is_rejection(self) -> bool:
        return self.code.category in REJECTION_CATEGORIES


@dataclass(slots=True)
class StatusLevel:
    """One HL level above the claims (payer, receiver, provider, subscriber, patient)."""

    hl_id: str
    parent_id: str
    level_code: str
    entity: Entity | None = None
    trace_number: str = ""
    statuses: list[StatusInfo] = field(default_factory=list)
    received_date: date | None = None
    process_date: date | None = None
    quantities: list[Quantity] = field(default_factory=list)
    amounts: list[MonetaryAmount] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass(slots=True)
class ServiceLineStatus:
    """SVC loop 2220: a service line with its own STC and line item control number (REF*FJ)."""

    procedure: Procedure
    charge: Decimal
    paid: Decimal | None = None
    revenue_code: str = ""
    units: Decimal | None = None
    statuses: list[StatusInfo] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    service_date: date | None = None
    service_end_date: date | None = None

    @property
    def line_item_control_number(self) -> str | None:
        return next((r.value for r in self.references if r.qualifier == "FJ"), None)


@dataclass(slots=True)
class ClaimStatus:
    """Claim-level loop 2200D/2200E and its statuses.

    In a 277CA TRN02 is our CLM01; in a 277 (X212) TRN02 echoes the 276 trace number and the
    patient control number travels in REF*EJ, which then fills `patient_control_number`.
    """

    patient_control_number: str
    statuses: list[StatusInfo] = field(default_factory=list)
    trace_number: str = ""
    hl_id: str = ""
    patient: Entity | None = None
    subscriber: Entity | None = None
    provider: Entity | None = None
    payer: Entity | None = None
    receiver: Entity | None = None
    references: list[Reference] = field(default_factory=list)
    amounts: list[MonetaryAmount] = field(default_factory=list)
    service_date: date | None = None
    service_end_date: date | None = None
    lines: list[ServiceLineStatus] = field(default_factory=list)

    def reference(self, qualifier: str) -> str | None:
        return next((r.value for r in self.references if r.qualifier == qualifier), None)

    @property
    def payer_claim_control_number(self) -> str | None:
        return self.reference("1K")

    @property
    def clearinghouse_trace_number(self) -> str | None:
        return self.reference("D9")

    @property
    def rejected(self) -> bool:
        return any(s.is_rejection for s in self.statuses)

    @property
    def accepted(self) -> bool:
        return bool(self.statuses) and not self.rejected


@dataclass(slots=True)
class ClaimStatusResponse:
    """One 277/277CA transaction set."""

    version: str
    reference_id: str
    created: date | None
    purpose_code: str = "08"
    transaction_type: str = "TH"
    levels: list[StatusLevel] = field(default_factory=list)
    claims: list[ClaimStatus] = field(default_factory=list)
    control_number: str = ""
    interchange_control_number: str = ""

    @property
    def is_claim_ack(self) -> bool:
        return self.version == "005010X214"
