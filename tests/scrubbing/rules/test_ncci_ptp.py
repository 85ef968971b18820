from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from rcm.codesets.ncci import NcciPtpEdit
from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.lookups import InMemoryNcci, Lookups
from rcm.scrubbing.rules.ncci_ptp import NCCI_PTP_CONFLICT, check_ncci
from tests.scrubbing.builders import make_claim, make_line

# Synthetic pairs: not CMS data.
EDITS = [
    NcciPtpEdit("20610", "20604", date(2016, 1, 1), None, 1),
    NcciPtpEdit("93000", "93005", date(2010, 1, 1), None, 0),
    NcciPtpEdit("11721", "11720", date(2010, 1, 1), date(2025, 12, 31), 1),
    NcciPtpEdit("36415", "36416", date(2010, 1, 1), None, 9),
]
LOOKUPS = dataclasses.replace(Lookups(), ncci=InMemoryNcci(EDITS))


def _claim(*lines: tuple[str, tuple[str, ...]], **line_overrides: Any) -> ClaimContext:
    built = tuple(
        make_line(n, code, modifiers=mods, **line_overrides) for n, (code, mods) in enumerate(lines, 1)
    )
    return make_claim(lines=built)


def test_pair_with_distinct_service_modifier_passes() -> None:
    assert check_ncci(_claim(("20610", ()), ("20604", ("XS",))), LOOKUPS) == []


def test_modifier_may_sit_on_the_column_one_code() -> None:
    assert check_ncci(_claim(("20610", ("59",)), ("20604", ())), LOOKUPS) == []


def test_pair_without_modifier_fails_on_the_column_two_line() -> None:
    findings = check_ncci(_claim(("20610", ()), ("20604", ())), LOOKUPS)
    assert [(f.rule_id, f.line_number, f.carc) for f in findings] == [(NCCI_PTP_CONFLICT, 2, "236")]


def test_modifier_indicator_zero_cannot_be_bypassed() -> None:
    findings = check_ncci(_claim(("93000", ()), ("93005", ("59",))), LOOKUPS)
    assert [f.rule_id for f in findings] == [NCCI_PTP_CONFLICT]
    assert "never paid together" in findings[0].fix_hint


def test_deleted_and_not_applicable_edits_are_ignored() -> None:
    assert check_ncci(_claim(("11721", ()), ("11720", ())), LOOKUPS) == []
    assert check_ncci(_claim(("36415", ()), ("36416", ())), LOOKUPS) == []


def test_deletion_date_is_the_last_day_the_edit_applies() -> None:
    late_2025 = _claim(("11721", ()), ("11720", ()), service_date=date(2025, 12, 31))
    claim = dataclasses.replace(late_2025, today=date(2026, 1, 10))
    assert [f.rule_id for f in check_ncci(claim, LOOKUPS)] == [NCCI_PTP_CONFLICT]


def test_codes_on_different_days_do_not_collide() -> None:
    lines = (make_line(1, "20610"), make_line(2, "20604", service_date=date(2026, 6, 2)))
    assert check_ncci(make_claim(lines=lines, today=date(2026, 6, 15)), LOOKUPS) == []
