"""Builders: pyx12 finds ZERO errors in our 837P/837I (with COB), 999, 277CA and 835 output,
round trips give back the same data, and bad input is refused before any text is built."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from rcm.edi import (
    ClaimType,
    X12BuildError,
    X12ValidationUnavailable,
    build_277ca,
    build_835,
    build_837,
    build_999,
    parse_277,
    parse_835,
    parse_837,
    parse_999,
    validate_x12,
)
from rcm.edi.examples import envelope, example_batch, example_claim, with_prior_payers
from tests.edi.samples import sample

CASES = {
    "837P primary, dependents, several providers": (ClaimType.professional, 0, 12),
    "837P secondary (2320/2330/2430)": (ClaimType.professional, 1, 6),
    "837P tertiary (two prior payers)": (ClaimType.professional, 2, 6),
    "837I primary": (ClaimType.institutional, 0, 6),
    "837I secondary": (ClaimType.institutional, 1, 4),
    "837I tertiary": (ClaimType.institutional, 2, 4),
}


def _assert_valid(text: str) -> None:
    result = validate_x12(text)
    assert result.issues == [] and result.valid, result.errors[:10]


@pytest.mark.parametrize("case", sorted(CASES))
def test_pyx12_finds_no_error_in_our_837(case: str) -> None:
    claim_type, cob_levels, count = CASES[case]
    _assert_valid(build_837(example_batch(count, claim_type, cob_levels), envelope()))


def test_pyx12_accepts_more_than_100_claims_under_one_subscriber() -> None:
    claim = example_claim(0)
    claims = tuple(replace(claim, patient_control_number=f"SAME{i:04d}") for i in range(105))
    batch = replace(example_batch(1), claims=claims)
    text = build_837(batch, envelope())
    assert text.count("*22*") == 2  # loop 2300 repeats at most 100 times per subscriber HL
    _assert_valid(text)


@pytest.mark.parametrize("case", sorted(CASES))
def test_837_round_trip_gives_the_same_claims(case: str) -> None:
    claim_type, cob_levels, count = CASES[case]
    batch = example_batch(count, claim_type, cob_levels)
    [parsed] = parse_837(build_837(batch, envelope()))
    assert {c.patient_control_number: c for c in parsed.claims} == {
        c.patient_control_number: c for c in batch.claims
    }
    assert (parsed.submitter, parsed.receiver, parsed.claim_type) == (
        batch.submitter,
        batch.receiver,
        claim_type,
    )


def test_837_hl_tree_numbering_and_counts() -> None:
    text = build_837(example_batch(8), envelope(control_number=42))
    segments = text.split("~\n")
    hls = [s.split("*") for s in segments if s.startswith("HL*")]
    assert [h[1] for h in hls] == [str(i) for i in range(1, len(hls) + 1)]
    assert all(h[2] == "" for h in hls if h[3] == "20")
    st = segments.index(next(s for s in segments if s.startswith("ST*")))
    se = segments.index(next(s for s in segments if s.startswith("SE*")))
    assert segments[se] == f"SE*{se - st + 1}*0042"
    assert segments[0][90:99] == "000000042" and segments[-2] == "IEA*1*000000042"
    lx_per_claim = [s for s in segments if s.startswith(("CLM*", "LX*"))]
    assert lx_per_claim[:3] == ["CLM*PCN0000000*200***11:B:1*Y*A*Y*Y", "LX*1", "LX*2"]


class TestBuildErrors:
    def test_refuses_thirteen_diagnoses(self) -> None:
        claim = replace(example_claim(0), diagnoses=tuple(f"A{i:02d}.0" for i in range(13)))
        with pytest.raises(X12BuildError, match="13 diagnoses"):
            build_837(replace(example_batch(1), claims=(claim,)), envelope())

    def test_refuses_five_modifiers_and_bad_pointers(self) -> None:
        claim = example_claim(0)
        line = replace(claim.lines[0], modifiers=("25", "59", "RT", "LT", "GT"), diagnosis_pointers=(9,))
        with pytest.raises(X12BuildError, match=r"5 modifiers.*pointers"):
            build_837(replace(example_batch(1), claims=(replace(claim, lines=(line,)),)), envelope())

    def test_refuses_a_delimiter_inside_a_name(self) -> None:
        claim = example_claim(0)
        claim = replace(claim, subscriber=replace(claim.subscriber, last_name="DOE*SMITH"))
        with pytest.raises(X12BuildError, match="reserved X12 delimiter"):
            build_837(replace(example_batch(1), claims=(claim,)), envelope())

    def test_refuses_a_replacement_claim_without_the_payer_claim_number(self) -> None:
        claim = replace(example_claim(0), frequency_code="7")
        with pytest.raises(X12BuildError, match="REF\\*F8"):
            build_837(replace(example_batch(1), claims=(claim,)), envelope())

    def test_refuses_out_of_range_control_numbers(self) -> None:
        with pytest.raises(X12BuildError, match="interchange_control_number"):
            build_837(example_batch(1), envelope(control_number=1_000_000_000))

    def test_replacement_claim_carries_ref_f8_and_passes_pyx12(self) -> None:
        claim = replace(example_claim(0), frequency_code="7", payer_claim_control_number="ICN123")
        text = build_837(replace(example_batch(1), claims=(claim,)), envelope())
        assert "CLM*PCN0000000*200***11:B:7*" in text and "REF*F8*ICN123~" in text
        _assert_valid(text)


class TestAcknowledgmentAndRemittanceBuilders:
    @pytest.mark.parametrize(
        "name",
        [
            "synthetic/synthetic_835_2st_reversal_plb.835",
            "edi-835-parser/emedny_sample.txt",
            "TigerShark/5010-835-example-2.txt",
            "pyx12/835_mult_loops.txt",
        ],
    )
    def test_835_round_trip_and_pyx12(self, name: str) -> None:
        for remittance in parse_835(sample(name)):
            text = build_835(remittance, envelope())
            _assert_valid(text)
            [again] = parse_835(text)
            assert [replace(c, header=None) for c in again.claims] == [
                replace(c, header=None) for c in remittance.claims
            ]
            assert again.provider_adjustments == remittance.provider_adjustments
            assert again.balance() == remittance.balance()

    def test_999_round_trip_and_pyx12(self) -> None:
        [ack] = parse_999(sample("imsweb-x12-parser/x12_999_rejected.txt"))
        text = build_999(ack, envelope())
        _assert_valid(text)
        [again] = parse_999(text)
        assert again.transaction_sets == ack.transaction_sets and again.status == "R"

    def test_277ca_round_trip_and_pyx12(self) -> None:
        from rcm.edi import ClaimAck, Entity, StatusCode, claim_ack_tree

        provider = Entity("85", "2", "SAMPLE CLINIC", id_qualifier="XX", identifier="1234567893")
        acks = [
            ClaimAck(
                f"PCN{i}",
                Decimal(100 + i),
                date(2026, 11, 2),
                Entity("QC", "1", "DOE", "ANN", id_qualifier="MI", identifier=f"W{i}"),
                provider,
                StatusCode("A7", "164", "IL") if i == 1 else StatusCode("A2", "20", "PR"),
                payer_claim_control_number=f"ICN{i}",
            )
            for i in range(3)
        ]
        response = claim_ack_tree(
            Entity("PR", "2", "ACME", id_qualifier="PI", identifier="ACME01"),
            Entity("41", "2", "BILLING", id_qualifier="46", identifier="SUB01"),
            acks,
            day=date(2026, 11, 24),
            batch_trace="B1",
            reference_id="R1",
        )
        text = build_277ca(response, envelope())
        _assert_valid(text)
        [again] = parse_277(text)
        assert [
            (c.patient_control_number, c.rejected, c.payer_claim_control_number) for c in again.claims
        ] == [("PCN0", False, "ICN0"), ("PCN1", True, None), ("PCN2", False, "ICN2")]


class TestValidation:
    def test_reports_structured_issues(self) -> None:
        result = validate_x12(sample("imsweb-x12-parser/x12_277CA_rejected.txt"))
        assert not result.valid
        [issue] = result.issues
        assert (issue.segment_id, issue.level) == (
            "STC",
            "segment",
        ) and "Billing Provider Status" in issue.message

    def test_hygiene_makes_bom_indentation_and_cr_terminators_acceptable(self) -> None:
        assert validate_x12(sample("OopFactory-X12Parser/ST1309-XX.txt")).valid

    def test_a_version_without_a_pyx12_map_is_a_clear_error(self) -> None:
        with pytest.raises(X12ValidationUnavailable, match="005010X212"):
            validate_x12(sample("LinuxForHealth-x12/claim-level-status.277"))

    def test_untokenizable_input_is_an_invalid_result(self) -> None:
        result = validate_x12(sample("imsweb-x12-parser/x12_no_isa_line.txt"))
        assert not result.valid and result.issues[0].level == "syntax"


def test_with_prior_payers_balances_each_line() -> None:
    claim = with_prior_payers(example_claim(1), 1)
    for line in claim.lines:
        [adjudication] = line.adjudications
        assert adjudication.paid_amount + sum(a.amount for a in adjudication.adjustments) == line.charge
    assert claim.other_payers[0].paid_amount == sum(line.adjudications[0].paid_amount for line in claim.lines)
    assert claim.subscriber.payer_responsibility == "S" and claim.payer.payer_id == "BETA02"
