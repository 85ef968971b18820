"""The pure generator: determinism, money and lifecycle invariants, code validity, distributions."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date
from typing import Any

import pytest
import simple_icd_10_cm as icd

from rcm.claims.state_machine import ClaimStatus
from rcm.codesets.carc import carc_info
from rcm.codesets.npi import is_valid_npi
from rcm.denials.mapping import RARC_REFINEMENTS, classify
from rcm.synth import catalog
from rcm.synth.generator import SynthConfig, generate
from rcm.synth.rows import CLAIM_EVENTS, FIELDS, Batch, as_dicts, merge
from tests.synth import checks

ORG = uuid.UUID("00000000-0000-4000-8000-00000000a11a")
AS_OF = date(2026, 11, 1)


def make(claims: int, seed: int = 7, **kw: Any) -> Batch:
    return merge(list(generate(SynthConfig(org_id=ORG, claims=claims, as_of=AS_OF, seed=seed, **kw))))


@pytest.fixture(scope="module")
def world() -> dict[str, list[dict[str, Any]]]:
    batch = make(6000)
    return {table: list(as_dicts(batch, table)) for table in (*FIELDS, CLAIM_EVENTS)}


class TestDeterminism:
    def test_same_seed_same_rows(self) -> None:
        assert make(800) == make(800)

    def test_another_seed_other_rows(self) -> None:
        assert make(300, seed=1)["claims"] != make(300, seed=2)["claims"]

    def test_generating_one_more_claim_keeps_the_first_ones(self) -> None:
        small, large = make(1234), make(1235)
        assert len(small["claims"]) == 1234 and len(large["claims"]) == 1235
        for table, rows in small.items():
            assert large[table][: len(rows)] == rows, table

    def test_ids_depend_on_the_org_but_content_does_not(self) -> None:
        config = SynthConfig(org_id=uuid.uuid4(), claims=50, as_of=AS_OF, seed=7)
        other = merge(list(generate(config)))
        mine = make(50)
        assert {r[0] for r in other["claims"]}.isdisjoint(r[0] for r in mine["claims"])
        assert [r[4:] for r in other["patients"]] == [r[4:] for r in mine["patients"]]

    def test_exactly_the_requested_number_of_claims(self) -> None:
        assert len(make(0)["claims"]) == 0
        assert len(make(1)["claims"]) == 1
        assert len(make(2501)["claims"]) == 2501


class TestMoney:
    def test_every_claim_and_line_balances(self, world: dict[str, list[dict[str, Any]]]) -> None:
        problems = checks.money_problems(
            world["claims"],
            world["claim_lines"],
            world["payments"],
            world["payment_adjustments"],
            world["write_offs"],
        )
        assert problems == []

    def test_open_denied_amounts_are_on_the_claims(self, world: dict[str, list[dict[str, Any]]]) -> None:
        assert checks.open_denied_problems(world["claims"], world["denials"]) == []
        assert any(c["open_denied_cents"] for c in world["claims"])

    def test_line_adjustment_rows_explain_line_money(self, world: dict[str, list[dict[str, Any]]]) -> None:
        assert (
            checks.line_adjustment_problems(
                world["claim_lines"], world["payment_adjustments"], world["write_offs"]
            )
            == []
        )

    def test_cas_is_line_level_except_open_whole_claim_denials(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        claim_level = [a for a in world["payment_adjustments"] if a["claim_line_id"] is None]
        assert claim_level and {a["kind"] for a in claim_level} == {"denial"}
        assert sum(a["claim_line_id"] is not None for a in world["payment_adjustments"]) > 10 * len(
            claim_level
        )

    def test_denial_amounts_stay_open_until_resolved(self, world: dict[str, list[dict[str, Any]]]) -> None:
        claims = {c["id"]: c for c in world["claims"]}
        for denial in world["denials"]:
            claim = claims[denial["claim_id"]]
            if denial["is_open"] and denial["group_code"] != "PR" and claim["status"] == "Denied":
                assert claim["balance_cents"] == denial["amount_cents"] > 0

    def test_secondary_claims_carry_the_primary_payers_impact(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        secondary = {c["id"] for c in world["claims"] if c["payer_sequence"] == "secondary"}
        assert secondary
        oa23 = {
            a["claim_id"]
            for a in world["payment_adjustments"]
            if (a["group_code"], a["carc"]) == ("OA", "23")
        }
        assert oa23 and oa23 <= secondary


class TestLifecycle:
    def test_status_counters_and_timestamps_follow_the_state_machine(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        assert checks.lifecycle_problems(world["claims"], world[CLAIM_EVENTS]) == []

    def test_every_status_occurs(self, world: dict[str, list[dict[str, Any]]]) -> None:
        seen = Counter(c["status"] for c in world["claims"])
        assert set(seen) == {s.value for s in ClaimStatus}
        assert seen["Paid"] / len(world["claims"]) > 0.6

    def test_nothing_happens_after_as_of(self, world: dict[str, list[dict[str, Any]]]) -> None:
        last = max(c["updated_at"] for c in world["claims"])
        assert last.date() <= AS_OF
        assert max(p["posted_at"] for p in world["payments"]).date() <= AS_OF

    def test_without_history_claims_are_fresh_drafts(self) -> None:
        batch = make(200, history=False)
        claims = list(as_dicts(batch, "claims"))
        assert {c["status"] for c in claims} == {"Draft"}
        assert all(c["balance_cents"] == c["charge_cents"] for c in claims)
        assert not batch["payments"] and not batch["denials"]


class TestCodes:
    def test_catalog_diagnoses_are_billable_icd10cm_leaves(self) -> None:
        bad = [
            code
            for code in catalog.all_diagnosis_codes()
            if not (icd.is_valid_item(code) and icd.is_leaf(code))
        ]
        assert bad == []

    def test_claims_store_undotted_codes_from_the_catalog(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        allowed = {code.replace(".", "") for code in catalog.all_diagnosis_codes()}
        used = {code for claim in world["claims"] for code in claim["diagnosis_codes"]}
        assert used <= allowed and len(used) > 100

    def test_procedure_codes_are_bare_cpt_or_hcpcs_codes(self) -> None:
        for proc in catalog.all_procedures():
            assert len(proc.code) == 5 and (
                proc.code.isdigit() or (proc.code[0].isalpha() and proc.code[1:].isdigit())
            )

    def test_provider_npis_pass_the_check_digit_and_are_unique(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        npis = [p["npi"] for p in world["providers"]]
        assert all(is_valid_npi(n) for n in npis) and len(set(npis)) == len(npis)

    def test_denial_categories_come_from_the_carc_map_refined_by_rarc(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        assert world["denials"]
        for denial in world["denials"]:
            found = classify(denial["group_code"], denial["carc"], tuple(denial["rarcs"]))
            assert (denial["category"], denial["root_cause"]) == (found.category, found.root_cause)
            assert carc_info(denial["carc"]).is_denial
            refined = any((denial["carc"], r) in RARC_REFINEMENTS for r in denial["rarcs"])
            if not refined:
                assert denial["category"] == carc_info(denial["carc"]).category

    def test_facility_claims_bill_the_hospital_with_an_emergency_physician_attending(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        taxonomy = {p["id"]: p["taxonomy_code"] for p in world["providers"]}
        institutional = [c for c in world["claims"] if c["claim_type"] == "institutional"]
        assert institutional and all(c["type_of_bill"] == "0131" for c in institutional)
        assert {
            (taxonomy[c["billing_provider_id"]], taxonomy[c["rendering_provider_id"]]) for c in institutional
        } == {("282N00000X", "207P00000X")}

    def test_sex_specific_services_go_to_matching_patients(
        self, world: dict[str, list[dict[str, Any]]]
    ) -> None:
        sex = {p["id"]: p["gender"] for p in world["patients"]}
        claim_patient = {c["id"]: c["patient_id"] for c in world["claims"]}
        for line in world["claim_lines"]:
            if line["procedure_code"] in ("77067", "Q0091", "58300"):
                assert sex[claim_patient[line["claim_id"]]] == "F"
