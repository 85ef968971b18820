"""Fields an 837 cannot be built without, and their X12 shapes, so a scrubbed claim always builds."""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rcm.scrubbing.context import ClaimContext, ClaimType, FrequencyCode, LineContext
from rcm.scrubbing.findings import Finding, error, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

REQUIRED_FIELD_MISSING = "REQUIRED_FIELD_MISSING"
REQUIRED_FIELD_INVALID = "REQUIRED_FIELD_INVALID"
CLAIM_LINE_COUNT = "CLAIM_LINE_COUNT"
PATIENT_CONTROL_NUMBER_LONG = "PATIENT_CONTROL_NUMBER_LONG"
# CARC 16 "claim lacks information or has submission/billing error(s)" for every missing field
# except the member id, whose absence draws CARC 31 "patient cannot be identified as our insured".
CARC, MEMBER_CARC = "16", "31"
_STATES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME "
    "MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI "
    "SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP AA AE AP"
)
US_STATES = frozenset(_STATES.split())
_ZIP = re.compile(r"^\d{5}(\d{4})?$")
_ZIP9 = re.compile(r"^\d{9}$")
_TAX_ID = re.compile(r"^\d{9}$")
_PO_BOX = re.compile(r"\bP\.?\s*O\.?\s*BOX\b|\bPOST OFFICE BOX\b", re.IGNORECASE)
# 837P and 837D hold 50 service lines (LX01), 837I 999.
MAX_LINES = {ClaimType.PROFESSIONAL: 50, ClaimType.DENTAL: 50, ClaimType.INSTITUTIONAL: 999}
CLM01_MAX, CLM01_PAYER_KEEPS = 38, 20
RESTATING = frozenset({FrequencyCode.REPLACEMENT, FrequencyCode.VOID})
_REVENUE_CODE = re.compile(r"^\d{4}$")
_X12_RESERVED = re.compile(r"[*:^~\r\n]")


def _text_fields(cls: type) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(f.name for f in dataclasses.fields(cls) if hints[f.name] in (str, str | None))


CLAIM_TEXT_FIELDS = _text_fields(ClaimContext)
LINE_TEXT_FIELDS = _text_fields(LineContext)


@dataclass(frozen=True, slots=True)
class FieldRule:
    field: str
    label: str
    shape: Callable[[str], bool] | None = None
    shape_text: str = ""
    carc: str = CARC


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda value: bool(pattern.match(value))


_PAYER = (FieldRule("payer_id", "payer id (2010BB NM109)"), FieldRule("payer_name", "payer name"))
_BILLING = (
    FieldRule("billing_provider_name", "billing provider name"),
    FieldRule(
        "billing_provider_tax_id", "billing provider tax id", _matches(_TAX_ID), "9 digits (EIN or SSN)"
    ),
    FieldRule(
        "billing_provider_address_line1",
        "billing provider street address",
        lambda value: not _PO_BOX.search(value),
        "a street address; 2010AA may not be a PO box",
    ),
    FieldRule("billing_provider_city", "billing provider city"),
    FieldRule(
        "billing_provider_state", "billing provider state", US_STATES.__contains__, "a 2-letter state code"
    ),
    FieldRule(
        "billing_provider_zip", "billing provider ZIP", _matches(_ZIP9), "9 digits (ZIP+4 is required)"
    ),
)
_SUBSCRIBER = (
    FieldRule("subscriber_member_id", "subscriber member id", carc=MEMBER_CARC),
    FieldRule("subscriber_last_name", "subscriber last name"),
    FieldRule("subscriber_first_name", "subscriber first name"),
)
_GENDER = ("M", "F", "U").__contains__


def _person(prefix: str, who: str) -> tuple[FieldRule, ...]:
    return (
        FieldRule(f"{prefix}_address_line1", f"{who} address"),
        FieldRule(f"{prefix}_city", f"{who} city"),
        FieldRule(f"{prefix}_state", f"{who} state", US_STATES.__contains__, "a 2-letter state code"),
        FieldRule(f"{prefix}_zip", f"{who} ZIP", _matches(_ZIP), "5 or 9 digits"),
        FieldRule(f"{prefix}_gender", f"{who} gender", _GENDER, "M, F or U"),
    )


_SUBSCRIBER_AS_PATIENT = _person("subscriber", "subscriber")
_PATIENT = (
    FieldRule("patient_last_name", "patient last name"),
    FieldRule("patient_first_name", "patient first name"),
    *_person("patient", "patient"),
)


def check_required_fields(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings = [finding for rule in _rules_for(claim) if (finding := _check(claim, rule))]
    findings.extend(_birth_dates(claim))
    findings.extend(_lines_and_control_number(claim))
    findings.extend(_corrected_claim(claim))
    if claim.claim_type == ClaimType.INSTITUTIONAL:
        findings.extend(_revenue_codes(claim))
    findings.extend(_x12_delimiters(claim))
    return findings


def _rules_for(claim: ClaimContext) -> Iterator[FieldRule]:
    yield from (*_PAYER, *_BILLING, *_SUBSCRIBER)
    # 2010BA N3/N4/DMG are required when the subscriber is the patient; otherwise 2010CA carries them
    yield from _SUBSCRIBER_AS_PATIENT if claim.patient_is_subscriber else _PATIENT


def _check(claim: ClaimContext, rule: FieldRule) -> Finding | None:
    value = getattr(claim, rule.field)
    if value is None or not str(value).strip():
        return error(
            REQUIRED_FIELD_MISSING,
            f"{rule.label} is missing",
            f"Enter the {rule.label}; the 837 requires it.",
            rule.carc,
            field=rule.field,
        )
    if rule.shape is not None and not rule.shape(str(value).strip()):
        return error(
            REQUIRED_FIELD_INVALID,
            f"{rule.label} '{value}' is not {rule.shape_text}",
            f"Correct the {rule.label}: it must be {rule.shape_text}.",
            rule.carc,
            field=rule.field,
        )
    return None


def _birth_dates(claim: ClaimContext) -> Iterator[Finding]:
    field = "subscriber_birth_date" if claim.patient_is_subscriber else "patient_birth_date"
    birth = getattr(claim, field)
    if birth is None:
        yield error(
            REQUIRED_FIELD_MISSING,
            f"{field.replace('_', ' ')} is missing",
            "Enter the date of birth (DMG02); payers match members on it.",
            CARC,
            field=field,
        )
    elif birth > claim.service_date_from:
        yield error(
            REQUIRED_FIELD_INVALID,
            f"{field.replace('_', ' ')} {birth} is after the date of service",
            "Correct the date of birth or the date of service.",
            CARC,
            field=field,
        )


def _lines_and_control_number(claim: ClaimContext) -> Iterator[Finding]:
    limit = MAX_LINES[ClaimType(claim.claim_type)]
    if not 1 <= claim.line_count <= limit:
        yield error(
            CLAIM_LINE_COUNT,
            f"{claim.line_count} service lines; a {claim.claim_type} claim needs 1 to {limit}",
            "Add the service lines, or split the claim.",
            CARC,
            field="lines",
        )
    if len(claim.claim_id) > CLM01_MAX:
        yield error(
            REQUIRED_FIELD_INVALID,
            f"patient control number is {len(claim.claim_id)} characters; CLM01 holds 38",
            "Use a shorter patient control number.",
            CARC,
            field="claim_id",
        )
    elif len(claim.claim_id) > CLM01_PAYER_KEEPS:
        yield warning(
            PATIENT_CONTROL_NUMBER_LONG,
            f"patient control number has {len(claim.claim_id)} characters; many payers return only 20",
            "Keep patient control numbers to 20 characters so remittances match automatically.",
            None,
            field="claim_id",
        )


def _corrected_claim(claim: ClaimContext) -> Iterator[Finding]:
    if claim.frequency_code in RESTATING and not claim.payer_claim_control_number:
        yield error(
            REQUIRED_FIELD_MISSING,
            f"frequency {claim.frequency_code} claim without the original payer claim control number",
            "Enter the payer claim control number (REF*F8) from the original claim's 835 or 277.",
            CARC,
            field="payer_claim_control_number",
        )


def _revenue_codes(claim: ClaimContext) -> Iterator[Finding]:
    for line in claim.lines:
        if not line.revenue_code or not _REVENUE_CODE.match(line.revenue_code):
            problem = f"'{line.revenue_code}' is not 4 digits" if line.revenue_code else "is missing"
            yield error(
                REQUIRED_FIELD_INVALID if line.revenue_code else REQUIRED_FIELD_MISSING,
                f"line {line.line_number} revenue code {problem}",
                "Enter the UB-04 revenue code with its leading zero (SV201, e.g. 0450).",
                CARC,
                line_number=line.line_number,
                field="revenue_code",
            )


def _x12_delimiters(claim: ClaimContext) -> Iterator[Finding]:
    values: list[tuple[str, str | None, int | None]] = [
        (name, getattr(claim, name), None) for name in CLAIM_TEXT_FIELDS
    ]
    values += [
        (name, getattr(line, name), line.line_number) for line in claim.lines for name in LINE_TEXT_FIELDS
    ]
    values += [("modifiers", m, line.line_number) for line in claim.lines for m in line.modifiers]
    values += [("diagnoses", code, None) for code in claim.diagnoses]
    if not _X12_RESERVED.search("\x00".join(value for _, value, _ in values if value)):
        return
    for name, value, line_number in values:
        if value and _X12_RESERVED.search(value):
            yield error(
                REQUIRED_FIELD_INVALID,
                f"{name.replace('_', ' ')} {value[:40]!r} holds a reserved X12 delimiter "
                "(* : ^ ~ or line break)",
                "Remove the character; the 837 cannot carry it.",
                CARC,
                line_number=line_number,
                field=name,
            )


EDIT = BuiltinEdit(
    "required_fields",
    (REQUIRED_FIELD_MISSING, REQUIRED_FIELD_INVALID, CLAIM_LINE_COUNT, PATIENT_CONTROL_NUMBER_LONG),
    check_required_fields,
)
