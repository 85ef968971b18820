from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rcm.codesets.icd10 import (
    Icd10CodeSet,
    Icd10Release,
    Icd10Verdict,
    default_icd10_codeset,
    dotted,
    load_cdc_code_file,
    parse_cdc_code_file,
    read_index,
    write_index,
)
from rcm.errors import InvalidInput

DATA = Path(__file__).parent / "data"
FY2027 = date(2026, 10, 1)


def test_packaged_index_holds_the_three_bundled_releases() -> None:
    codes = default_icd10_codeset()
    assert [r.effective_from for r in codes.releases] == [
        date(2021, 1, 1),
        date(2025, 4, 1),
        date(2026, 4, 1),
    ]
    assert len(codes) > 75_000
    assert len(codes.billable_codes(codes.releases[-1])) == 74_706  # equals simple-icd-10-cm 1.5.0 leaves


@pytest.mark.parametrize(
    ("code", "on", "verdict"),
    [
        ("E11.9", date(2026, 5, 1), Icd10Verdict.BILLABLE),
        ("E11", date(2026, 5, 1), Icd10Verdict.HEADER),
        ("S72.001", date(2026, 5, 1), Icd10Verdict.HEADER),  # needs its 7th character
        ("S72.001A", date(2026, 5, 1), Icd10Verdict.BILLABLE),
        ("M54.5", date(2021, 5, 1), Icd10Verdict.BILLABLE),  # expanded to M54.50-M54.59 in FY2022
        ("M54.5", date(2025, 5, 1), Icd10Verdict.HEADER),
        ("M54.50", date(2021, 5, 1), Icd10Verdict.INVALID),
        ("XYZ", date(2026, 5, 1), Icd10Verdict.INVALID),
        ("E11.9", date(2020, 5, 1), Icd10Verdict.NO_RELEASE),
        ("E11.A", date(2025, 12, 1), Icd10Verdict.UNCERTAIN),  # new in October 2025, between loaded releases
        ("E11.9", date(2023, 5, 1), Icd10Verdict.BILLABLE),  # in both neighbours of the gap
    ],
)
def test_verdict_by_date_of_service(code: str, on: date, verdict: Icd10Verdict) -> None:
    assert default_icd10_codeset().check(code, on).verdict is verdict


def test_newest_release_stays_current_but_is_flagged_stale_after_its_fiscal_year() -> None:
    codes = default_icd10_codeset()
    assert not codes.check("E11.9", date(2026, 9, 30)).stale
    late = codes.check("E11.9", date(2026, 10, 1))
    assert late.ok and late.stale and late.release == codes.releases[-1]


def test_cdc_codes_file_adds_a_fiscal_year() -> None:
    codes = load_cdc_code_file(DATA / "icd10cm-codes-2027-sample.txt", FY2027, label="FY2027 sample")
    assert codes.newest == Icd10Release("FY2027 sample", FY2027)
    after = codes.check("U09.91", date(2026, 10, 15))
    assert after.ok and not after.stale
    assert codes.check("U09.91", date(2026, 9, 1)).verdict is Icd10Verdict.INVALID
    assert codes.check("M17.11", date(2026, 10, 15)).verdict is Icd10Verdict.INVALID  # not in the sample file
    assert default_icd10_codeset().newest != codes.newest, "the packaged code set is not modified"


def test_cms_order_file_keeps_only_billable_codes() -> None:
    with (DATA / "icd10cm-order-2027-sample.txt").open() as handle:
        assert parse_cdc_code_file(handle) == frozenset({"A000", "E119", "U0991"})


def test_code_list_without_flags_takes_the_leaves() -> None:
    assert parse_cdc_code_file(["1", "A00-A09", "A00", "A000", "A001", "E11", "E11.9", "Z23"]) == frozenset(
        {"A000", "A001", "E119", "Z23"}
    )


def test_file_without_codes_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "notes.txt"
    empty.write_text("hello\n")
    with pytest.raises(InvalidInput, match="no ICD-10-CM codes found"):
        load_cdc_code_file(empty, FY2027)


def test_replacing_a_release_with_the_same_date() -> None:
    base = Icd10CodeSet([Icd10Release("A", date(2025, 10, 1))], {"X001": 1})
    replaced = base.with_release(Icd10Release("A2", date(2025, 10, 1)), {"X002"})
    assert [r.label for r in replaced.releases] == ["A2"]
    assert replaced.check("X001", date(2025, 11, 1)).verdict is Icd10Verdict.INVALID
    assert replaced.check("X002", date(2025, 11, 1)).ok


def test_release_inserted_between_others_keeps_masks_aligned() -> None:
    base = Icd10CodeSet(
        [Icd10Release("A", date(2024, 10, 1)), Icd10Release("C", date(2026, 10, 1))],
        {"X001": 0b11, "X002": 0b10},
    )
    filled = base.with_release(Icd10Release("B", date(2025, 10, 1)), {"X001", "X002"})
    assert filled.check("X002", date(2025, 12, 1)).ok
    assert filled.check("X002", date(2024, 12, 1)).verdict is Icd10Verdict.INVALID
    assert filled.check("X001", date(2026, 12, 1)).ok


def test_index_round_trip(tmp_path: Path) -> None:
    codes = Icd10CodeSet([Icd10Release("A", date(2025, 10, 1))], {"E119": 1, "I10": 1})
    path = tmp_path / "index.tsv.gz"
    write_index(codes, path)
    import gzip

    again = read_index(gzip.decompress(path.read_bytes()).decode().splitlines())
    assert again.releases == codes.releases and again.billable_codes(again.releases[0]) == {"E119", "I10"}


def test_dotted_display() -> None:
    assert (dotted("e119"), dotted("I10"), dotted("S72001A")) == ("E11.9", "I10", "S72.001A")
