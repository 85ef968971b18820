"""Prior payers of a secondary/tertiary claim -> 837 loops 2320/2330 (claim) and 2430 (lines).

Everything comes from what was posted from the prior payers' 835s: their paid amounts, every
CAS triplet (claim-level in 2320, line-level in 2430) and the adjudication date.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from rcm.batches.parties import RESPONSIBILITY, subscriber
from rcm.claims.models import Claim, ClaimLine
from rcm.edi import claim_input as x12
from rcm.edi.common import Adjustment
from rcm.money import to_decimal
from rcm.patients.models import Coverage, Patient
from rcm.payers.models import Payer
from rcm.payments.models import PaymentAdjustment


@dataclass(frozen=True, slots=True)
class PriorPayer:
    claim: Claim
    payer: Payer
    coverage: Coverage
    adjustments: list[PaymentAdjustment]

    @property
    def adjudicated_on(self) -> date:
        when = self.claim.last_payment_at or self.claim.adjudicated_at or self.claim.updated_at
        return when.date()


def _cas(rows: list[PaymentAdjustment]) -> tuple[Adjustment, ...]:
    return tuple(Adjustment(r.group_code, r.carc, to_decimal(r.amount_cents), r.quantity) for r in rows)


def chain(claim: Claim, claims: dict[uuid.UUID, Claim]) -> list[Claim]:
    """Prior claims of `claim`, the primary first."""
    found, current = [], claim
    while current.primary_claim_id is not None and current.primary_claim_id in claims:
        current = claims[current.primary_claim_id]
        found.append(current)
    return list(reversed(found))


def other_payer(prior: PriorPayer, patient: Patient) -> x12.OtherPayer:
    claim_level = [a for a in prior.adjustments if a.claim_line_id is None]
    return x12.OtherPayer(
        payer=x12.Payer(name=prior.payer.name, payer_id=prior.payer.payer_code),
        subscriber=subscriber(prior.coverage, patient, prior.payer),
        responsibility=RESPONSIBILITY[prior.claim.payer_sequence.value],
        relationship=prior.coverage.relationship.value,
        paid_amount=to_decimal(prior.claim.paid_cents),
        adjustments=_cas(claim_level),
        remaining_patient_liability=to_decimal(prior.claim.patient_responsibility_cents),
        adjudication_date=prior.adjudicated_on,
    )


def line_adjudications(line_number: int, priors: list[PriorPayer]) -> tuple[x12.LineAdjudication, ...]:
    found = []
    for prior in priors:
        prior_line: ClaimLine | None = next(
            (ln for ln in prior.claim.lines if ln.line_number == line_number), None
        )
        if prior_line is None:
            continue
        rows = [a for a in prior.adjustments if a.claim_line_id == prior_line.id]
        found.append(
            x12.LineAdjudication(
                payer_id=prior.payer.payer_code,
                paid_amount=to_decimal(prior_line.paid_cents),
                procedure_code=prior_line.procedure_code,
                paid_units=prior_line.units,
                adjudication_date=prior.adjudicated_on,
                modifiers=tuple(prior_line.modifiers),
                adjustments=_cas(rows),
                revenue_code=prior_line.revenue_code,
            )
        )
    return tuple(found)
