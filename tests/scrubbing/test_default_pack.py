"""Every rule of the shipped default pack fires on the defect it targets and stays quiet on a clean claim."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.engine import Scrubber
from rcm.scrubbing.packs import load_default_pack
from tests.scrubbing.builders import MBI, REFERRING_NPI, ids, make_claim, make_line

SCRUBBER = Scrubber([load_default_pack()], builtins=())
MEDICARE = {"payer_type": "medicare", "payer_id": "00952", "subscriber_member_id": MBI}


def _medicare(*lines: LineContext, **overrides: Any) -> ClaimContext:
    return make_claim(lines=lines or None, **{**MEDICARE, **overrides})


# (rule id, claim that breaks it, the same claim corrected)
CASES: list[tuple[str, Callable[[], ClaimContext], Callable[[], ClaimContext]]] = [
    ("SELF_PAY_NOT_BILLABLE_ELECTRONICALLY", lambda: make_claim(payer_type="self_pay"), make_claim),
    ("MEDICARE_MBI_FORMAT", lambda: _medicare(subscriber_member_id="123-45-6789A"), _medicare),
    (
        "TELEHEALTH_POS_NEEDS_MODIFIER",
        lambda: make_claim(place_of_service="10"),
        lambda: make_claim(place_of_service="10", lines=(make_line(modifiers=("95",)),)),
    ),
    ("MEDICARE_GT_RETIRED", lambda: _medicare(make_line(modifiers=("GT",))), _medicare),
    (
        "EM_MODIFIER_25_NEEDS_PROCEDURE",
        lambda: make_claim(lines=(make_line(1, "99214", modifiers=("25",)),)),
        lambda: make_claim(lines=(make_line(1, "99214", modifiers=("25",)), make_line(2, "20610"))),
    ),
    (
        "PROBLEM_VISIT_WITH_PREVENTIVE_NEEDS_25",
        lambda: make_claim(lines=(make_line(1, "99396"), make_line(2, "99213"))),
        lambda: make_claim(lines=(make_line(1, "99396"), make_line(2, "99213", modifiers=("25",)))),
    ),
    ("MEDICARE_ABN_GA_ON_FILE", lambda: _medicare(make_line(modifiers=("GA",))), _medicare),
    ("MEDICARE_GZ_EXPECTED_DENIAL", lambda: _medicare(make_line(modifiers=("GZ",))), _medicare),
    (
        "MEDICARE_THERAPY_DISCIPLINE_MODIFIER",
        lambda: _medicare(make_line(code="97110")),
        lambda: _medicare(make_line(code="97110", modifiers=("GP",))),
    ),
    (
        "MEDICARE_BILATERAL_ONE_UNIT",
        lambda: _medicare(make_line(code="69210", modifiers=("50",), units=Decimal(2))),
        lambda: _medicare(make_line(code="69210", modifiers=("50",))),
    ),
    (
        "ORDERING_PROVIDER_FOR_DIAGNOSTICS",
        lambda: _medicare(make_line(code="71046")),
        lambda: _medicare(make_line(code="71046"), referring_provider_npi=REFERRING_NPI),
    ),
    (
        "MEDICAID_NDC_FOR_DRUG_CODES",
        lambda: make_claim(lines=(make_line(code="J1100"),), payer_type="medicaid"),
        lambda: make_claim(lines=(make_line(code="J1100", ndc="00641037625"),), payer_type="medicaid"),
    ),
    (
        "NDC_FORMAT",
        lambda: make_claim(lines=(make_line(code="J1100", ndc="0641-0376-25"),)),
        lambda: make_claim(lines=(make_line(code="J1100", ndc="00641037625"),)),
    ),
    (
        "FRACTIONAL_UNITS",
        lambda: make_claim(lines=(make_line(code="97110", units=Decimal("1.5")),)),
        lambda: make_claim(lines=(make_line(code="J1100", units=Decimal("1.5")),)),
    ),
    (
        "SECONDARY_NEEDS_PRIMARY_ADJUDICATION",
        lambda: make_claim(payer_sequence="secondary"),
        lambda: make_claim(
            payer_sequence="secondary",
            prior_payer_paid_cents=8000,
            prior_payer_adjudication_date=date(2026, 6, 10),
        ),
    ),
    (
        "EXTERNAL_CAUSE_NOT_PRINCIPAL",
        lambda: make_claim(diagnoses=("W01.0XXA", "S93.401A")),
        lambda: make_claim(diagnoses=("S93.401A", "W01.0XXA")),
    ),
    (
        "HIGH_DOLLAR_REVIEW",
        lambda: make_claim(lines=(make_line(charge_cents=2_500_001),)),
        lambda: make_claim(lines=(make_line(charge_cents=2_500_000),)),
    ),
]


def test_every_default_rule_has_a_case() -> None:
    assert {case[0] for case in CASES} == {rule.id for rule in load_default_pack().rules}


@pytest.mark.parametrize(("rule_id", "broken", "fixed"), CASES, ids=[case[0] for case in CASES])
def test_rule_fires_on_its_defect_only(
    rule_id: str, broken: Callable[[], ClaimContext], fixed: Callable[[], ClaimContext]
) -> None:
    assert rule_id in ids(SCRUBBER.scrub(broken()).findings)
    assert rule_id not in ids(SCRUBBER.scrub(fixed()).findings)


def test_telehealth_rule_does_not_apply_to_medicare() -> None:
    assert "TELEHEALTH_POS_NEEDS_MODIFIER" not in ids(
        SCRUBBER.scrub(_medicare(place_of_service="10")).findings
    )


def test_line_messages_name_the_line_and_code() -> None:
    result = SCRUBBER.scrub(_medicare(make_line(1), make_line(2, "97110")))
    (finding,) = [f for f in result.findings if f.rule_id == "MEDICARE_THERAPY_DISCIPLINE_MODIFIER"]
    assert (finding.line_number, finding.field, finding.carc) == (2, "modifiers", "4")
    assert finding.message == "Line 2 (97110) is outpatient therapy without GP, GO or GN."
