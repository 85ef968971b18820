"""NPI check digit for billing, rendering and referring providers; taxonomy code shape."""

from __future__ import annotations

from collections.abc import Iterator

from rcm.codesets.npi import is_valid_npi, is_valid_taxonomy_format, npi_check_digit
from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

NPI_MISSING = "NPI_MISSING"
NPI_INVALID = "NPI_INVALID"
TAXONOMY_INVALID = "TAXONOMY_INVALID"
# CARC 206 "NPI missing" and 207 "NPI invalid": the codes payers use for these exact problems.
MISSING_CARC, INVALID_CARC = "206", "207"
# CARC 16: a malformed PRV03 taxonomy makes the 837 unprocessable.
TAXONOMY_CARC = "16"


def check_npis(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    findings: list[Finding] = []
    if not claim.billing_provider_npi:
        findings.append(
            error(
                NPI_MISSING,
                "billing provider has no NPI",
                "Enter the billing provider's 10-digit NPI (2010AA NM109).",
                MISSING_CARC,
                field="billing_provider_npi",
            )
        )
    for field, role, npi, line_number in _npis(claim):
        if not is_valid_npi(npi):
            findings.append(_invalid_npi(field, role, npi, line_number))
    for field, code in (
        ("billing_provider_taxonomy", claim.billing_provider_taxonomy),
        ("rendering_provider_taxonomy", claim.rendering_provider_taxonomy),
    ):
        if code and not is_valid_taxonomy_format(code):
            findings.append(
                error(
                    TAXONOMY_INVALID,
                    f"{field.replace('_', ' ')} '{code}' is not a 10-character NUCC code ending in X",
                    "Use the provider's NUCC taxonomy code, e.g. 207Q00000X.",
                    TAXONOMY_CARC,
                    field=field,
                )
            )
    return findings


def _npis(claim: ClaimContext) -> Iterator[tuple[str, str, str, int | None]]:
    for field, role in (
        ("billing_provider_npi", "billing provider"),
        ("rendering_provider_npi", "rendering provider"),
        ("referring_provider_npi", "referring provider"),
    ):
        npi = getattr(claim, field)
        if npi:
            yield field, role, npi, None
    for line in claim.lines:
        if line.rendering_provider_npi:
            yield (
                "rendering_provider_npi",
                "line rendering provider",
                line.rendering_provider_npi,
                line.line_number,
            )


def _invalid_npi(field: str, role: str, npi: str, line_number: int | None) -> Finding:
    if len(npi) == 10 and npi.isdigit() and npi[0] in "12":
        problem = f"fails the check digit (expected {npi_check_digit(npi[:9])})"
    else:
        problem = "is not 10 digits starting with 1 or 2"
    return error(
        NPI_INVALID,
        f"{role} NPI '{npi}' {problem}",
        "Re-enter the NPI from NPPES; a typo usually breaks the check digit.",
        INVALID_CARC,
        line_number=line_number,
        field=field,
    )


EDIT = BuiltinEdit("npi_taxonomy", (NPI_MISSING, NPI_INVALID, TAXONOMY_INVALID), check_npis)
