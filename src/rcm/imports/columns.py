"""The claim import format: canonical fields and the many headers billing systems give them.

A header matches after lower-casing and dropping everything but letters and digits, so
`Claim ID`, `ClaimID`, `claim_id` and `CLAIM-ID` are one header. Pure: no session, no settings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from rcm.errors import InvalidInput


class ImportField(StrEnum):
    external_claim_id = "external_claim_id"
    patient_control_number = "patient_control_number"
    patient_account = "patient_account"
    patient_name = "patient_name"
    patient_first_name = "patient_first_name"
    patient_last_name = "patient_last_name"
    birth_date = "birth_date"
    gender = "gender"
    payer_name = "payer_name"
    payer_code = "payer_code"
    member_id = "member_id"
    rendering_npi = "rendering_npi"
    rendering_name = "rendering_name"
    billing_npi = "billing_npi"
    billing_name = "billing_name"
    billing_tax_id = "billing_tax_id"
    service_from = "service_from"
    service_to = "service_to"
    procedure_codes = "procedure_codes"
    diagnosis_codes = "diagnosis_codes"
    place_of_service = "place_of_service"
    charge = "charge"
    paid = "paid"
    adjustment = "adjustment"
    patient_responsibility = "patient_responsibility"
    balance = "balance"
    status = "status"
    submitted_on = "submitted_on"
    last_payment_on = "last_payment_on"
    aging_days = "aging_days"


F = ImportField

# Normalized header (see `normalize_header`) -> field. The first alias is the one exports write.
ALIASES: dict[ImportField, tuple[str, ...]] = {
    F.external_claim_id: (
        "Claim ID", "ClaimNo", "Claim Number", "Claim Num", "Claim", "External Claim ID",
        "Source Claim ID", "Invoice Number", "Invoice ID", "Ticket Number",
    ),
    F.patient_control_number: ("Patient Control Number", "PCN", "CLM01", "Control Number"),
    F.patient_account: (
        "Patient Account", "Patient Account Number", "Account Number", "Account No", "Acct No", "Account",
        "Acct", "Patient ID", "MRN", "Patient Acct", "Chart Number",
    ),
    F.patient_name: ("Patient Name", "Patient"),
    F.patient_first_name: ("Patient First Name", "First Name", "Patient First", "FName"),
    F.patient_last_name: ("Patient Last Name", "Last Name", "Patient Last", "LName", "Surname"),
    F.birth_date: ("Date of Birth", "DOB", "Birth Date", "Patient DOB", "Birthday"),
    F.gender: ("Gender", "Sex", "Patient Gender", "Patient Sex"),
    F.payer_name: (
        "Payer Name", "Payer", "Insurance", "Insurance Name", "Carrier", "Insurance Company",
        "Primary Insurance", "Payor", "Payor Name", "Primary Payer", "Plan",
    ),
    F.payer_code: (
        "Payer ID", "Payor ID", "Payer Code", "Insurance ID", "Carrier ID", "Clearinghouse Payer ID",
    ),
    F.member_id: (
        "Member ID", "Subscriber ID", "Policy Number", "Policy ID", "Insured ID", "Member No", "Policy No",
    ),
    F.rendering_npi: (
        "Rendering NPI", "Rendering Provider NPI", "Provider NPI", "NPI", "Render NPI", "Doctor NPI",
        "Attending NPI",
    ),
    F.rendering_name: (
        "Rendering Provider", "Rendering Provider Name", "Provider", "Provider Name", "Doctor",
    ),
    F.billing_npi: ("Billing NPI", "Billing Provider NPI", "Group NPI", "Practice NPI"),
    F.billing_name: ("Billing Provider", "Billing Provider Name", "Practice", "Practice Name"),
    F.billing_tax_id: ("Billing Tax ID", "Tax ID", "TIN", "EIN", "Federal Tax ID"),
    F.service_from: (
        "Service Date From", "DOS", "Date of Service", "Service Date", "Service From", "DOS From",
        "From Date", "Start Date", "From DOS",
    ),
    F.service_to: (
        "Service Date To", "DOS To", "Service To", "To Date", "Thru Date", "Through Date", "To DOS",
    ),
    F.procedure_codes: (
        "Procedure Codes", "CPT", "CPT Code", "CPT Codes", "Procedure", "Procedure Code", "HCPCS",
        "CPT/HCPCS", "Codes", "Proc Code", "Proc Codes",
    ),
    F.diagnosis_codes: (
        "Diagnosis Codes", "DX", "Diagnosis", "Diagnosis Code", "ICD", "ICD10", "ICD-10", "ICD10 Codes",
        "DX Codes", "ICD Codes",
    ),
    F.place_of_service: ("Place of Service", "POS", "POS Code"),
    F.charge: (
        "Charge", "Charges", "Billed", "Billed Amount", "Charge Amount", "Total Charge", "Total Charges",
        "Amount Billed", "Billed Charges", "Claim Amount", "Claim Charge", "Gross Charge",
    ),
    F.paid: (
        "Paid", "Paid Amount", "Amount Paid", "Insurance Paid", "Payments", "Payment", "Total Paid",
        "Insurance Payment", "Payer Paid", "Ins Paid",
    ),
    F.adjustment: (
        "Adjustment", "Adjustments", "Adj", "Contractual Adjustment", "Contractual", "Write Down",
        "Adjustment Amount", "Total Adjustment",
    ),
    F.patient_responsibility: (
        "Patient Responsibility", "Patient Resp", "Pt Resp", "Patient Portion", "Patient Share",
        "Patient Amount", "PR",
    ),
    F.balance: (
        "Balance", "Open Balance", "Outstanding", "Outstanding Balance", "Insurance Balance", "AR Balance",
        "Remaining Balance", "Balance Due", "Amount Due", "Current Balance",
    ),
    F.status: ("Status", "Claim Status", "Current Status", "AR Status"),
    F.submitted_on: (
        "Submission Date", "Submitted Date", "Date Submitted", "Billed Date", "Date Billed", "Submit Date",
        "Last Billed Date", "Filed Date",
    ),
    F.last_payment_on: ("Last Payment Date", "Last Paid Date", "Payment Date", "Paid Date", "Date Paid"),
    F.aging_days: ("Aging Days", "Aging", "Age", "Days Outstanding", "Days in AR", "Age in Days"),
}  # fmt: skip

REQUIRED: tuple[ImportField, ...] = (F.external_claim_id,)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_header(header: str) -> str:
    return _NOT_ALNUM.sub("", header.strip().lstrip("\ufeff").lower())


LOOKUP: dict[str, ImportField] = {
    normalize_header(alias): fld for fld, aliases in ALIASES.items() for alias in (fld.value, *aliases)
}
EXPORT_HEADERS: dict[ImportField, str] = {fld: aliases[0] for fld, aliases in ALIASES.items()}


class UnreadableFile(InvalidInput):
    """The file cannot be imported at all (not text, no header, no claim id column)."""


@dataclass
class HeaderMap:
    """Which column of the file feeds which field; what was ignored and why."""

    headers: list[str]
    positions: dict[ImportField, int] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "columns": {fld.value: self.headers[i] for fld, i in self.positions.items()},
            "ignored_columns": self.unmapped,
            "duplicate_columns": self.duplicates,
        }


def map_headers(headers: list[str]) -> HeaderMap:
    """Map the file's header row; the first column naming a field wins, later ones are reported."""
    mapping = HeaderMap(headers=[h.strip().lstrip("\ufeff") for h in headers])
    for position, header in enumerate(mapping.headers):
        found = LOOKUP.get(normalize_header(header))
        if found is None:
            if header:
                mapping.unmapped.append(header)
        elif found in mapping.positions:
            mapping.duplicates.append(header)
        else:
            mapping.positions[found] = position
    missing = [f for f in REQUIRED if f not in mapping.positions]
    if missing:
        raise UnreadableFile(
            "no claim id column in the header row; name it e.g. 'Claim ID', 'ClaimID' or 'claim_id'",
            headers=mapping.headers[:50],
            accepted=list(ALIASES[F.external_claim_id]),
        )
    return mapping
