from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rcm.codesets.mue import parse_mue_file
from rcm.codesets.ncci import parse_ptp_file
from rcm.errors import InvalidInput

DATA = Path(__file__).parent / "data"


def test_ptp_file_rows_and_header_skipping() -> None:
    with (DATA / "ncci_ptp_sample.txt").open() as handle:
        edits = list(parse_ptp_file(handle))
    assert [(e.column1, e.column2, e.modifier_indicator) for e in edits] == [
        ("20610", "20604", 1),
        ("93000", "93005", 0),
        ("11721", "11720", 1),
        ("36415", "36416", 9),
        ("99214", "36415", 1),
    ]
    deleted = edits[2]
    assert deleted.deletion == date(2025, 12, 31) and deleted.active_on(date(2025, 12, 31))
    assert not deleted.active_on(date(2026, 1, 1)) and not deleted.active_on(date(2009, 12, 31))
    assert edits[0].deletion is None and edits[0].modifier_allowed and not edits[1].modifier_allowed


def test_ptp_rows_exported_as_csv() -> None:
    (edit,) = parse_ptp_file(["20610,20604,,20160101,*,1,rationale"])
    assert (edit.column1, edit.effective) == ("20610", date(2016, 1, 1))


def test_ptp_bad_rows_name_their_line() -> None:
    with pytest.raises(InvalidInput, match="NCCI PTP file line 2: modifier indicator '3' is not 0, 1 or 9"):
        list(parse_ptp_file(["header", "20610\t20604\t\t20160101\t*\t3\tx"]))
    with pytest.raises(InvalidInput, match=r"line 1: bad date '2016011' \(expected YYYYMMDD\)"):
        list(parse_ptp_file(["20610\t20604\t\t2016011\t*\t1\tx"]))


def test_mue_file() -> None:
    with (DATA / "mue_sample.csv").open() as handle:
        limits = {limit.code: limit for limit in parse_mue_file(handle, effective=date(2026, 4, 1))}
    assert sorted(limits) == ["20610", "81002", "97110", "99214", "J1100"]
    assert (limits["97110"].max_units, limits["97110"].per_line) == (4, True)
    assert (limits["81002"].adjudication_indicator, limits["81002"].per_line) == (2, False)
    assert limits["J1100"].effective == date(2026, 4, 1)


def test_mue_bad_rows_name_their_line() -> None:
    with pytest.raises(InvalidInput, match="MUE file line 1: MUE value 'four' is not a whole number"):
        list(parse_mue_file(["97110,four,1 Line Edit,x"]))
    with pytest.raises(InvalidInput, match="line 1: MUE adjudication indicator '7 Other' is not 1, 2 or 3"):
        list(parse_mue_file(["97110,4,7 Other,x"]))
