from __future__ import annotations

import pytest

from rcm.codesets.carc import carc_info, classify
from rcm.codesets.filing_limits import FilingLimits, default_filing_limits, limit_text_to_days
from rcm.codesets.npi import is_valid_npi, is_valid_taxonomy_format, npi_check_digit
from rcm.codesets.pos import is_valid_pos, place_of_service_codes, pos_name
from rcm.codesets.procedure_codes import (
    ProcedureCodeKind,
    is_evaluation_and_management,
    parse_cpt_code_list,
    procedure_code_kind,
)


@pytest.mark.parametrize(
    ("npi", "valid"),
    [
        ("1234567893", True),
        ("1558598797", True),
        ("1245319599", True),
        ("1234567890", False),
        ("0234567893", False),
        ("123456789", False),
    ],
)
def test_npi_check_digit(npi: str, valid: bool) -> None:
    assert is_valid_npi(npi) is valid


def test_check_digit_of_the_cms_example() -> None:
    assert npi_check_digit("123456789") == 3


def test_taxonomy_format() -> None:
    assert is_valid_taxonomy_format("207Q00000X") and not is_valid_taxonomy_format("207Q00000")


def test_place_of_service_list() -> None:
    assert len(place_of_service_codes()) == 52
    assert is_valid_pos("27") and is_valid_pos("66") and not is_valid_pos("30")
    assert pos_name("11") == "Office"


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("99213", ProcedureCodeKind.CPT_CATEGORY_I),
        ("0001F", ProcedureCodeKind.CPT_CATEGORY_II),
        ("0075T", ProcedureCodeKind.CPT_CATEGORY_III),
        ("0001U", ProcedureCodeKind.CPT_PLA),
        ("G0439", ProcedureCodeKind.HCPCS_LEVEL_II),
        ("W1234", None),
        ("9921", None),
        ("g0439", None),
    ],
)
def test_procedure_code_shapes(code: str, kind: ProcedureCodeKind | None) -> None:
    assert procedure_code_kind(code) is kind


def test_em_range_and_licensed_cpt_loader_keeps_codes_only() -> None:
    assert is_evaluation_and_management("99213") and not is_evaluation_and_management("99201")
    assert parse_cpt_code_list(["99213,some licensed descriptor", "J1100,not cpt", "code,header"]) == {
        "99213"
    }


def test_carc_categories_and_rarc_refinement() -> None:
    assert (carc_info("197").category, carc_info("197").kind) == ("AUTHORIZATION", "denial")
    assert carc_info("45").kind == "contractual" and not carc_info("45").is_denial
    assert classify("96", ["N130"]).category == "NON_COVERED"
    assert classify("16", ["MA130"]).category == "MISSING_INFO"
    assert classify("16", ["N999"], overrides={("16", "N999"): "CODING"}).category == "CODING"
    assert carc_info("ZZ9").category == "OTHER_NEEDS_RARC"


def test_filing_limit_defaults_in_days() -> None:
    limits = default_filing_limits()
    assert (limits["medicare"], limits["medicaid"], limits["tricare"], limits["commercial"]) == (
        365,
        365,
        365,
        90,
    )
    assert limits["medicare_advantage"] == 365 and "self_pay" not in limits


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("12 months (1 calendar year)", 365),
        ("1 year", 365),
        ("typically 90-180 days (some 365)", 90),
        ("contract-specific", None),
        ("60 calendar days", 60),
    ],
)
def test_limit_text(text: str, days: int | None) -> None:
    assert limit_text_to_days(text) == days


def test_payer_override() -> None:
    limits = FilingLimits({"60054": 180})
    assert limits.filing_limit_days("60054", "commercial") == 180
    assert limits.filing_limit_days("87726", "commercial") == 90
    assert limits.filing_limit_days("x", "self_pay") is None
