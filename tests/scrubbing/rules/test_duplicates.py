from __future__ import annotations

import dataclasses

from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.lookups import InMemoryDuplicates, Lookups
from rcm.scrubbing.rules.duplicates import DUPLICATE_CLAIM, DUPLICATE_LINE, check_duplicates
from tests.scrubbing.builders import error_ids, ids, make_claim, make_line


def _lookups_with(*submitted: ClaimContext) -> Lookups:
    duplicates = InMemoryDuplicates()
    for claim in submitted:
        duplicates.record(claim)
    return dataclasses.replace(Lookups(), duplicates=duplicates)


def test_new_service_passes() -> None:
    assert check_duplicates(make_claim(), _lookups_with()) == []


def test_same_service_on_another_claim_is_a_duplicate() -> None:
    lookups = _lookups_with(make_claim(claim_id="CLM-OLD"))
    findings = check_duplicates(make_claim(claim_id="CLM-NEW"), lookups)
    assert [(f.rule_id, f.carc, f.line_number) for f in findings] == [(DUPLICATE_CLAIM, "18", 1)]
    assert "CLM-OLD" in findings[0].message


def test_rescrubbing_the_same_claim_is_not_a_duplicate() -> None:
    claim = make_claim()
    assert check_duplicates(claim, _lookups_with(claim)) == []


def test_different_provider_or_payer_is_not_a_duplicate() -> None:
    lookups = _lookups_with(make_claim(claim_id="CLM-OLD"))
    assert check_duplicates(make_claim(claim_id="N1", rendering_provider_id="prov-2"), lookups) == []
    assert check_duplicates(make_claim(claim_id="N2", payer_id="87726"), lookups) == []


def test_replacement_claims_restate_on_purpose() -> None:
    lookups = _lookups_with(make_claim(claim_id="CLM-OLD"))
    corrected = make_claim(claim_id="CLM-NEW", frequency_code="7", payer_claim_control_number="ICN1")
    assert check_duplicates(corrected, lookups) == []


def test_repeated_line_within_a_claim_warns_unless_marked_as_repeat() -> None:
    twice = make_claim(lines=(make_line(1, "36415"), make_line(2, "36415")))
    findings = check_duplicates(twice, _lookups_with())
    assert ids(findings) == {DUPLICATE_LINE} and error_ids(findings) == set()
    repeat = make_claim(lines=(make_line(1, "36415"), make_line(2, "36415", modifiers=("91",))))
    assert check_duplicates(repeat, _lookups_with()) == []
