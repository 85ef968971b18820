"""CARC -> denial category and root cause, from the packaged table; appeal windows by payer type.

Reads `codesets/data/carc_denial_category_map.csv` (category, kind, CAQH CORE scenario guess) and
`filing_and_appeal_limits.csv` (first appeal level per payer type).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rcm.payers.models import PayerType

DATA = Path(__file__).resolve().parents[1] / "codesets" / "data"
# CAQH CORE business scenarios (the CSV's guess) name why a claim was denied.
SCENARIO_ROOT_CAUSE = {
    "1": "MissingDocumentation",
    "2": "ClaimDataError",
    "3": "CoverageOrPolicy",
    "4": "NotSeparatelyPayable",
}
CATEGORY_ROOT_CAUSE = {
    "TIMELY_FILING": "TimelyFiling",
    "DUPLICATE": "DuplicateSubmission",
    "COB": "CoordinationOfBenefits",
    "OTHER_NEEDS_RARC": "Unclassified",
}
# category -> (recommended action, owning team)
CATEGORY_ACTION = {
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
}
# Where filing_and_appeal_limits.csv gives the first appeal level for a payer type.
APPEAL_ROWS = {
    PayerType.medicare: ("medicare_ffs", "appeal_L1_redetermination"),
    PayerType.medicare_advantage: ("medicare_advantage", "appeal_reconsideration"),
    PayerType.commercial: ("commercial", "appeal_member_internal"),
}
# Medicaid, TRICARE and CHAMPVA windows vary by state/contractor: a conservative common value.
DEFAULT_APPEAL_DAYS = 90


@dataclass(frozen=True, slots=True)
class DenialClass:
    kind: str  # denial, cost_share, contractual, reduction, informational
    category: str
    root_cause: str
    recommended_action: str
    owning_team: str
    note: str


@lru_cache(maxsize=1)
def carc_table() -> dict[str, DenialClass]:
    with (DATA / "carc_denial_category_map.csv").open(newline="") as handle:
        return {row["carc"].strip().upper(): _row_class(row) for row in csv.DictReader(handle)}


def _row_class(row: dict[str, str]) -> DenialClass:
    category = row["category"]
    root = SCENARIO_ROOT_CAUSE.get(row["core_scenario_guess"].strip()) or CATEGORY_ROOT_CAUSE.get(
        category, category.title().replace("_", "")
    )
    action, team = CATEGORY_ACTION.get(category, ("review", "billing"))
    return DenialClass(row["kind"], category, root, action, team, row["note_ours"].split(";")[0][:200])


def classify(group: str, carc: str) -> DenialClass:
    found = carc_table()[carc]
    if group == "PR" and found.kind == "denial":
        # The payer made the patient liable (PR-204): still a denial, but the patient is billed.
        return DenialClass(
            found.kind, found.category, found.root_cause, "bill_patient", "patient_billing", found.note
        )
    return found


def adjustment_kind(group: str, carc: str) -> str:
    """How a CAS amount moves the claim's money: to the patient, kept open as a denial, or applied."""
    if group == "PR":
        return "patient"
    return "denial" if carc_table()[carc].kind == "denial" else "contractual"


@lru_cache(maxsize=1)
def appeal_days_by_type() -> dict[PayerType, int]:
    with (DATA / "filing_and_appeal_limits.csv").open(newline="") as handle:
        limits = {(row["payer_type"], row["event"]): row["limit"] for row in csv.DictReader(handle)}
    days = {payer_type: DEFAULT_APPEAL_DAYS for payer_type in PayerType}
    for payer_type, key in APPEAL_ROWS.items():
        number = re.search(r"\d+", limits.get(key, ""))
        if number:
            days[payer_type] = int(number.group())
    return days
