from __future__ import annotations

import pytest

from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.modifiers import (
    MODIFIER_CONFLICT,
    MODIFIER_FORMAT,
    MODIFIER_TOO_MANY,
    check_modifiers,
)
from tests.scrubbing.builders import error_ids, make_claim, make_line

LOOKUPS = Lookups()


def _check(*modifiers: str) -> set[str]:
    return error_ids(check_modifiers(make_claim(lines=(make_line(modifiers=modifiers),)), LOOKUPS))


def test_four_valid_modifiers_pass() -> None:
    assert _check("25", "GP", "KX", "59") == set()


def test_five_modifiers_are_too_many() -> None:
    assert _check("25", "GP", "KX", "Q5", "AQ") == {MODIFIER_TOO_MANY}


@pytest.mark.parametrize("modifier", ["5", "259", "gp", "G-"])
def test_malformed_modifier(modifier: str) -> None:
    assert _check(modifier) == {MODIFIER_FORMAT}


@pytest.mark.parametrize(
    "pair", [("59", "XS"), ("59", "XU"), ("26", "TC"), ("GA", "GZ"), ("LT", "RT"), ("50", "LT"), ("76", "76")]
)
def test_conflicting_modifiers_on_one_line(pair: tuple[str, str]) -> None:
    findings = check_modifiers(make_claim(lines=(make_line(modifiers=pair),)), LOOKUPS)
    assert [(f.rule_id, f.carc, f.line_number) for f in findings] == [(MODIFIER_CONFLICT, "4", 1)]


def test_the_same_modifiers_on_different_lines_do_not_conflict() -> None:
    claim = make_claim(
        lines=(make_line(1, "73030", modifiers=("26",)), make_line(2, "73030", modifiers=("TC",)))
    )
    assert check_modifiers(claim, LOOKUPS) == []
