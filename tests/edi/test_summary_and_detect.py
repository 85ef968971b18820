"""Kind detection, the JSON summary behind `python -m rcm.edi parse`, and streaming 835 writing."""

from __future__ import annotations

import io
import json

import pytest

from rcm.edi import detect_kind, parse_835, validate_x12
from rcm.edi.__main__ import main
from rcm.edi.build_835 import write_835
from rcm.edi.examples import envelope, example_remittance, example_remittance_claims
from rcm.edi.summary import summarize
from tests.edi.samples import GOLDEN, sample


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("synthetic/synthetic_835_no_newlines.835", "835"),
        ("synthetic/synthetic_837p_primary.x12", "837"),
        ("imsweb-x12-parser/x12_999_rejected.txt", "999"),
        ("imsweb-x12-parser/x12_277CA_accepted.txt", "277"),
        ("LinuxForHealth-x12/claim-level-status.276", "276"),
        ("OopFactory-X12Parser/TechnicalAcknowledgment_SampleFromJeffN825.txt", "TA1"),
        ("edi-835-parser/blue_cross_nc_sample.txt", "unknown"),
    ],
)
def test_detects_the_kind_from_the_first_segments(name: str, kind: str) -> None:
    assert detect_kind(sample(name).read_bytes()) == kind


def test_summaries_for_each_kind() -> None:
    remittance = summarize(sample("synthetic/synthetic_835_2st_reversal_plb.835"))
    assert [(r["claims"], r["reversals"], r["balanced"]) for r in remittance["remittances"]] == [
        (30, 1, True)
    ] * 2
    claims = summarize(GOLDEN / "837p_secondary_cob.x12")
    assert claims["batches"] == [
        {"type": "professional", "claims": 4, "total_charge": "1120", "lines": 8, "with_prior_payers": 4}
    ]
    assert summarize(GOLDEN / "999_partially_accepted.x12")["acknowledgments"][0]["rejected"] == ["0002"]
    statuses = summarize(GOLDEN / "277ca_accept_and_reject.x12")["responses"][0]["claims"]
    assert [(c["patient_control_number"], c["rejected"]) for c in statuses] == [
        ("PCN0000001", False),
        ("PCN0000002", True),
    ]


def test_cli_prints_json_or_the_x12_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(sample("synthetic/synthetic_835_no_newlines.835"))]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "835"
    assert main(["parse", str(sample("LinuxForHealth-x12/managed-care.835"))]) == 2
    error = json.loads(capsys.readouterr().err)
    assert (error["error"], error["context"]["element"]) == ("X12ElementError", "BPR16")


def test_write_835_streams_a_balanced_pyx12_clean_file() -> None:
    header, plbs = example_remittance(300)
    out = io.StringIO()
    assert write_835(out, header, example_remittance_claims(300), plbs, envelope()) == 300
    [remittance] = parse_835(out.getvalue())
    assert len(remittance.claims) == 300 and remittance.balance().balanced and remittance.reversals
    assert validate_x12(out.getvalue()).valid
