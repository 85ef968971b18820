"""CARC (+ RARC, + payer) -> what a denial is, why it happened, what to do and who does it.

The default layer is the packaged table `codesets/data/carc_denial_category_map.csv` (versioned
by its content hash); generic CARCs are refined by their RARC (CO-16 + MA130 is "unprocessable,
correct and resubmit", not an appeal); an organization may override any row, for all payers or
one payer (`DenialMappingOverride`, versioned). Pure: the overrides are passed in.
"""

from __future__ import annotations

import csv
import hashlib
import uuid
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rcm.payments.models import AdjustmentKind

DATA = Path(__file__).resolve().parents[1] / "codesets" / "data" / "carc_denial_category_map.csv"

ROOT_CAUSE = {
    "AUTHORIZATION": "MissingAuth",
    "CODING": "CodingError",
    "BUNDLING": "BundlingEdit",
    "TIMELY_FILING": "TimelyFiling",
    "ELIGIBILITY": "EligibilityNotVerified",
    "MISSING_INFO": "MissingInformation",
    "DOCUMENTATION": "InsufficientDocumentation",
    "MEDICAL_NECESSITY": "MedicalNecessity",
    "DUPLICATE": "DuplicateSubmission",
    "COB": "CoordinationOfBenefits",
    "NON_COVERED": "NonCoveredService",
    "PROVIDER_ELIGIBILITY": "ProviderEnrollment",
    "NETWORK": "OutOfNetwork",
    "APPEAL_PROCESS": "AppealProcess",
    "APPEAL_OUTCOME": "AppealOutcome",
    "OTHER_NEEDS_RARC": "Unclassified",
    "PATIENT_RESPONSIBILITY": "PatientResponsibility",
    "CONTRACTUAL": "Contractual",
}
# category -> (recommended action, owning team)
ACTION = {
    "AUTHORIZATION": ("appeal", "authorizations"),
    "CODING": ("correct_and_resubmit", "coding"),
    "BUNDLING": ("correct_and_resubmit", "coding"),
    "TIMELY_FILING": ("appeal", "billing"),
    "ELIGIBILITY": ("correct_and_resubmit", "registration"),
    "MISSING_INFO": ("correct_and_resubmit", "billing"),
    "DOCUMENTATION": ("appeal", "clinical_documentation"),
    "MEDICAL_NECESSITY": ("appeal", "clinical_documentation"),
    "DUPLICATE": ("write_off", "billing"),
    "COB": ("bill_other_payer", "registration"),
    "NON_COVERED": ("bill_patient", "patient_billing"),
    "PROVIDER_ELIGIBILITY": ("appeal", "credentialing"),
    "NETWORK": ("appeal", "credentialing"),
    "APPEAL_PROCESS": ("appeal", "appeals"),
    "OTHER_NEEDS_RARC": ("appeal", "billing"),
}
# Generic CARCs refined by their RARC: (carc, rarc) -> (category, root cause, action, team).
RARC_REFINEMENTS: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("16", "MA130"): ("MISSING_INFO", "UnprocessableClaim", "correct_and_resubmit", "billing"),
    ("16", "N290"): ("MISSING_INFO", "MissingProviderIdentifier", "correct_and_resubmit", "billing"),
    ("16", "M51"): ("CODING", "InvalidProcedureCode", "correct_and_resubmit", "coding"),
    ("16", "M76"): ("CODING", "MissingDiagnosis", "correct_and_resubmit", "coding"),
    ("16", "N382"): ("ELIGIBILITY", "InvalidPatientIdentifier", "correct_and_resubmit", "registration"),
    ("16", "MA04"): ("COB", "SecondaryPayerInfoMissing", "correct_and_resubmit", "registration"),
    ("16", "N479"): ("COB", "MissingPrimaryEob", "correct_and_resubmit", "billing"),
    ("16", "M127"): ("DOCUMENTATION", "MissingMedicalRecords", "appeal", "clinical_documentation"),
    ("96", "N130"): ("NON_COVERED", "BenefitLimitReached", "bill_patient", "patient_billing"),
    ("96", "N425"): ("NON_COVERED", "StatutorilyExcluded", "bill_patient", "patient_billing"),
    ("50", "N115"): ("MEDICAL_NECESSITY", "LcdNcdNotMet", "appeal", "clinical_documentation"),
    ("197", "N54"): ("AUTHORIZATION", "AuthorizationMismatch", "correct_and_resubmit", "authorizations"),
    ("252", "N706"): ("DOCUMENTATION", "MissingDocumentation", "appeal", "clinical_documentation"),
}
UNKNOWN_CATEGORY = "OTHER_NEEDS_RARC"


@dataclass(frozen=True, slots=True)
class Classification:
    kind: str  # denial, cost_share, contractual, reduction, informational (the CSV's kinds)
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    version: str


@dataclass(frozen=True, slots=True)
class Override:
    payer_id: uuid.UUID | None
    carc: str
    rarc: str
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    version: int


@lru_cache(maxsize=1)
def default_table() -> tuple[str, dict[str, tuple[str, str]]]:
    """(version, {carc: (category, kind)}) from the packaged CSV."""
    raw = DATA.read_bytes()
    version = "default-" + hashlib.sha256(raw).hexdigest()[:10]
    with DATA.open(newline="") as handle:
        table = {
            row["carc"].strip().upper(): (row["category"], row["kind"]) for row in csv.DictReader(handle)
        }
    return version, table


@lru_cache(maxsize=1)
def _notes() -> dict[str, str]:
    with DATA.open(newline="") as handle:
        return {row["carc"].strip().upper(): row["note_ours"] for row in csv.DictReader(handle)}


def reason_text(group: str, carc: str) -> str:
    """Our own short label for the adjustment (never X12's copyrighted description)."""
    note = _notes().get(carc.strip().upper(), "unlisted reason code; see the payer's remittance advice")
    return f"{group}-{carc}: {note}"[:200]


def _default(carc: str, rarcs: tuple[str, ...]) -> Classification:
    version, table = default_table()
    category, kind = table.get(carc, (UNKNOWN_CATEGORY, "denial"))
    for rarc in rarcs:
        refined = RARC_REFINEMENTS.get((carc, rarc))
        if refined is not None:
            return Classification(kind, refined[0], refined[1], refined[2], refined[3], f"{version}+rarc")
    action, team = ACTION.get(category, ("review", "billing"))
    return Classification(kind, category, ROOT_CAUSE.get(category, "Unclassified"), action, team, version)


def classify(
    group: str,
    carc: str,
    rarcs: tuple[str, ...] = (),
    payer_id: uuid.UUID | None = None,
    overrides: dict[tuple[uuid.UUID | None, str, str], Override] | None = None,
) -> Classification:
    carc = carc.strip().upper()
    found = _default(carc, rarcs)
    for key in _override_keys(payer_id, carc, rarcs):
        override = (overrides or {}).get(key)
        if override is not None:
            found = replace(
                found,
                category=override.category,
                root_cause=override.root_cause,
                recommended_action=override.recommended_action,
                owning_team=override.owning_team,
                version=f"org-v{override.version}",
            )
            break
    if group == "PR" and found.kind == "denial":
        # The payer made the patient liable (e.g. PR-204): a denial, but the patient is billed.
        found = replace(found, recommended_action="bill_patient", owning_team="patient_billing")
    return found


def _override_keys(
    payer_id: uuid.UUID | None, carc: str, rarcs: tuple[str, ...]
) -> list[tuple[uuid.UUID | None, str, str]]:
    keys: list[tuple[uuid.UUID | None, str, str]] = []
    for scope in ([payer_id] if payer_id else []) + [None]:
        keys += [(scope, carc, rarc) for rarc in rarcs] + [(scope, carc, "")]
    return keys


def adjustment_kind(group: str, classification: Classification) -> AdjustmentKind:
    """Where the money goes: PR -> patient; a denial stays open on the claim; the rest is applied."""
    if group == "PR":
        return AdjustmentKind.patient
    if classification.kind == "denial":
        return AdjustmentKind.denial
    return AdjustmentKind.contractual


def is_denial(classification: Classification) -> bool:
    return classification.kind == "denial"
