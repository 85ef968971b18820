"""Guards are sound: when a guard says a rule cannot fire, rule-engine agrees (property-based)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.packs import RuleScope, load_default_pack
from rcm.scrubbing.packs.expressions import LineView, compile_expression
from rcm.scrubbing.packs.guards import derive_guard
from tests.scrubbing.builders import make_claim

CODES = [
    "99213",
    "99214",
    "99396",
    "20610",
    "97110",
    "J1100",
    "71046",
    "80053",
    "G0439",
    "0001F",
    "00100",
    "69210",
]
MODIFIERS = ["25", "59", "95", "GT", "GQ", "GA", "GZ", "GP", "50", "XS", "26", "TC"]
POS = [None, "02", "10", "11", "22", "99"]


@st.composite
def lines(draw: st.DrawFn, number: int) -> LineContext:
    return LineContext(
        line_number=number,
        procedure_code=draw(st.sampled_from(CODES)),
        service_date=draw(st.sampled_from([date(2026, 6, 1), date(2026, 6, 2)])),
        charge_cents=draw(st.integers(-100, 3_000_000)),
        units=draw(st.sampled_from([Decimal(0), Decimal(1), Decimal(2), Decimal("1.5"), Decimal("0.25")])),
        modifiers=tuple(draw(st.lists(st.sampled_from(MODIFIERS), max_size=4))),
        place_of_service=draw(st.sampled_from(POS)),
        revenue_code=draw(st.sampled_from([None, "0450", "450"])),
        ndc=draw(st.sampled_from([None, "00641037625", "0641-0376-25"])),
    )


@st.composite
def claims(draw: st.DrawFn) -> ClaimContext:
    count = draw(st.integers(1, 4))
    built = tuple(draw(lines(n)) for n in range(1, count + 1))
    overrides: dict[str, Any] = {
        "payer_type": draw(st.sampled_from(["medicare", "medicaid", "commercial", "self_pay"])),
        "place_of_service": draw(st.sampled_from([None, "02", "10", "11"])),
        "frequency_code": draw(st.sampled_from(["1", "7", "8"])),
        "payer_sequence": draw(st.sampled_from(["primary", "secondary"])),
        "payer_claim_control_number": draw(st.sampled_from([None, "ICN1"])),
        "prior_payer_paid_cents": draw(st.sampled_from([None, 0, 5000])),
        "prior_authorization_number": draw(st.sampled_from([None, "PA1"])),
        "referring_provider_npi": draw(st.sampled_from([None, "1245319599"])),
        "diagnoses": draw(st.sampled_from([(), ("E11.9",), ("W01.0XXA", "S93.401A")])),
        "subscriber_member_id": draw(st.sampled_from([None, "1EG4TE5MK73", "XJH1"])),
        "accept_assignment": draw(st.booleans()),
    }
    return make_claim(lines=built, **overrides)


def _things(claim: ClaimContext, scope: RuleScope) -> list[Any]:
    if scope is RuleScope.CLAIM:
        return [claim]
    return [LineView(line, claim) for line in claim.lines]


@settings(max_examples=300, deadline=None)
@given(claims())
def test_default_pack_guards_never_hide_a_firing_rule(claim: ClaimContext) -> None:
    for rule in load_default_pack().rules:
        if rule.guard is None:
            continue
        for thing in _things(claim, rule.scope):
            if not rule.guard(thing):
                assert not rule.compiled.matches(thing), rule.id


EXACT = [
    ("payer_type == 'medicare'", RuleScope.CLAIM),
    ("payer_type != 'medicare'", RuleScope.CLAIM),
    ("prior_authorization_number == null", RuleScope.CLAIM),
    ("prior_authorization_number != null", RuleScope.CLAIM),
    ("accept_assignment == true", RuleScope.CLAIM),
    ("total_charge_cents >= 2500000", RuleScope.CLAIM),
    ("principal_diagnosis =~ '^[V-Y]'", RuleScope.CLAIM),
    ("principal_diagnosis =~~ '9'", RuleScope.CLAIM),
    ("frequency_code in ['7', '8'] or payer_sequence != 'primary'", RuleScope.CLAIM),
    ("place_of_service in ['02', '10']", RuleScope.LINE),
    ("ndc == '00641037625'", RuleScope.LINE),
    ("'25' in modifiers", RuleScope.LINE),
    ("not ('GT' in modifiers)", RuleScope.LINE),
    ("is_evaluation_and_management", RuleScope.LINE),
    ("not is_evaluation_and_management", RuleScope.LINE),
    ("units != 1", RuleScope.LINE),
    ("units == 2", RuleScope.LINE),
    ("units > 1.5 and charge_cents <= 100", RuleScope.LINE),
    ("procedure_code =~ '^J'", RuleScope.LINE),
    ("procedure_code !~ '^9'", RuleScope.LINE),
    ("procedure_code !~~ '1'", RuleScope.LINE),
    ("('95' in modifiers or 'GT' in modifiers) and payer_type == 'commercial'", RuleScope.LINE),
]


@pytest.mark.parametrize(("text", "scope"), EXACT, ids=[text for text, _ in EXACT])
def test_simple_shapes_get_a_guard(text: str, scope: RuleScope) -> None:
    assert derive_guard(compile_expression(text, scope), scope) is not None


@settings(max_examples=200, deadline=None)
@given(claims())
def test_guard_equals_rule_engine_when_the_whole_expression_is_simple(claim: ClaimContext) -> None:
    for text, scope in EXACT:
        rule = compile_expression(text, scope)
        guard = derive_guard(rule, scope)
        assert guard is not None
        for thing in _things(claim, scope):
            assert guard(thing) == rule.matches(thing), text


@pytest.mark.parametrize(
    "text",
    [
        "units % 1 != 0",
        "lines.length > 1",
        "(ndc ?? '') =~ '^0'",
        "service_date > d'2026-01-01'",
        "units == ndc",
    ],
)
def test_other_shapes_have_no_guard(text: str) -> None:
    assert derive_guard(compile_expression(text, RuleScope.LINE), RuleScope.LINE) is None
