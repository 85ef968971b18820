"""Loading rule packs: a good pack compiles; every kind of malformed pack is refused precisely."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rcm.scrubbing.findings import Severity
from rcm.scrubbing.packs import RulePackInvalid, RuleScope, load_default_pack, load_pack, load_pack_file

GOOD = """\
pack: acme-commercial
version: "3"
description: Acme plan rules
payer: {ids: ['60054']}
disable: [HIGH_DOLLAR_REVIEW]
rules:
  - id: ACME_TELEHEALTH_95
    description: Acme pays telehealth only with modifier 95
    effective_from: 2025-01-01
    severity: error
    scope: line
    procedure_codes: ['992*', '90834']
    when: place_of_service == '10' and not ('95' in modifiers)
    message: Line {line_number} ({procedure_code}) is telehealth without 95
    fix_hint: Append 95
    prevents_carc: 4
    field: modifiers
"""

RULE = """\
pack: acme
rules:
  - id: ACME_RULE
    description: a rule
    severity: error
    scope: line
    when: place_of_service == '10'
    message: Line {line_number}
"""


def _refusal(text: str) -> RulePackInvalid:
    with pytest.raises(RulePackInvalid) as caught:
        load_pack(text, "acme.yaml")
    return caught.value


def test_good_pack_loads_every_key() -> None:
    pack = load_pack(GOOD, "acme.yaml")
    assert (pack.name, pack.version, pack.source) == ("acme-commercial", "3", "acme.yaml")
    assert pack.disabled == frozenset({"HIGH_DOLLAR_REVIEW"})
    (rule,) = pack.rules
    assert (
        rule.id == "ACME_TELEHEALTH_95" and rule.severity is Severity.ERROR and rule.scope is RuleScope.LINE
    )
    assert rule.payer.payer_ids == frozenset({"60054"}), "the pack's payer selector is the rule's default"
    assert rule.effective_from == date(2025, 1, 1) and rule.effective_to is None
    assert rule.procedure_codes is not None and rule.procedure_codes.matches("99213")
    assert not rule.procedure_codes.matches("90837") and rule.procedure_codes.matches("90834")
    assert (rule.prevents_carc, rule.field, rule.fix_hint) == ("4", "modifiers", "Append 95")


def test_pack_loads_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "org-7.yaml"
    path.write_text(GOOD)
    assert load_pack_file(path).source == "org-7.yaml"


def test_default_pack_compiles() -> None:
    pack = load_default_pack()
    assert pack.name == "default" and len(pack.rules) >= 15
    assert all(rule.compiled is not None for rule in pack.rules)


def test_malformed_yaml() -> None:
    error = _refusal("pack: acme\nrules:\n  - id: X\n    when: [unclosed\n")
    assert error.detail == "acme.yaml:5:1: invalid YAML: expected ',' or ']', but got '<stream end>'"


def test_pack_that_is_not_a_mapping() -> None:
    assert _refusal("- a\n").detail == "acme.yaml: a rule pack must be a mapping with 'pack' and 'rules'"


def test_missing_rule_key_names_the_rule() -> None:
    error = _refusal(RULE.replace("    message: Line {line_number}\n", ""))
    assert (
        error.detail == "acme.yaml:3:5: rule 'ACME_RULE' (rules[0]) message: missing required key 'message'"
    )
    assert error.context["rule_id"] == "ACME_RULE" and error.context["key"] == "message"
    assert error.status_code == 422


def test_unknown_key_suggests_the_right_one() -> None:
    error = _refusal(RULE.replace("    severity:", "    severty:"))
    expected = "severty: unknown key 'severty' (did you mean 'severity'?)"
    assert error.detail == f"acme.yaml:5:5: rule 'ACME_RULE' (rules[0]) {expected}"


def test_unknown_field_in_when_fails_at_load_with_its_position() -> None:
    error = _refusal(RULE.replace("place_of_service ==", "place_of_servise =="))
    assert error.detail == (
        "acme.yaml:7:11: rule 'ACME_RULE' (rules[0]) when: unknown field 'place_of_servise' in line scope "
        "(did you mean 'place_of_service'?) (expression line 1, column 1)"
    )
    assert (error.context["line"], error.context["column"]) == (7, 11)


def test_unknown_field_inside_a_block_expression() -> None:
    block = "    when: |\n      place_of_service == '10'\n      and not ('95' in modifierz)\n"
    error = _refusal(RULE.replace("    when: place_of_service == '10'\n", block))
    assert error.detail.startswith(
        "acme.yaml:9:24: rule 'ACME_RULE' (rules[0]) when: unknown field 'modifierz'"
    )
    assert error.detail.endswith("(expression line 2, column 18)")


def test_line_field_in_a_claim_rule_is_unknown() -> None:
    text = RULE.replace("scope: line", "scope: claim").replace("{line_number}", "{claim_id}")
    assert (
        "unknown field 'place_of_service'" not in _refusal(text.replace("place_of_service", "units")).detail
    )
    assert (
        "unknown field 'units' in claim scope"
        in _refusal(text.replace("place_of_service == '10'", "units > 1")).detail
    )


def test_type_mismatch_points_at_the_failing_clause() -> None:
    error = _refusal(
        RULE.replace("place_of_service == '10'", "place_of_service == '10' and service_date > 3")
    )
    assert error.detail == (
        "acme.yaml:7:40: rule 'ACME_RULE' (rules[0]) when: data type mismatch in 'service_date > 3' "
        "(expression line 1, column 30)"
    )


def test_unguarded_nullable_field_is_refused() -> None:
    error = _refusal(RULE.replace("place_of_service == '10'", "ndc.length == 11"))
    assert "nullable" in error.detail and "ndc.length == 11" in error.detail


def test_syntax_error() -> None:
    error = _refusal(RULE.replace("place_of_service == '10'", "place_of_service = '10'"))
    expected = "when: syntax error near '=' (expression line 1, column 18)"
    assert error.detail == f"acme.yaml:7:28: rule 'ACME_RULE' (rules[0]) {expected}"


def test_when_must_be_a_condition() -> None:
    error = _refusal(RULE.replace("place_of_service == '10'", "units"))
    assert error.detail.endswith(
        "when: must be a true/false condition, not a FLOAT value (expression line 1, column 1)"
    )


def test_rules_may_not_read_the_clock() -> None:
    error = _refusal(RULE.replace("place_of_service == '10'", "service_date > $today"))
    assert "'$today' reads the clock or host: use the field 'today' instead" in error.detail


BAD_VALUES = [
    ("severity: error", "severity: fatal", "5:15", "severity: 'fatal' is not 'error' or 'warning'"),
    ("scope: line", "scope: visit", "6:12", "scope: 'visit' is not 'claim' or 'line'"),
    (
        "    severity: error",
        "    effective_from: 2026-13-01\n    severity: error",
        "5:21",
        "effective_from: '2026-13-01' is not a date (YYYY-MM-DD)",
    ),
    (
        "    severity: error",
        "    effective_from: 2026-06-01\n    effective_to: 2026-01-01\n    severity: error",
        "6:19",
        "effective_to: 2026-01-01 is before effective_from 2026-06-01",
    ),
    (
        "    severity: error",
        "    prevents_carc: XX9\n    severity: error",
        "5:20",
        "prevents_carc: 'XX9' is not a CARC code (e.g. 16, 197, B7)",
    ),
    ("{line_number}", "{line_nmber}", "8:14", "message: placeholder {line_nmber} is not a line-scope field"),
    ("ACME_RULE", "NPI_INVALID", "3:9", "id: 'NPI_INVALID' is a built-in edit id; choose another id"),
    (
        "ACME_RULE",
        "acme-rule",
        "3:9",
        "id: must be UPPER_SNAKE_CASE, 3-64 characters, starting with a letter",
    ),
    (
        "    severity: error",
        "    payer: {types: [medicar]}\n    severity: error",
        "5:12",
        "payer: unknown payer type 'medicar' (allowed: medicare, medicaid, commercial, medicare_advantage, "
        "tricare, champva, self_pay)",
    ),
    (
        "    severity: error",
        "    claim_types: [hospital]\n    severity: error",
        "5:18",
        "claim_types: must be a list of: professional, institutional, dental",
    ),
    (
        "    severity: error",
        "    severity: error\n    severity: warning",
        "6:5",
        "severity: duplicate key 'severity'",
    ),
    (
        "    severity: error",
        "    field: modifierz\n    severity: error",
        "5:12",
        "field: 'modifierz' is not a line-scope field",
    ),
]


@pytest.mark.parametrize(("old", "new", "position", "problem"), BAD_VALUES)
def test_bad_values_are_refused_with_their_position(old: str, new: str, position: str, problem: str) -> None:
    rule_id = new if old == "ACME_RULE" else "ACME_RULE"
    expected = f"acme.yaml:{position}: rule '{rule_id}' (rules[0]) {problem}"
    assert _refusal(RULE.replace(old, new)).detail == expected


def test_duplicate_rule_id_in_one_pack() -> None:
    error = _refusal(RULE + RULE.split("rules:\n")[1])
    assert (
        error.detail
        == "acme.yaml:9:9: rule 'ACME_RULE' (rules[1]) id: duplicate rule id 'ACME_RULE' in this pack"
    )


def test_procedure_codes_only_for_line_rules() -> None:
    text = RULE.replace("scope: line", "scope: claim\n    procedure_codes: ['J*']")
    text = text.replace("place_of_service == '10'", "payer_type == 'medicaid'").replace("{line_number}", "x")
    assert _refusal(text).detail.endswith("procedure_codes: only applies to rules with scope 'line'")


def test_pack_level_problems() -> None:
    assert _refusal("pack: acme\n").detail == "acme.yaml:1:1: rules: missing required key 'rules'"
    assert _refusal("pack: acme\nrulez: []\nrules: []\n").detail == (
        "acme.yaml:2:1: rulez: unknown key 'rulez' (did you mean 'rules'?)"
    )
    assert _refusal("pack: acme\nrules: {}\n").detail == "acme.yaml:2:8: rules: must be a list of rules"
    assert (
        _refusal("pack: acme\ndisable: [nope]\nrules: []\n").detail
        == "acme.yaml:2:10: disable: must be a list of rule ids"
    )


def test_the_documented_example_pack_loads() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "scrubbing.md"
    example = docs.read_text().split("### Example payer pack")[1].split("```yaml\n")[1].split("```")[0]
    pack = load_pack(example, "docs-example.yaml")
    assert [rule.id for rule in pack.rules] == ["ACME_PT_VISIT_LIMIT_UNITS", "ACME_REFERRAL_REQUIRED"]
