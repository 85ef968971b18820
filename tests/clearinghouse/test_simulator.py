"""Payer simulator: real, pyx12-clean 999/277CA/835; decisions per configuration, deterministic by
seed and independent of claim order; 835s only once the clock passes submission + delay."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from rcm.clearinghouse.simulator import Outcome, PayerSimulator, SimulatorConfig, SimulatorConnector, decide
from rcm.edi import build_837, parse_277, parse_835, parse_999, parse_ta1, validate_x12
from rcm.edi.examples import envelope, example_batch, example_claim, with_prior_payers
from rcm.errors import InvalidInput

DAY = date(2026, 11, 23)
BUSY = {
    "seed": 11,
    "default": {
        "rejection_rate": 0.15,
        "denial_rate": 0.15,
        "partial_payment_rate": 0.3,
        "reversal_rate": 0.15,
        "adjudication_delay_days": 10,
        "interest_rate": 1,
        "recoupment_rate": 1,
        "patient_share": {"coinsurance": "0.2", "copay": "15", "deductible": "40", "deductible_rate": 0.5},
    },
}


def _837(count: int = 40, control: int = 1, **kwargs: object) -> bytes:
    return build_837(example_batch(count, **kwargs), envelope(control)).encode()  # type: ignore[arg-type]


def _simulate(
    tmp: Path, config: dict[str, object], files: list[bytes], until: date
) -> list[tuple[str, bytes]]:
    simulator = PayerSimulator(SimulatorConfig.from_dict(config), tmp)
    out = []
    for n, content in enumerate(files):
        out += simulator.receive(f"batch{n}.x12", content, DAY)
    day = DAY
    while day <= until:
        out += simulator.release(day)
        day += timedelta(days=1)
    return [(f.name, f.content) for f in out]


class TestDeterminism:
    def test_same_input_and_seed_give_byte_identical_files(self, tmp_path: Path) -> None:
        files = [_837(40, 1), _837(10, 2)]
        first = _simulate(tmp_path / "a", BUSY, files, DAY + timedelta(days=40))
        second = _simulate(tmp_path / "b", BUSY, files, DAY + timedelta(days=40))
        assert first == second and len(first) > 4

    def test_another_seed_decides_differently(self, tmp_path: Path) -> None:
        first = _simulate(tmp_path / "a", BUSY, [_837()], DAY + timedelta(days=40))
        second = _simulate(tmp_path / "b", {**BUSY, "seed": 12}, [_837()], DAY + timedelta(days=40))
        assert first != second

    def test_a_claims_decision_does_not_depend_on_its_neighbours(self) -> None:
        config = SimulatorConfig.from_dict(BUSY)
        claims = example_batch(30).claims
        alone = {c.patient_control_number: decide(c, config, DAY) for c in claims}
        reversed_order = {c.patient_control_number: decide(c, config, DAY) for c in reversed(claims)}
        assert alone == reversed_order
        assert {d.outcome for d in alone.values()} >= {Outcome.rejected, Outcome.denied, Outcome.paid}


class TestResponses:
    def test_every_generated_file_passes_pyx12(self, tmp_path: Path) -> None:
        files = _simulate(tmp_path, BUSY, [_837(40), _837(6, 2, cob_levels=1)], DAY + timedelta(days=40))
        kinds = {name.split("_")[0] for name, _ in files}
        assert kinds == {"999", "277CA", "835"}
        for name, content in files:
            result = validate_x12(content)
            assert result.valid, (name, result.errors[:5])

    def test_999_accepts_every_transaction_set(self, tmp_path: Path) -> None:
        simulator = PayerSimulator(SimulatorConfig(), tmp_path)
        [ack_file, *_] = simulator.receive("b.x12", _837(3, 7), DAY)
        [ack] = parse_999(ack_file.content)
        assert (ack.status, ack.group_control_number, ack.accepted_control_numbers()) == ("A", "7", ["0007"])

    def test_structurally_bad_837_gets_a_999_rejection_and_nothing_else(self, tmp_path: Path) -> None:
        broken = _837(3).replace(b"SV1*HC:99213*80", b"SV1*HC:99213*8O")  # letter O in SV102
        simulator = PayerSimulator(SimulatorConfig(), tmp_path)
        [ack_file] = simulator.receive("bad.x12", broken, DAY)
        assert validate_x12(ack_file.content).valid
        [ack] = parse_999(ack_file.content)
        [rejected] = ack.transaction_sets
        assert (ack.status, rejected.status) == ("R", "R")
        [error] = rejected.segment_errors
        assert (error.segment_id, error.error_code, error.elements[0].position) == ("SV1", "8", 2)
        assert simulator.decisions() == [] and simulator.release(DAY + timedelta(days=60)) == []

    def test_a_file_without_isa_gets_a_ta1_rejection(self, tmp_path: Path) -> None:
        simulator = PayerSimulator(SimulatorConfig(), tmp_path)
        [ta1_file] = simulator.receive("junk.x12", b"GS*HC*A*B~ST*837*1~", DAY)
        [ta1] = parse_ta1(ta1_file.content)
        assert (ta1.status, ta1.note_code) == ("R", "024")

    def test_277ca_reports_rejections_with_their_status_and_acceptances_with_the_payer_number(
        self, tmp_path: Path
    ) -> None:
        config = {
            "default": {
                "rejection_rate": 1.0,
                "rejection_reasons": [
                    {"category": "A7", "status": "33", "entity": "IL", "label": "member not found"}
                ],
            }
        }
        simulator = PayerSimulator(SimulatorConfig.from_dict(config), tmp_path)
        files = simulator.receive("b.x12", _837(3), DAY)
        [response] = parse_277(next(f for f in files if f.kind == "277CA").content)
        assert [
            (c.rejected, c.statuses[0].code.status, c.statuses[0].code.entity) for c in response.claims
        ] == [(True, "33", "IL")] * 3
        assert simulator.release(DAY + timedelta(days=90)) == []  # a rejected claim never gets an 835


class TestAdjudication:
    def test_835_is_released_only_once_the_delay_has_passed(self, tmp_path: Path) -> None:
        config = {"default": {"rejection_rate": 0, "adjudication_delay_days": 14, "reversal_rate": 0}}
        simulator = PayerSimulator(SimulatorConfig.from_dict(config), tmp_path)
        simulator.receive("b.x12", _837(5), DAY)
        assert simulator.release(DAY + timedelta(days=13)) == []
        released = simulator.release(DAY + timedelta(days=14))
        assert released and {f.kind for f in released} == {"835"}
        assert simulator.release(DAY + timedelta(days=30)) == []

    def test_decisions_match_what_the_835s_say(self, tmp_path: Path) -> None:
        simulator = PayerSimulator(SimulatorConfig.from_dict(BUSY), tmp_path)
        simulator.receive("b.x12", _837(40), DAY)
        payments: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
        for file in simulator.release(DAY + timedelta(days=60)):
            for remittance in parse_835(file.content):
                assert remittance.balance().balanced
                for claim in remittance.claims:
                    payments.setdefault(claim.patient_control_number, []).append(
                        (claim.status_code, claim.paid, claim.patient_responsibility or Decimal(0))
                    )
        decisions = simulator.decisions()
        assert {d.outcome for d in decisions} == set(Outcome)
        for decision in decisions:
            seen = payments.get(decision.patient_control_number, [])
            if decision.outcome is Outcome.rejected:
                assert seen == []
                continue
            assert sum(paid for _, paid, _ in seen) == decision.paid
            assert seen[-1][2] == decision.patient_responsibility
            if decision.outcome is Outcome.denied:
                assert [status for status, _, _ in seen] == ["4"] and decision.paid == 0
            if decision.outcome is Outcome.reversed:
                assert [status for status, _, _ in seen] == ["1", "22", "1"]

    def test_lines_balance_and_patient_share_uses_pr_group_codes(self) -> None:
        config = SimulatorConfig.from_dict(
            {
                "default": {
                    "rejection_rate": 0,
                    "denial_rate": 0,
                    "partial_payment_rate": 0,
                    "reversal_rate": 0,
                    "allowed_percent": "0.8",
                    "patient_share": {"coinsurance": "0.1", "copay": "20", "deductible": "0"},
                }
            }
        )
        decision = decide(example_claim(0), config, DAY)
        for line in decision.lines:
            assert line.paid + sum(a.amount for a in line.adjustments) == line.charge
        codes = {(a.group, a.reason) for line in decision.lines for a in line.adjustments}
        assert codes == {("CO", "45"), ("PR", "3"), ("PR", "2")}
        assert decision.patient_responsibility == Decimal("20") + Decimal("14")  # copay, then 10% of 140

    def test_secondary_claim_pays_after_the_primary_and_says_so(self) -> None:
        config = SimulatorConfig.from_dict(
            {
                "default": {
                    "rejection_rate": 0,
                    "denial_rate": 0,
                    "partial_payment_rate": 0,
                    "reversal_rate": 0,
                }
            }
        )
        claim = with_prior_payers(example_claim(1), 1)
        decision = decide(claim, config, DAY)
        assert decision.status_code == "2"  # CLP02=2: processed as secondary
        for line in decision.lines:
            assert any(a.group == "OA" and a.reason == "23" for a in line.adjustments)
            assert line.paid + sum(a.amount for a in line.adjustments) == line.charge

    def test_member_id_pattern_rejects_unknown_members_and_a_resubmission_is_a_new_attempt(
        self, tmp_path: Path
    ) -> None:
        config = SimulatorConfig.from_dict(
            {"default": {"rejection_rate": 0, "member_id_pattern": "W[0-9]{9}"}}
        )
        claim = example_claim(0)
        bad = replace(claim, subscriber=replace(claim.subscriber, member_id="XX1"))
        assert decide(bad, config, DAY).front_end == ("A7", "33", "IL")
        simulator = PayerSimulator(SimulatorConfig.from_dict(BUSY), tmp_path)
        simulator.receive("one.x12", _837(2, 1), DAY)
        simulator.receive("two.x12", _837(2, 2), DAY)
        assert [d.attempt for d in simulator.decisions()] == [1, 1, 2, 2]


class TestConfiguration:
    def test_per_payer_behaviour_overrides_defaults(self) -> None:
        config = SimulatorConfig.from_dict(
            {"default": {"denial_rate": 0.1}, "payers": {"ACME01": {"adjudication_delay_days": 3}}}
        )
        assert config.behavior("ACME01").adjudication_delay_days == 3
        assert config.behavior("ACME01").denial_rate == 0.1
        assert config.behavior("OTHER").adjudication_delay_days == 14

    def test_loads_yaml(self, tmp_path: Path) -> None:
        path = tmp_path / "sim.yaml"
        path.write_text("seed: 5\ndefault:\n  allowed_percent: '0.65'\n  patient_share: {copay: 30}\n")
        config = SimulatorConfig.from_yaml(path)
        assert (config.seed, config.default.allowed_percent, config.default.patient_share.copay) == (
            5,
            Decimal("0.65"),
            Decimal("30"),
        )

    @pytest.mark.parametrize(
        "bad", [{"sead": 1}, {"default": {"denial_ratee": 1}}, {"default": {"patient_share": {"copy": 1}}}]
    )
    def test_typos_are_refused(self, bad: dict[str, object]) -> None:
        with pytest.raises(InvalidInput):
            SimulatorConfig.from_dict(bad)


class TestConnector:
    def test_send_then_fetch_over_simulated_days(self, tmp_path: Path) -> None:
        today = [DAY]
        connector = SimulatorConnector.from_options(state_dir=tmp_path, config=BUSY, clock=lambda: today[0])
        content = _837(20, 3)
        assert connector.send_batch("000000003", "b3.x12", content).sent
        assert connector.send_batch("000000003", "b3.x12", content).already_sent
        first = connector.fetch_responses()
        assert sorted(f.kind for f in first) == ["277", "999"]
        assert connector.fetch_responses() == []
        today[0] = DAY + timedelta(days=45)
        later = connector.fetch_responses()
        assert later and {f.kind for f in later} == {"835"}
        sidecar = json.loads(connector.simulator.decisions_path.read_text())
        assert len(sidecar["decisions"]) == 20 and sidecar["provider_adjustments"]

    def test_reads_simulator_yaml_from_the_state_directory(self, tmp_path: Path) -> None:
        (tmp_path / "simulator.yaml").write_text("seed: 99\n")
        assert SimulatorConnector.from_options(state_dir=tmp_path).simulator.config.seed == 99


def test_two_simulators_on_one_state_directory_share_their_state(tmp_path: Path) -> None:
    first = PayerSimulator(SimulatorConfig(), tmp_path)
    second = PayerSimulator(SimulatorConfig(), tmp_path)  # e.g. another worker process
    assert first.receive("b.x12", _837(3), DAY)
    assert second.receive("b.x12", _837(3), DAY) == []  # the same file is one submission
    released = second.release(DAY + timedelta(days=30))
    assert released and first.release(DAY + timedelta(days=30)) == []
