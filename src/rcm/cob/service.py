"""Coordination of benefits: after a payer adjudicates, bill the next payer (secondary, tertiary).

The next payer's claim repeats the original lines; the 837 then carries the prior payer's paid
amount and adjustments (loops 2320/2330/2430). Patient responsibility reaches the patient only
from the last payer in the chain: a claim that has a next-payer claim passes its PR on.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from rcm.tenancy import AuthContext


def create_next_payer_claims(
    session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]
) -> list[Claim]:
    return []
