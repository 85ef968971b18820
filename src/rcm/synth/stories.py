"""Which way each claim goes: holds, voids, rejections, denials, partial payments, appeals, write-offs.

The rates here shape the status mix; everything after the as-of cutoff simply has not happened yet,
so recent claims are still in flight and old ones are settled.
"""

from __future__ import annotations

import random
from functools import lru_cache

from rcm.claims.state_machine import ClaimEvent
from rcm.synth.history import Story
from rcm.synth.money import CHARGE, CostShareState, LinePayment, price_line, price_secondary_line
from rcm.synth.payer_profiles import LINE_DENIALS, SECONDARY_DENIALS, DenialReason
from rcm.synth.seeding import Weighted, between

E = ClaimEvent
HOLD = 0.015  # coding or charge hold never released: stays Draft
VOID = 0.012  # cancelled before submission
CORRECTED_AFTER_REJECTION = 0.85
DIRECT_DENIAL = 0.3  # denied by an 835 with no 277CA acceptance first
RESUBMIT_AFTER_DENIAL = 0.45
WRITE_OFF_AFTER_DENIAL = 0.30
PAID_ON_RESUBMISSION = 0.8
APPEAL_PARTIAL = 0.4
WRITE_OFF_PARTIAL = 0.35
DAYS = 24  # hours


@lru_cache(maxsize=64)
def _weighted(reasons: tuple[DenialReason, ...]) -> Weighted[DenialReason]:
    return Weighted((r, r.weight) for r in reasons)


def pick(rng: random.Random, reasons: tuple[DenialReason, ...]) -> DenialReason:
    return _weighted(reasons).pick(rng)


def run_primary(s: Story, allowed: list[int], cost: CostShareState) -> None:
    roll = s.rng.random()
    if roll < HOLD:
        return
    if roll < HOLD + VOID:
        if s.rng.random() < 0.5 and not s.step(E.scrub_passed, s.later(1, 30)):
            return
        s.step(E.cancel, s.later(1 * DAYS, 10 * DAYS))
        return
    if _submit(s):
        _adjudicate(s, allowed, cost)


def _submit(s: Story) -> bool:
    """Scrub and submit; a 999/277CA rejection sends the claim back to Draft for correction."""
    for attempt in range(3):
        if not (s.step(E.scrub_passed, s.later(1, 30)) and s.step(E.submit, s.later(1, 48))):
            return False
        if attempt == 2 or s.rng.random() >= s.profile.reject_rate:
            return True
        if not s.step(E.reject, s.later(2, 30)) or s.rng.random() >= CORRECTED_AFTER_REJECTION:
            return False
        if not s.step(E.correct, s.later(1 * DAYS, 6 * DAYS)):
            return False
    return True


def _price_all(s: Story, allowed: list[int], cost: CostShareState) -> dict[int, LinePayment]:
    seq = s.profile.sequestration
    return {i: price_line(m[CHARGE], allowed[i], i == 0, cost, seq) for i, m in enumerate(s.money)}


def _adjudicate(s: Story, allowed: list[int], cost: CostShareState) -> None:
    era = s.era_time()
    if s.rng.random() < s.profile.denial_rate:
        if s.rng.random() >= DIRECT_DENIAL and not s.step(E.accept, s.later(20, 72)):
            return
        if s.step(E.deny, era):
            reason = pick(s.rng, s.profile.denials)
            s.deny(era, reason, list(range(len(s.money))))
            _after_denial(s, reason, allowed, cost)
        return
    if not s.step(E.accept, s.later(20, 72)):
        return
    lines = len(s.money)
    if lines > 1 and s.rng.random() < s.profile.line_denial_rate:
        if s.step(E.pay_partial, era):
            denied = between(s.rng, 1, lines - 1)
            priced = _price_all(s, allowed, cost)
            del priced[denied]
            payment_id = s.post_lines(era, priced)
            s.deny(era, pick(s.rng, LINE_DENIALS), [denied], payment_id)
            _after_partial(s, denied, allowed, cost)
    elif s.step(E.pay_full, era):
        s.post_lines(era, _price_all(s, allowed, cost))


def _after_denial(s: Story, reason: DenialReason, allowed: list[int], cost: CostShareState) -> None:
    if reason.group == "PR":
        return  # the patient is liable; nothing is left open with the payer
    denial, roll = s.denials[-1], s.rng.random()
    if roll < RESUBMIT_AFTER_DENIAL:
        if not s.step(E.resubmit, s.later(7 * DAYS, 45 * DAYS)):
            return
        s.frequency = "7"  # CLM05-3: a corrected (replacement) claim
        denial.pending()
        if not s.step(E.accept, s.later(20, 72)):
            return
        era = s.era_time()
        if s.rng.random() < PAID_ON_RESUBMISSION:
            if s.step(E.pay_full, era):
                s.post_lines(era, _price_all(s, allowed, cost))
                denial.resolve("Won", "paid on corrected resubmission", era)
        elif s.step(E.deny, era):
            denial.resolve("Lost", "denied again on resubmission", era)
            s.deny(era, reason, list(range(len(s.money))))
    elif roll < RESUBMIT_AFTER_DENIAL + WRITE_OFF_AFTER_DENIAL:
        at = s.later(30 * DAYS, 120 * DAYS)
        if s.step(E.write_off, at):
            code = "timely_filing" if reason.carc == "29" else "denial_not_appealable"
            s.write_off(at, code, f"denial {reason.group}-{reason.carc}")
            denial.resolve("NotAppealed", "written off", at)


def _after_partial(s: Story, line: int, allowed: list[int], cost: CostShareState) -> None:
    denial, roll = s.denials[-1], s.rng.random()
    if roll < APPEAL_PARTIAL:
        appealed = s.later(5 * DAYS, 20 * DAYS)
        if appealed > s.cutoff:
            return
        denial.pending()
        paid_at = s.later(25 * DAYS, 75 * DAYS, start=appealed)
        if s.step(E.pay_full, paid_at):
            charge = s.money[line][CHARGE]
            s.post_lines(
                paid_at, {line: price_line(charge, allowed[line], False, cost, s.profile.sequestration)}
            )
            denial.resolve("Won", "paid on appeal", paid_at)
    elif roll < APPEAL_PARTIAL + WRITE_OFF_PARTIAL:
        at = s.later(20 * DAYS, 90 * DAYS)
        if s.step(E.write_off, at):
            s.write_off(
                at, "denial_not_appealable", f"line denial {denial.reason.group}-{denial.reason.carc}"
            )
            denial.resolve("NotAppealed", "written off", at)


def run_secondary(s: Story, allowed: list[int], owed: list[int]) -> None:
    """Bill the next payer after the primary paid: it sees the primary's adjudication (OA-23)."""
    if not (
        s.step(E.scrub_passed, s.later(0.5, 8))
        and s.step(E.submit, s.later(0.5, 24))
        and s.step(E.accept, s.later(20, 72))
    ):
        return
    era = s.era_time()
    if s.rng.random() < s.profile.denial_rate:
        if s.step(E.deny, era):
            reason = pick(s.rng, SECONDARY_DENIALS)
            s.deny(era, reason, list(range(len(s.money))))
            at = s.later(30 * DAYS, 90 * DAYS)
            if s.rng.random() < 0.5 and s.step(E.write_off, at):
                s.write_off(at, "small_balance", f"secondary denial {reason.group}-{reason.carc}")
                s.denials[-1].resolve("NotAppealed", "written off", at)
        return
    if s.step(E.pay_full, era):
        share = s.profile.secondary_pays
        s.post_lines(
            era,
            {i: price_secondary_line(m[CHARGE], allowed[i], owed[i], share) for i, m in enumerate(s.money)},
        )
