from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from rcm.codesets.hcpcs import HcpcsCodeSet, HcpcsRecord
from rcm.scrubbing.lookups import InMemoryProcedureCodes, Lookups
from rcm.scrubbing.rules.procedure_codes import (
    PROCEDURE_CODE_FORMAT,
    PROCEDURE_CODE_INVALID_FOR_DOS,
    check_procedure_codes,
)
from tests.scrubbing.builders import error_ids, make_claim, make_line

HCPCS = HcpcsCodeSet(
    [
        HcpcsRecord("G0439", False, "SYNTHETIC", date(2011, 1, 1), None, None, "N"),
        HcpcsRecord("G9001", False, "SYNTHETIC", date(2020, 1, 1), None, date(2025, 12, 31), "D"),
        HcpcsRecord("G9002", False, "SYNTHETIC", date(2026, 7, 1), None, None, "A"),
    ]
)
WITH_HCPCS = dataclasses.replace(Lookups(), procedures=InMemoryProcedureCodes(HCPCS))


@pytest.mark.parametrize("code", ["99213", "0001F", "0075T", "0001U", "G0439", "J1100"])
def test_well_formed_codes_pass_without_a_code_file(code: str) -> None:
    assert check_procedure_codes(make_claim(lines=(make_line(code=code),)), Lookups()) == []


@pytest.mark.parametrize("code", ["9921", "992133", "g0439", "0001X", "W1234", "99-13"])
def test_malformed_codes_fail(code: str) -> None:
    findings = check_procedure_codes(make_claim(lines=(make_line(code=code),)), Lookups())
    assert [(f.rule_id, f.carc) for f in findings] == [(PROCEDURE_CODE_FORMAT, "16")]


def test_hcpcs_code_checked_against_the_loaded_file() -> None:
    assert check_procedure_codes(make_claim(lines=(make_line(code="G0439"),)), WITH_HCPCS) == []
    findings = check_procedure_codes(make_claim(lines=(make_line(code="G0999"),)), WITH_HCPCS)
    assert [(f.rule_id, f.carc) for f in findings] == [(PROCEDURE_CODE_INVALID_FOR_DOS, "181")]


def test_terminated_and_not_yet_added_codes_fail_on_the_date_of_service() -> None:
    claim = make_claim(lines=(make_line(1, "G9001"), make_line(2, "G9002")))
    assert [f.line_number for f in check_procedure_codes(claim, WITH_HCPCS)] == [1, 2]


def test_termination_date_is_the_last_valid_day() -> None:
    claim = make_claim(
        lines=(make_line(code="G9001", service_date=date(2025, 12, 31)),), today=date(2026, 1, 5)
    )
    assert check_procedure_codes(claim, WITH_HCPCS) == []


def test_cpt_existence_needs_a_licensed_file() -> None:
    licensed = dataclasses.replace(Lookups(), procedures=InMemoryProcedureCodes(cpt_codes={"99213"}))
    assert check_procedure_codes(make_claim(lines=(make_line(code="99213"),)), licensed) == []
    assert error_ids(check_procedure_codes(make_claim(lines=(make_line(code="99499"),)), licensed)) == {
        PROCEDURE_CODE_INVALID_FOR_DOS
    }


def test_institutional_line_may_carry_only_a_revenue_code() -> None:
    line = make_line(code="", revenue_code="0450")
    institutional = make_claim(
        lines=(line,), claim_type="institutional", type_of_bill="131", place_of_service=None
    )
    assert check_procedure_codes(institutional, Lookups()) == []
    assert error_ids(check_procedure_codes(make_claim(lines=(line,)), Lookups())) == {PROCEDURE_CODE_FORMAT}
