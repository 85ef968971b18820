"""Plain builders for scrubbing tests: a clean professional claim that passes every edit."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.findings import Finding, Severity

TODAY = date(2026, 6, 15)
DOS = date(2026, 6, 1)
BILLING_NPI, RENDERING_NPI, REFERRING_NPI = "1234567893", "1558598797", "1245319599"
MBI = "1EG4TE5MK73"


def make_line(number: int = 1, code: str = "99213", **overrides: Any) -> LineContext:
    values: dict[str, Any] = {
        "line_number": number,
        "procedure_code": code,
        "service_date": DOS,
        "charge_cents": 12500,
        "units": Decimal(1),
        "diagnosis_pointers": (1,),
    }
    values.update(overrides)
    return LineContext(**values)


def make_claim(lines: tuple[LineContext, ...] | None = None, **overrides: Any) -> ClaimContext:
    """A clean commercial professional claim; `total_charge_cents` follows the lines unless given."""
    lines = lines if lines is not None else (make_line(),)
    values: dict[str, Any] = {
        "claim_id": "CLM-0001",
        "claim_type": "professional",
        "payer_id": "60054",
        "payer_name": "Synthetic Health Plan",
        "payer_type": "commercial",
        "service_date_from": min(line.service_date for line in lines) if lines else DOS,
        "service_date_to": max(line.service_date for line in lines) if lines else DOS,
        "today": TODAY,
        "total_charge_cents": sum(line.charge_cents for line in lines),
        "lines": lines,
        "place_of_service": "11",
        "diagnoses": ("E11.9", "I10"),
        "billing_provider_npi": BILLING_NPI,
        "billing_provider_taxonomy": "207Q00000X",
        "billing_provider_tax_id": "123456789",
        "billing_provider_name": "Riverside Family Medicine",
        "billing_provider_address_line1": "100 Main St",
        "billing_provider_city": "Springfield",
        "billing_provider_state": "IL",
        "billing_provider_zip": "627011234",
        "rendering_provider_id": "prov-1",
        "rendering_provider_npi": RENDERING_NPI,
        "subscriber_member_id": "XJH123456789",
        "subscriber_first_name": "Ada",
        "subscriber_last_name": "Lovelace",
        "subscriber_birth_date": date(1958, 3, 14),
        "subscriber_gender": "F",
        "subscriber_address_line1": "12 Elm St",
        "subscriber_city": "Springfield",
        "subscriber_state": "IL",
        "subscriber_zip": "62704",
        "patient_id": "pat-1",
    }
    values.update(overrides)
    return ClaimContext(**values)


def replace_line(claim: ClaimContext, number: int, **changes: Any) -> ClaimContext:
    """The claim with one line changed and the total kept equal to the lines."""
    lines = tuple(
        dataclasses.replace(line, **changes) if line.line_number == number else line for line in claim.lines
    )
    return dataclasses.replace(
        claim, lines=lines, total_charge_cents=sum(line.charge_cents for line in lines)
    )


def ids(findings: list[Finding] | tuple[Finding, ...], severity: Severity | None = None) -> set[str]:
    return {f.rule_id for f in findings if severity is None or f.severity is severity}


def error_ids(findings: list[Finding] | tuple[Finding, ...]) -> set[str]:
    return ids(findings, Severity.ERROR)
