"""The engine: which pack rules apply to a claim, how they are evaluated and reported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rcm.scrubbing.engine import Scrubber
from rcm.scrubbing.findings import Severity
from rcm.scrubbing.packs import load_pack
from rcm.scrubbing.packs.model import PACK_RULE_ERROR
from rcm.scrubbing.rules import BUILTIN_EDITS
from tests.scrubbing.builders import error_ids, ids, make_claim, make_line

PACK = """\
pack: test
rules:
  - id: MEDICAID_ONLY
    description: claim rule for one payer type
    payer: {types: [medicaid]}
    severity: error
    scope: claim
    when: payer_type == 'medicaid'
    message: Medicaid claim {claim_id} for {payer_name}
    prevents_carc: 16
  - id: PAYER_60054_ONLY
    description: claim rule for one payer id
    payer: {ids: ['60054']}
    severity: warning
    scope: claim
    when: total_charge_cents > 0
    message: payer 60054
  - id: FROM_JULY
    description: line rule that starts in July
    effective_from: 2026-07-01
    severity: error
    scope: line
    when: units >= 1
    message: line {line_number} on {service_date}
  - id: DRUG_LINES
    description: only J codes, sees claim fields too
    procedure_codes: ['J*']
    severity: error
    scope: line
    when: payer_type == 'commercial' and place_of_service == '11'
    message: drug line {line_number} at POS {place_of_service} units {units}
    field: procedure_code
  - id: INSTITUTIONAL_ONLY
    description: claim type selector
    claim_types: [institutional]
    severity: error
    scope: claim
    when: claim_type == 'institutional'
    message: institutional
"""


def _scrubber(*texts: str) -> Scrubber:
    return Scrubber([load_pack(text, f"pack{n}.yaml") for n, text in enumerate(texts)], builtins=())


def test_claim_rule_applies_only_to_its_payer_type() -> None:
    scrubber = _scrubber(PACK)
    medicaid = scrubber.scrub(make_claim(payer_type="medicaid", payer_id="77027"))
    assert [(f.rule_id, f.message, f.carc, f.line_number) for f in medicaid.findings] == [
        ("MEDICAID_ONLY", "Medicaid claim CLM-0001 for Synthetic Health Plan", "16", None)
    ]
    assert "MEDICAID_ONLY" not in ids(scrubber.scrub(make_claim()).findings)


def test_claim_rule_applies_only_to_its_payer_id() -> None:
    scrubber = _scrubber(PACK)
    assert "PAYER_60054_ONLY" in ids(scrubber.scrub(make_claim()).findings)
    assert "PAYER_60054_ONLY" not in ids(scrubber.scrub(make_claim(payer_id="87726")).findings)


def test_line_rule_is_effective_by_the_line_date() -> None:
    lines = (make_line(1, service_date=date(2026, 6, 30)), make_line(2, service_date=date(2026, 7, 1)))
    result = _scrubber(PACK).scrub(make_claim(lines=lines, today=date(2026, 7, 10)))
    assert [(f.rule_id, f.line_number, f.message) for f in result.findings if f.rule_id == "FROM_JULY"] == [
        ("FROM_JULY", 2, "line 2 on 2026-07-01")
    ]


def test_line_rule_selected_by_code_sees_claim_fields_and_inherits_pos() -> None:
    lines = (make_line(1), make_line(2, "J1100", units=Decimal("2.5")))
    result = _scrubber(PACK).scrub(make_claim(lines=lines))
    drug = [f for f in result.findings if f.rule_id == "DRUG_LINES"]
    assert [(f.line_number, f.message, f.field) for f in drug] == [
        (2, "drug line 2 at POS 11 units 2.5", "procedure_code")
    ]


def test_claim_type_selector() -> None:
    institutional = make_claim(
        claim_type="institutional", type_of_bill="131", place_of_service=None,
        lines=(make_line(revenue_code="0450"),),
    )  # fmt: skip
    assert "INSTITUTIONAL_ONLY" in ids(_scrubber(PACK).scrub(institutional).findings)
    assert "INSTITUTIONAL_ONLY" not in ids(_scrubber(PACK).scrub(make_claim()).findings)


def test_later_pack_replaces_a_rule_with_the_same_id() -> None:
    override = (
        PACK.split("  - id: PAYER_60054_ONLY")[0]
        .replace("pack: test", "pack: org")
        .replace("payer: {types: [medicaid]}", "payer: {types: [commercial]}")
        .replace("payer_type == 'medicaid'", "payer_type == 'commercial'")
    )
    scrubber = _scrubber(PACK, override)
    assert sum(rule.id == "MEDICAID_ONLY" for rule in scrubber.rules) == 1
    assert "MEDICAID_ONLY" in ids(scrubber.scrub(make_claim()).findings)
    assert "MEDICAID_ONLY" not in ids(scrubber.scrub(make_claim(payer_type="medicaid")).findings)


def test_payer_pack_disables_rules_for_its_payers_only() -> None:
    payer_pack = (
        "pack: payer-60054\npayer: {ids: ['60054']}\ndisable: [NPI_INVALID, PAYER_60054_ONLY]\nrules: []\n"
    )
    scrubber = Scrubber([load_pack(PACK, "a.yaml"), load_pack(payer_pack, "b.yaml")])
    bad_npi = make_claim(billing_provider_npi="1234567890")
    assert not {"NPI_INVALID", "PAYER_60054_ONLY"} & ids(scrubber.scrub(bad_npi).findings)
    assert "NPI_INVALID" in ids(
        scrubber.scrub(make_claim(billing_provider_npi="1234567890", payer_id="87726")).findings
    )


def test_rule_failing_at_run_time_is_reported_not_raised() -> None:
    broken = (
        PACK.split("  - id: PAYER_60054_ONLY")[0]
        .replace("    payer: {types: [medicaid]}\n", "")
        .replace("payer_type == 'medicaid'", "lines[3].units > 1")
    )
    result = _scrubber(broken).scrub(make_claim())
    assert [(f.rule_id, f.severity) for f in result.findings] == [(PACK_RULE_ERROR, Severity.WARNING)]
    assert "rule MEDICAID_ONLY (pack0.yaml) could not be evaluated" in result.findings[0].message


def test_findings_sorted_errors_first_then_claim_then_lines() -> None:
    lines = (make_line(1, "J1100"), make_line(2, "J1100", charge_cents=0))
    claim = make_claim(lines=lines, billing_provider_zip="62701", diagnoses=("E11.9", "E11.9"))
    result = Scrubber([load_pack(PACK, "p.yaml")]).scrub(claim)
    keys = [(f.severity.value, f.line_number or 0) for f in result.findings]
    assert keys == sorted(keys, key=lambda k: (k[0] != "error", k[1]))
    assert result.blocking and result.errors and result.warnings
    assert result.findings[0].line_number is None and result.findings[0].severity is Severity.ERROR


def test_rules_evaluated_counts_builtins_and_pack_rules() -> None:
    scrubber = Scrubber([load_pack(PACK, "p.yaml")])
    two_lines = make_claim(lines=(make_line(1), make_line(2, "J1100")))
    # 13 built-ins + PAYER_60054_ONLY (claim) + FROM_JULY not yet effective + DRUG_LINES on line 2
    assert scrubber.scrub(two_lines).rules_evaluated == len(BUILTIN_EDITS) + 2


def test_clean_claim_passes_builtins_and_default_pack() -> None:
    result = Scrubber.with_default_pack().scrub(make_claim())
    assert result.findings == () and not result.blocking
    assert error_ids(result.findings) == set()
