"""Line money for one adjudication: allowed amount, cost sharing and the CAS adjustments that explain it.

Every amount posted keeps charge = paid + adjustments + patient responsibility + open balance, per line.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from rcm.synth.people import Plan

CHARGE, ALLOWED, PAID, PR, ADJ = range(5)
SEQUESTRATION = 0.02  # Medicare's payment reduction, CO-253


@dataclass(slots=True)
class CostShareState:
    """What is left of the patient's cost sharing on this claim."""

    deductible_left: int
    copay_left: int
    coinsurance: float
    first_coinsurance: float


def cost_share_for(plan: Plan, month: int, rng: random.Random) -> CostShareState:
    share = plan.profile.cost_share
    if plan.copay_cents is not None:
        return CostShareState(0, plan.copay_cents, share.copay_plan_coinsurance, 0.0)
    deductible = 0
    if share.deductible_max and rng.random() < share.deductible_by_month[month - 1]:
        deductible = int(share.deductible_max * 100 * rng.uniform(0.2, 1.0))
    return CostShareState(deductible, 0, share.coinsurance, share.coinsurance)


@dataclass(frozen=True, slots=True)
class LinePayment:
    allowed: int
    paid: int
    # (group, carc, amount, kind) in CAS order
    adjustments: tuple[tuple[str, str, int, str], ...]


def price_line(
    charge: int, allowed: int, first: bool, state: CostShareState, sequestration: bool
) -> LinePayment:
    allowed = min(allowed, charge)
    deductible = min(allowed, state.deductible_left)
    state.deductible_left -= deductible
    copay = min(allowed - deductible, state.copay_left) if first else 0
    state.copay_left -= copay
    rate = state.first_coinsurance if first else state.coinsurance
    coinsurance = round((allowed - deductible - copay) * rate)
    payer_part = allowed - deductible - copay - coinsurance
    reduction = round(payer_part * SEQUESTRATION) if sequestration else 0
    cas = []
    if charge > allowed:
        cas.append(("CO", "45", charge - allowed, "contractual"))
    if deductible:
        cas.append(("PR", "1", deductible, "patient"))
    if coinsurance:
        cas.append(("PR", "2", coinsurance, "patient"))
    if copay:
        cas.append(("PR", "3", copay, "patient"))
    if reduction:
        cas.append(("CO", "253", reduction, "contractual"))
    return LinePayment(allowed, payer_part - reduction, tuple(cas))


def price_secondary_line(charge: int, allowed: int, owed_by_patient: int, share: float) -> LinePayment:
    """The next payer sees the prior payer's adjudication: it pays part of what the patient owed."""
    paid = round(owed_by_patient * share)
    cas = []
    if charge > allowed:
        cas.append(("CO", "45", charge - allowed, "contractual"))
    if allowed - owed_by_patient:
        # OA-23: what the prior payer's adjudication already took care of.
        cas.append(("OA", "23", allowed - owed_by_patient, "contractual"))
    if owed_by_patient - paid:
        cas.append(("PR", "2", owed_by_patient - paid, "patient"))
    return LinePayment(allowed, paid, tuple(cas))


def apply(money: list[int], payment: LinePayment) -> None:
    money[ALLOWED] = payment.allowed
    money[PAID] += payment.paid
    for _, _, amount, kind in payment.adjustments:
        if kind == "patient":
            money[PR] += amount
        elif kind == "contractual":
            money[ADJ] += amount


def open_balance(money: list[int]) -> int:
    return money[CHARGE] - money[PAID] - money[PR] - money[ADJ]
