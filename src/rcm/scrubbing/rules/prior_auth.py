"""Prior authorization: codes a payer lists as needing authorization must carry the number (REF*G1)."""

from __future__ import annotations

import re

from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.findings import Finding, error
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.rules.base import BuiltinEdit

PRIOR_AUTH_MISSING = "PRIOR_AUTH_MISSING"
PRIOR_AUTH_INVALID = "PRIOR_AUTH_INVALID"
# CARC 197 "precertification/authorization/notification absent".
MISSING_CARC = "197"
# CARC 15 "authorization number is missing, invalid, or does not apply".
INVALID_CARC = "15"
_REF02 = re.compile(r"^[0-9A-Za-z\-]{1,50}$")


def check_prior_auth(claim: ClaimContext, lookups: Lookups) -> list[Finding]:
    number = claim.prior_authorization_number
    if number is not None and not _REF02.match(number):
        return [
            error(
                PRIOR_AUTH_INVALID,
                f"prior authorization number '{number}' is not 1-50 letters, digits or dashes",
                "Copy the authorization number exactly as the payer issued it.",
                INVALID_CARC,
                field="prior_authorization_number",
            )
        ]
    if number:
        return []
    codes = {line.procedure_code for line in claim.lines if line.procedure_code}
    required = lookups.prior_auth.codes_requiring_authorization(
        claim.payer_id, claim.payer_type, codes, claim.service_date_from
    )
    return [
        error(
            PRIOR_AUTH_MISSING,
            f"line {line.line_number}: {claim.payer_name or claim.payer_id} requires prior authorization "
            f"for {line.procedure_code}",
            "Enter the authorization number, or obtain a retro-authorization before submitting.",
            MISSING_CARC,
            line_number=line.line_number,
            field="prior_authorization_number",
        )
        for line in claim.lines
        if line.procedure_code in required
    ]


EDIT = BuiltinEdit("prior_auth", (PRIOR_AUTH_MISSING, PRIOR_AUTH_INVALID), check_prior_auth)
