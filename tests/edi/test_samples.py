"""Every file under tests/data/x12_samples/ parses into the counts verified by hand (and by pyx12
where it has a map), or fails with the specific X12Error its defect deserves.

Expected values were cross-checked with a naive split of each file and, for 835/999/277CA, with
pyx12 4.0 (see docs/edi.md, "Sample files").
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcm.edi import (
    UnsupportedX12Version,
    X12ControlNumberMismatch,
    X12CountMismatch,
    X12ElementError,
    X12Error,
    X12MissingInterchange,
    X12StructureError,
    X12SyntaxError,
    parse_277,
    parse_835,
    parse_837,
    parse_999,
    parse_ta1,
)
from tests.edi.samples import all_sample_files, sample

# file -> (claims per transaction set, sum CLP04, reversals, sum PLB, service lines, balanced per ST)
REMITTANCES = {
    "synthetic/synthetic_835_2st_reversal_plb.835": ([30, 30], "6720.00", 2, "43.00", 120, [True, True]),
    "synthetic/synthetic_835_no_newlines.835": ([40], "4560.00", 1, "21.50", 80, [True]),
    "TigerShark/5010-835-example-1.txt": ([3], "1790", 0, "0", 9, [True]),
    "TigerShark/5010-835-example-2.txt": ([2], "100", 0, "0", 6, [True]),
    "edi-835-parser/emedny_sample.txt": ([3], "45.75", 0, "0", 10, [True]),
    "edi-835-parser/united_healthcare_legacy_sample.txt": ([2], "349.99", 0, "0", 5, [True]),
    "pyx12/835_mult_loops.txt": ([1], "0", 0, "0", 3, [True]),
    "LinuxForHealth-x12/medicare-part-a.835": ([2], "149998.73", 0, "-1.27", 0, [True]),
    # De-identified placeholders (BPR02=999.99 etc.): parses, but does not balance.
    "OopFactory-X12Parser/ExampleFromNth.txt": ([19, 23, 14], "7327.04", 0, "0", 91, [False, False, False]),
}

# file -> (claims per transaction set, sum CLM02, service lines, other payers (2320 loops))
CLAIMS = {
    "synthetic/synthetic_837p_primary.x12": ([2], "400", 4, 0),
    "synthetic/synthetic_837p_secondary_cob_2320_2430.x12": ([2], "400", 4, 2),
    "synthetic/synthetic_837i_secondary_cob_2320_2430.x12": ([2], "400", 4, 2),
    "LinuxForHealth-x12/demo.ambulance.example5.837": ([1], "766.50", 4, 0),
    "LinuxForHealth-x12/demo.autoaccident.837": ([1], "185.00", 2, 0),
    "LinuxForHealth-x12/demo.cob.example3.A.837": ([1], "79.04", 3, 1),
    "LinuxForHealth-x12/demo.cob.example3.B.837": ([1], "79.04", 3, 1),
    "LinuxForHealth-x12/demo.cob.example4.837": ([1], "120.00", 1, 1),
    "LinuxForHealth-x12/demo.example1.837": ([1], "100.00", 4, 0),
    "LinuxForHealth-x12/institutional-claim.837i": ([1], "89.93", 2, 1),
    "LinuxForHealth-x12/two-claims-single-provider.837i": ([2], "139.95", 3, 0),
    "OopFactory-X12Parser/Example1_2_And_3_Combined.txt": ([2, 1], "279.04", 11, 1),
    "OopFactory-X12Parser/ST1309-XX.txt": ([1], "360", 2, 1),
}

# imsweb 837 fixtures all declare SE01=25 (or 26) for longer transaction sets: strict parsing
# refuses them; lenient parsing (strict=False) records the mismatch and yields the claims.
LENIENT_CLAIMS = {
    "imsweb-x12-parser/x12_valid.txt": ([2], "1000"),
    "imsweb-x12-parser/x12_valid_different_separators.txt": ([2], "1000"),
    "imsweb-x12-parser/x12_missing_elements.txt": ([2], "1000"),
    "imsweb-x12-parser/x12_multiple_isa.txt": ([2, 2], "2000"),
    "imsweb-x12-parser/x12_multiple_gs.txt": ([2, 2, 2], "3000"),
    "imsweb-x12-parser/x12_multiple_st.txt": ([2, 2], "2000"),
    "imsweb-x12-parser/x12_complex.txt": ([3, 3], "3000"),
    "imsweb-x12-parser/x12_many_claims.txt": ([820], "410000"),
    "imsweb-x12-parser/x12_multiple_transactions.txt": ([2] * 312, "312000"),
    "imsweb-x12-parser/x223-test.txt": ([1], "500"),
}

# file -> (acknowledged group status, [(ST02, IK501)], IK3 segment ids)
ACKS = {
    "imsweb-x12-parser/x12_999_rejected.txt": ("R", [("0028", "R")], ["NM"]),
    "OopFactory-X12Parser/DHS_Wisconsin_Sample.txt": (
        "P",
        [("0001", "A"), ("002", "R"), ("0003", "R")],
        ["CLM", "REF"],
    ),
    "pyx12/834_ls_le_ls_5010.999.txt": ("A", [("146001", "A")], []),
}

# file -> [(patient control number, first STC category:status:entity, payer claim number)], total STC
STATUSES = {
    "imsweb-x12-parser/x12_277CA_accepted.txt": ([("5781", "A2:20:", "1107000000014420")], 2),
    "imsweb-x12-parser/x12_277CA_rejected.txt": ([("3920394930203", "A7:562:85", "1107000000001120")], 2),
    "OopFactory-X12Parser/FromAlexbrodsky.txt": ([("3920394930203", "A7:562:85", "1107000000001120")], 2),
    "OopFactory-X12Parser/277_Deidentified_from_nth.txt": ([("99999999-99999", "X9:999:99", None)] * 3, 12),
    "LinuxForHealth-x12/claim-level-status.277": (
        [
            ("SM123456", "P3:317:", "05347006051"),
            ("J0234567", "F0:3:", "0529675341"),
            ("MA345678", "F2:88:QC", "051681010827"),
        ],
        4,
    ),
    "LinuxForHealth-x12/information-receiver-level-status.277": ([], 1),
}

# file -> (error class, element or segment id the error must name, strict)
MALFORMED = {
    "edi-835-parser/blue_cross_nc_sample.txt": (X12MissingInterchange, None),  # bare ST..SE, no ISA
    "imsweb-x12-parser/x12_no_isa_line.txt": (X12MissingInterchange, None),  # starts at GS
    "imsweb-x12-parser/x12_bad_first_line.txt": (X12SyntaxError, "ISA"),  # ISA04 one blank short
    "TigerShark/835-example.txt": (UnsupportedX12Version, "ISA12"),  # 00401 interchange
    "OopFactory-X12Parser/Example1.txt": (UnsupportedX12Version, "ISA12"),  # 00401, GS08=5010
    "LinuxForHealth-x12/managed-care.835": (X12ElementError, "BPR16"),  # 20002316 is no date
    # ISA16 declares ':' but composites use '>' (SVC*HC>55669): the code is not where X12 puts it.
    "LinuxForHealth-x12/cob-contractural-adjustment.835": (X12ElementError, "SVC01"),
    "LinuxForHealth-x12/secondary-payment.835": (X12ElementError, "SVC01"),
    "LinuxForHealth-x12/tertiary-payment.835": (X12ElementError, "SVC01"),  # SVC*HC with no code
    "LinuxForHealth-x12/demo.cob.2ndary.example4.837": (X12ElementError, "SV101"),
    "LinuxForHealth-x12/out-of-network-repriced-claim.837i": (X12ElementError, "SV202"),
    "LinuxForHealth-x12/ppo-repriced-claim.837i": (X12ElementError, "SV202"),
    "OopFactory-X12Parser/MedicaidExample.txt": (X12StructureError, "HL"),  # claims without HI
    "OopFactory-X12Parser/InstitutionalClaim5010.txt": (X12CountMismatch, "SE01"),  # SE01=43, 78 counted
    "imsweb-x12-parser/x12_bad_valid_code.txt": (X12StructureError, "NM1"),  # NM1*117 where NM1*85 belongs
    "imsweb-x12-parser/x12_999_accepted.txt": (X12ControlNumberMismatch, "IEA02"),  # IEA02 != ISA13
    "imsweb-x12-parser/x12_277_x212.txt": (X12ControlNumberMismatch, "IEA02"),
}
OTHER = {
    "OopFactory-X12Parser/TechnicalAcknowledgment_SampleFromJeffN825.txt",
    "LinuxForHealth-x12/claim-level-status.276",
}


def test_every_sample_file_has_an_expectation() -> None:
    covered = {*REMITTANCES, *CLAIMS, *LENIENT_CLAIMS, *ACKS, *STATUSES, *MALFORMED, *OTHER}
    assert sorted(covered) == all_sample_files()


@pytest.mark.parametrize("name", sorted(REMITTANCES))
def test_remittance_sample_parses_into_the_verified_totals(name: str) -> None:
    per_st, paid, reversals, plb, services, balanced = REMITTANCES[name]
    remittances = parse_835(sample(name))
    assert [len(r.claims) for r in remittances] == per_st
    assert sum(c.paid for r in remittances for c in r.claims) == Decimal(paid)
    assert sum(len(r.reversals) for r in remittances) == reversals
    assert sum(p.amount for r in remittances for p in r.provider_adjustments) == Decimal(plb)
    assert sum(len(c.services) for r in remittances for c in r.claims) == services
    assert [r.balance().balanced for r in remittances] == balanced


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_claim_sample_parses_into_the_verified_totals(name: str) -> None:
    per_st, charges, lines, other_payers = CLAIMS[name]
    batches = parse_837(sample(name))
    claims = [c for b in batches for c in b.claims]
    assert [len(b.claims) for b in batches] == per_st
    assert sum(c.total_charge for c in claims) == Decimal(charges)
    assert sum(len(c.lines) for c in claims) == lines
    assert sum(len(c.other_payers) for c in claims) == other_payers


@pytest.mark.parametrize("name", sorted(LENIENT_CLAIMS))
def test_wrong_se01_is_refused_strictly_and_salvaged_leniently(name: str) -> None:
    per_st, charges = LENIENT_CLAIMS[name]
    with pytest.raises(X12CountMismatch) as failure:
        parse_837(sample(name))
    assert failure.value.element == "SE01" and failure.value.segment_id == "SE"
    batches = parse_837(sample(name), strict=False)
    assert [len(b.claims) for b in batches] == per_st
    assert sum(c.total_charge for b in batches for c in b.claims) == Decimal(charges)


@pytest.mark.parametrize("name", sorted(ACKS))
def test_999_sample_reports_accepted_and_rejected_sets(name: str) -> None:
    status, sets, segment_ids = ACKS[name]
    [ack] = parse_999(sample(name))
    assert ack.status == status
    assert [(t.control_number, t.status) for t in ack.transaction_sets] == sets
    assert [e.segment_id for t in ack.transaction_sets for e in t.segment_errors] == segment_ids


@pytest.mark.parametrize("name", sorted(STATUSES))
def test_277_sample_reports_claim_statuses(name: str) -> None:
    expected, stc_total = STATUSES[name]
    responses = parse_277(sample(name))
    claims = [c for r in responses for c in r.claims]
    found = [
        (c.patient_control_number, _stc(c.statuses[0].code), c.payer_claim_control_number) for c in claims
    ]
    assert found == expected
    level_stc = sum(len(level.statuses) for r in responses for level in r.levels)
    claim_stc = sum(len(c.statuses) + sum(len(line.statuses) for line in c.lines) for c in claims)
    assert level_stc + claim_stc == stc_total


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_sample_fails_with_a_specific_error(name: str) -> None:
    error, where = MALFORMED[name]
    parser = _parser_for(name)
    with pytest.raises(error) as failure:
        parser(sample(name))
    if where is not None:
        assert where in (failure.value.element, failure.value.segment_id)
    assert failure.value.status_code == 422


def test_lenient_parse_salvages_envelope_mismatches() -> None:
    [ack] = parse_999(sample("imsweb-x12-parser/x12_999_accepted.txt"), strict=False)
    assert ack.accepted and ack.transaction_sets[0].control_number == "0001"
    responses = parse_277(sample("imsweb-x12-parser/x12_277_x212.txt"), strict=False)
    claims = [c for r in responses for c in r.claims]
    assert len(claims) == 8 and {c.statuses[0].code.category for c in claims} == {"A1"}
    assert claims[0].patient_control_number == "12345" and claims[0].trace_number == "0000001"


def test_ta1_only_interchange_parses() -> None:
    [ta1] = parse_ta1(sample("OopFactory-X12Parser/TechnicalAcknowledgment_SampleFromJeffN825.txt"))
    assert (ta1.control_number, ta1.status, ta1.note_code, ta1.accepted) == ("900000001", "R", "006", False)


def test_errata_and_bare_versions_are_accepted_for_parsing() -> None:
    [batch] = parse_837(sample("LinuxForHealth-x12/demo.example1.837"))  # 005010X222A2
    assert batch.claims[0].patient_control_number == "26463774"
    batches = parse_837(sample("OopFactory-X12Parser/Example1_2_And_3_Combined.txt"))  # bare 005010X222
    assert len(batches) == 2


def _parser_for(name: str) -> object:
    if name.endswith((".837", ".837i")) or "x12_bad" in name or "Institutional" in name or "Medicaid" in name:
        return parse_837
    if "999" in name:
        return parse_999
    if "277" in name:
        return parse_277
    return parse_835


def _stc(code: object) -> str:
    return f"{code.category}:{code.status}:{code.entity}"  # type: ignore[attr-defined]


def test_errors_are_x12_errors() -> None:
    assert all(issubclass(error, X12Error) for error, _ in MALFORMED.values())
