from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.npi_taxonomy import NPI_INVALID, NPI_MISSING, TAXONOMY_INVALID, check_npis
from tests.scrubbing.builders import make_claim, make_line

LOOKUPS = Lookups()


def test_valid_npis_and_taxonomy_pass() -> None:
    claim = make_claim(referring_provider_npi="1245319599")
    assert check_npis(claim, LOOKUPS) == []


@pytest.mark.parametrize(
    ("field", "carc"),
    [("billing_provider_npi", "207"), ("rendering_provider_npi", "207"), ("referring_provider_npi", "207")],
)
def test_bad_check_digit_for_each_provider_role(field: str, carc: str) -> None:
    changes: dict[str, Any] = {field: "1234567890"}
    findings = check_npis(dataclasses.replace(make_claim(), **changes), LOOKUPS)
    assert [(f.rule_id, f.field, f.carc) for f in findings] == [(NPI_INVALID, field, carc)]
    assert "expected 3" in findings[0].message


def test_line_rendering_provider_is_checked_too() -> None:
    claim = make_claim(lines=(make_line(rendering_provider_npi="1558598790"),))
    assert [(f.rule_id, f.line_number) for f in check_npis(claim, LOOKUPS)] == [(NPI_INVALID, 1)]


@pytest.mark.parametrize("npi", ["123456789", "3234567893", "12345678AB"])
def test_npi_of_the_wrong_shape(npi: str) -> None:
    findings = check_npis(make_claim(billing_provider_npi=npi), LOOKUPS)
    assert findings[0].rule_id == NPI_INVALID and "10 digits" in findings[0].message


def test_missing_billing_npi() -> None:
    findings = check_npis(make_claim(billing_provider_npi=None), LOOKUPS)
    assert [(f.rule_id, f.carc) for f in findings] == [(NPI_MISSING, "206")]


def test_missing_optional_npis_are_not_findings() -> None:
    assert check_npis(make_claim(rendering_provider_npi=None, referring_provider_npi=None), LOOKUPS) == []


@pytest.mark.parametrize("code", ["207Q0000X", "207Q00000Y", "207q00000x"])
def test_malformed_taxonomy(code: str) -> None:
    assert [f.rule_id for f in check_npis(make_claim(billing_provider_taxonomy=code), LOOKUPS)] == [
        TAXONOMY_INVALID
    ]
