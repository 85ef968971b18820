"""837P (005010X222A1) and 837I (005010X223A2) builders from `claim_input` dataclasses.

Claims are grouped into the HL tree billing provider (20) -> subscriber (22) -> patient (23) by
equality of those parties, keeping first-seen order; HL ids and LX numbers are assigned here and
SE/GE/IEA counts by the envelope writer. Control numbers come from the caller.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator

from rcm.edi import build_837_parts as parts
from rcm.edi.claim_input import (
    BillingProvider,
    Claim,
    ClaimBatch,
    ClaimType,
    Patient,
    Payer,
    ServiceLine,
    Subscriber,
)
from rcm.edi.errors import X12BuildError
from rcm.edi.versions import ADOPTED, TransactionKind
from rcm.edi.x12.values import format_amount, format_d8, format_quantity, format_rd8
from rcm.edi.x12.writer import EnvelopeSpec, clean, composite, interchange, segment

PROFESSIONAL_VERSION = ADOPTED[TransactionKind.claim_professional]
INSTITUTIONAL_VERSION = ADOPTED[TransactionKind.claim_institutional]
_CLAIMS_PER_HL = 100  # loop 2300 repeats at most 100 times under one subscriber/patient HL
_MAX_LINES = {ClaimType.professional: 50, ClaimType.institutional: 999}
_MAX_DIAGNOSES = {ClaimType.professional: 12, ClaimType.institutional: 25}


def build_837(batch: ClaimBatch, envelope: EnvelopeSpec) -> str:
    """The complete 837 interchange text for `batch` (837P or 837I by `batch.claim_type`)."""
    if not batch.claims:
        raise X12BuildError("an 837 batch needs at least one claim")
    institutional = batch.claim_type is ClaimType.institutional
    for claim in batch.claims:
        check_claim(claim, batch.claim_type)
    body = _header(batch, envelope) + list(_detail(batch.claims, institutional))
    version = INSTITUTIONAL_VERSION if institutional else PROFESSIONAL_VERSION
    return interchange(envelope, "HC", version, "837", body)


def build_837p(batch: ClaimBatch, envelope: EnvelopeSpec) -> str:
    if batch.claim_type is not ClaimType.professional:
        raise X12BuildError("build_837p needs a professional claim batch")
    return build_837(batch, envelope)


def build_837i(batch: ClaimBatch, envelope: EnvelopeSpec) -> str:
    if batch.claim_type is not ClaimType.institutional:
        raise X12BuildError("build_837i needs an institutional claim batch")
    return build_837(batch, envelope)


def check_claim(claim: Claim, claim_type: ClaimType) -> None:
    """Structural limits of the implementation guides, refused before any text is built."""
    pcn = claim.patient_control_number
    problems = []
    if claim.claim_type is not claim_type:
        problems.append(f"is {claim.claim_type.value} in a {claim_type.value} batch")
    if not 1 <= len(claim.diagnoses) <= _MAX_DIAGNOSES[claim_type]:
        problems.append(f"has {len(claim.diagnoses)} diagnoses (1 to {_MAX_DIAGNOSES[claim_type]} allowed)")
    if not 1 <= len(claim.lines) <= _MAX_LINES[claim_type]:
        problems.append(f"has {len(claim.lines)} service lines (1 to {_MAX_LINES[claim_type]} allowed)")
    if claim.frequency_code in ("7", "8") and not claim.payer_claim_control_number:
        problems.append(
            "is a replacement/void (frequency 7/8) without the payer claim control number (REF*F8)"
        )
    if claim_type is ClaimType.institutional and len(claim.facility_type_code) != 2:
        problems.append("needs a 2-digit facility type code (type of bill) for CLM05-1")
    if not 1 <= len(pcn) <= 38:
        problems.append("needs a patient control number of 1 to 38 characters")
    for number, line in enumerate(claim.lines, 1):
        problems += _line_problems(number, line, len(claim.diagnoses), claim_type)
    if problems:
        raise X12BuildError(f"claim {pcn!r} " + "; ".join(problems), patient_control_number=pcn)


def _line_problems(number: int, line: ServiceLine, diagnosis_count: int, claim_type: ClaimType) -> list[str]:
    problems = []
    if len(line.modifiers) > 4:
        problems.append(f"line {number} has {len(line.modifiers)} modifiers (at most 4)")
    if claim_type is ClaimType.institutional:
        if not line.revenue_code:
            problems.append(f"line {number} needs a revenue code (SV201)")
        return problems  # SV2 carries no diagnosis pointers
    if not 1 <= len(line.diagnosis_pointers) <= 4 or any(
        not 1 <= p <= diagnosis_count for p in line.diagnosis_pointers
    ):
        problems.append(
            f"line {number} diagnosis pointers {line.diagnosis_pointers} must be 1-4 of 1..{diagnosis_count}"
        )
    return problems


def _header(batch: ClaimBatch, envelope: EnvelopeSpec) -> list[str]:
    at = envelope.created_at
    sub, rec = batch.submitter, batch.receiver
    contact = ["TE", clean(sub.phone, "submitter phone")]
    if sub.email:
        contact += ["EM", clean(sub.email, "submitter email")]
    reference = clean(batch.reference_id or envelope.st02, "reference id")
    return [
        segment(
            "BHT", "0019", "00", reference, at.strftime("%Y%m%d"), at.strftime("%H%M"), batch.transaction_type
        ),
        parts.organization_name("41", sub.name, "46", sub.identifier),
        segment("PER", "IC", clean(sub.contact_name, "submitter contact"), *contact),
        parts.organization_name("40", rec.name, "46", rec.identifier),
    ]


def _grouped(claims: tuple[Claim, ...] | list[Claim], key: str) -> dict[object, list[Claim]]:
    groups: dict[object, list[Claim]] = {}
    for claim in claims:
        if key == "provider":
            group_key: object = claim.billing_provider
        elif key == "subscriber":
            group_key = (claim.subscriber, claim.payer, claim.patient is None)
        else:
            group_key = claim.patient
        groups.setdefault(group_key, []).append(claim)
    return groups


def _detail(claims: tuple[Claim, ...], institutional: bool) -> Iterator[str]:
    hl = 0
    for provider, provider_claims in _grouped(claims, "provider").items():
        assert isinstance(provider, BillingProvider)
        hl += 1
        provider_hl = hl
        yield from parts.billing_provider(provider, provider_hl)
        for key, subscriber_claims in _grouped(provider_claims, "subscriber").items():
            subscriber, payer, is_patient = _subscriber_key(key)
            for chunk in _chunks(subscriber_claims):
                hl += 1
                yield from parts.subscriber(subscriber, payer, hl, provider_hl, is_patient)
                if is_patient:
                    yield from _claims(chunk, institutional)
                    continue
                hl = yield from _patients(chunk, hl, institutional)


def _subscriber_key(key: object) -> tuple[Subscriber, Payer, bool]:
    assert isinstance(key, tuple)
    return key[0], key[1], key[2]


def _patients(claims: list[Claim], subscriber_hl: int, institutional: bool) -> Generator[str, None, int]:
    hl = subscriber_hl
    for patient, patient_claims in _grouped(claims, "patient").items():
        assert isinstance(patient, Patient)
        hl += 1
        yield from parts.patient(patient, hl, subscriber_hl)
        yield from _claims(patient_claims, institutional)
    return hl


def _chunks(claims: list[Claim]) -> Iterator[list[Claim]]:
    for start in range(0, len(claims), _CLAIMS_PER_HL):
        yield claims[start : start + _CLAIMS_PER_HL]


def _claims(claims: list[Claim], institutional: bool) -> Iterator[str]:
    for claim in claims:
        if institutional:
            yield from _institutional_claim(claim)
        else:
            yield from _professional_claim(claim)


def _professional_claim(claim: Claim) -> list[str]:
    """2300 CLM/REF/HI, 2310A/B/C providers, 2320/2330 other payers, 2400 lines."""
    out = [
        segment(
            "CLM",
            clean(claim.patient_control_number, "patient control number"),
            format_amount(claim.total_charge),
            "",
            "",
            composite(claim.place_of_service, "B", claim.frequency_code),
            "Y" if claim.provider_signature else "N",
            claim.assignment,
            claim.benefits_assignment,
            claim.release_of_information,
        ),
        *_claim_references(claim),
        segment(
            "HI", *(composite("ABK" if i == 0 else "ABF", _icd(dx)) for i, dx in enumerate(claim.diagnoses))
        ),
    ]
    if claim.referring_provider is not None:
        out += parts.provider_name("DN", claim.referring_provider)
    if claim.rendering_provider is not None:
        out += parts.provider_name("82", claim.rendering_provider, "PE")
    if claim.service_facility is not None:
        out += parts.service_facility(claim.service_facility)
    for other in claim.other_payers:
        out += parts.other_payer(other, ("D", "EAF"))
    for number, line in enumerate(claim.lines, 1):
        out += _professional_line(number, line, claim.place_of_service)
    return out


def _professional_line(number: int, line: ServiceLine, claim_pos: str) -> list[str]:
    procedure = composite(
        line.procedure_qualifier,
        clean(line.procedure_code, "procedure code"),
        *(clean(m, "modifier") for m in line.modifiers),
    )
    pos = line.place_of_service if line.place_of_service and line.place_of_service != claim_pos else ""
    pointers = composite(*(str(p) for p in line.diagnosis_pointers))
    out = [
        segment("LX", str(number)),
        segment(
            "SV1",
            procedure,
            format_amount(line.charge),
            line.unit_basis,
            format_quantity(line.units),
            pos,
            "",
            pointers,
        ),
        _service_date(line),
    ]
    return out + _line_tail(line, institutional=False)


def _institutional_claim(claim: Claim) -> list[str]:
    """2300 CLM/DTP/CL1/REF/HI, 2310A/D/E/F providers, 2320/2330, 2400 lines (SV2)."""
    start = claim.statement_from or min(line.service_date for line in claim.lines)
    end = claim.statement_to or max(line.service_end_date or line.service_date for line in claim.lines)
    out = [
        segment(
            "CLM",
            clean(claim.patient_control_number, "patient control number"),
            format_amount(claim.total_charge),
            "",
            "",
            composite(claim.facility_type_code, "A", claim.frequency_code),
            "",
            claim.assignment,
            claim.benefits_assignment,
            claim.release_of_information,
        ),
        segment("DTP", "434", "RD8", format_rd8(start, end)),
    ]
    if claim.admission_date is not None:
        qualifier = "DT" if claim.admission_hour else "D8"
        out.append(segment("DTP", "435", qualifier, format_d8(claim.admission_date) + claim.admission_hour))
    out.append(segment("CL1", claim.admission_type, claim.admission_source, claim.patient_status or "01"))
    out += _claim_references(claim)
    out += _institutional_diagnoses(claim)
    out += _institutional_providers(claim)
    for other in claim.other_payers:
        out += parts.other_payer(other, ("D", "EAF"))
    for number, line in enumerate(claim.lines, 1):
        out += _institutional_line(number, line)
    return out


def _institutional_diagnoses(claim: Claim) -> list[str]:
    out = [segment("HI", composite("ABK", _icd(claim.diagnoses[0])))]
    if claim.admitting_diagnosis:
        out.append(segment("HI", composite("ABJ", _icd(claim.admitting_diagnosis))))
    others = claim.diagnoses[1:]
    for start in range(0, len(others), 12):
        out.append(segment("HI", *(composite("ABF", _icd(dx)) for dx in others[start : start + 12])))
    return out


def _institutional_providers(claim: Claim) -> list[str]:
    out: list[str] = []
    if claim.attending_provider is not None:
        out += parts.provider_name("71", claim.attending_provider, "AT")
    if claim.rendering_provider is not None:
        out += parts.provider_name("82", claim.rendering_provider)
    if claim.service_facility is not None:
        out += parts.service_facility(claim.service_facility)
    if claim.referring_provider is not None:
        out += parts.provider_name("DN", claim.referring_provider)
    return out


def _institutional_line(number: int, line: ServiceLine) -> list[str]:
    procedure = ""
    if line.procedure_code:
        procedure = composite(
            line.procedure_qualifier,
            clean(line.procedure_code, "procedure code"),
            *(clean(m, "modifier") for m in line.modifiers),
        )
    out = [
        segment("LX", str(number)),
        segment(
            "SV2",
            clean(line.revenue_code, "revenue code"),
            procedure,
            format_amount(line.charge),
            line.unit_basis,
            format_quantity(line.units),
        ),
        _service_date(line),
    ]
    return out + _line_tail(line, institutional=True)


def _line_tail(line: ServiceLine, institutional: bool) -> list[str]:
    out = []
    if line.line_control_number:
        out.append(segment("REF", "6R", clean(line.line_control_number, "line control number")))
    for adjudication in line.adjudications:
        out += parts.line_adjudication(adjudication, institutional)
    return out


def _claim_references(claim: Claim) -> list[str]:
    # TR3 order within 2300: REF*9F, REF*G1, REF*F8
    refs = (
        ("9F", claim.referral_number),
        ("G1", claim.prior_authorization),
        ("F8", claim.payer_claim_control_number),
    )
    return [segment("REF", qualifier, clean(value, f"REF*{qualifier}")) for qualifier, value in refs if value]


def _service_date(line: ServiceLine) -> str:
    end = line.service_end_date
    if end is not None and end != line.service_date:
        return segment("DTP", "472", "RD8", format_rd8(line.service_date, end))
    return segment("DTP", "472", "D8", format_d8(line.service_date))


def _icd(code: str) -> str:
    # ICD-10-CM travels without its period in X12 (J06.9 -> J069)
    return clean(code, "diagnosis code").replace(".", "").upper()
