"""A claim's adjudication history, walked through the real state machine up to the as-of cutoff.

Each event is applied with `state_machine.next_status`, so every final status is reachable by
construction; counters and timestamps follow `claims.lifecycle` (submission, rejection and
adjudication counts; first/last submission, adjudication and payment times). Money is posted per
line as ERA postings (payments + CAS adjustments), denials and write-offs.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache

from rcm.claims.state_machine import ClaimEvent, ClaimStatus, next_status
from rcm.synth import denial_codes
from rcm.synth.money import ADJ, PR, LinePayment, apply, open_balance
from rcm.synth.payer_profiles import DenialReason, PayerProfile
from rcm.synth.rows import INDEX, Row
from rcm.synth.seeding import IdMint, Weighted, between

DAY = 86_400
HOUR = 3_600
E = ClaimEvent


def ts_to_dt(ts: int) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


@dataclass(slots=True)
class Sinks:
    """Where a claim's history rows go (the current batch)."""

    payments: list[Row]
    adjustments: list[Row]
    denials: list[Row]
    write_offs: list[Row]


@dataclass(slots=True)
class OpenDenial:
    row: list[object]  # a denials row under construction (see rows.FIELDS["denials"])
    reason: DenialReason
    line: int | None  # index of the denied line; None: the whole claim
    deadline: date
    amount: int

    def pending(self) -> None:
        self.row[APPEAL] = "Pending"

    def resolve(self, status: str, resolution: str, at: int) -> None:
        self.row[RESOLVE_AT] = ts_to_dt(at)
        self.row[UPDATED] = self.row[RESOLVE_AT]
        self.row[APPEAL], self.row[IS_OPEN], self.row[RESOLUTION] = status, False, resolution


_D = INDEX["denials"]
UPDATED, APPEAL, IS_OPEN = _D["updated_at"], _D["appeal_status"], _D["is_open"]
RESOLUTION, RESOLVE_AT = _D["resolution"], _D["resolved_at"]


@dataclass(slots=True)
class Story:
    claim_id: uuid.UUID
    org_id: uuid.UUID
    payer_id: uuid.UUID
    profile: PayerProfile
    line_ids: list[uuid.UUID]
    money: list[list[int]]  # per line: charge, allowed, paid, patient responsibility, adjustment
    rng: random.Random
    ids: IdMint
    sinks: Sinks
    cutoff: int
    t: int  # time of the last event (epoch seconds)
    sequence_code: str = "1"  # CLP02: 1 processed as primary, 2 as secondary
    status: ClaimStatus = ClaimStatus.draft
    version: int = 1
    submitted: int | None = None
    first_submitted: int | None = None
    adjudicated: int | None = None
    last_payment: int | None = None
    submissions: int = 0
    rejections: int = 0
    adjudications: int = 0
    frequency: str = "1"
    tracking_id: str = ""
    payer_claim_number: str = ""
    denials: list[OpenDenial] = field(default_factory=list)
    path: list[str] = field(default_factory=list)  # the events applied, in order
    written_off: int = 0

    def step(self, event: ClaimEvent, at: int) -> bool:
        """Apply `event` at `at` unless that is after the cutoff (then the story ends here)."""
        if at > self.cutoff:
            return False
        self.status = next_status(self.status, event)
        self.t, self.version = at, self.version + 1
        self.path.append(event.value)
        if event is E.submit or event is E.resubmit:
            self.submitted, self.submissions = at, self.submissions + 1
            self.first_submitted = self.first_submitted or at
            self.tracking_id = f"TRK{self.rng.getrandbits(48):012X}"
        elif event is E.reject:
            self.rejections += 1
        elif event is E.deny or event is E.pay_full or event is E.pay_partial:
            self.adjudicated, self.adjudications = at, self.adjudications + 1
            self.payer_claim_number = self.payer_claim_number or str(between(self.rng, 10**13, 10**14 - 1))
        return True

    def later(self, low_hours: float, high_hours: float, start: int | None = None) -> int:
        return (self.t if start is None else start) + int(self.rng.uniform(low_hours, high_hours) * HOUR)

    def era_time(self) -> int:
        low, mode, high = self.profile.lag_days
        assert self.submitted is not None
        return (
            self.submitted + int(self.rng.triangular(low, high, mode) * DAY) + between(self.rng, 0, 2 * DAY)
        )

    # --- postings -------------------------------------------------------------------------------

    def post_payment(self, at: int, amount: int, *, status_code: str | None = None) -> uuid.UUID:
        payment_id = self.ids.next()
        profile = self.profile
        method = "NonPayment" if amount == 0 else _methods(profile.methods).pick(self.rng)
        posted = ts_to_dt(at)
        self.sinks.payments.append(
            (
                payment_id, self.org_id, posted, posted, self.claim_id, self.payer_id, profile.name, amount,
                method, "era", _trace(method[0], profile.payer_code, at // DAY), posted, False,
                status_code or self.sequence_code, self.payer_claim_number,
            )
        )  # fmt: skip
        if amount:
            self.last_payment = at
        return payment_id

    def post_lines(self, at: int, priced: dict[int, LinePayment]) -> uuid.UUID:
        payment_id = self.post_payment(at, sum(p.paid for p in priced.values()))
        posted = ts_to_dt(at)
        for index, payment in priced.items():
            apply(self.money[index], payment)
            for group, carc, amount, kind in payment.adjustments:
                self._adjustment(payment_id, posted, self.line_ids[index], group, carc, amount, kind)
        return payment_id

    def _adjustment(
        self,
        payment_id: uuid.UUID,
        posted: datetime,
        line_id: uuid.UUID | None,
        group: str,
        carc: str,
        amount: int,
        kind: str,
    ) -> None:
        self.sinks.adjustments.append(
            (
                self.ids.next(),
                self.org_id,
                posted,
                posted,
                payment_id,
                self.claim_id,
                line_id,
                group,
                carc,
                amount,
                kind,
            )
        )

    def deny(
        self, at: int, reason: DenialReason, lines: list[int], payment_id: uuid.UUID | None = None
    ) -> None:
        """Post the CAS of a denial: a PR group makes the patient liable, anything else stays open.

        A whole-claim denial that stays open is one claim-level CAS (the 835's CLP-loop CAS);
        patient liability is posted per line so each line's patient responsibility is explained.
        """
        payment_id = payment_id or self.post_payment(at, 0, status_code="4")
        posted = ts_to_dt(at)
        kind = denial_codes.adjustment_kind(reason.group, reason.carc, reason.rarcs)
        line = lines[0] if len(lines) < len(self.line_ids) else None
        amounts = [open_balance(self.money[index]) for index in lines]
        if line is None and kind == "denial":
            self._adjustment(payment_id, posted, None, reason.group, reason.carc, sum(amounts), kind)
        else:
            for index, amount in zip(lines, amounts, strict=True):
                line_id = self.line_ids[index]
                self._adjustment(payment_id, posted, line_id, reason.group, reason.carc, amount, kind)
                if kind == "patient":
                    self.money[index][PR] += amount
        self._open_denial(at, reason, line, payment_id, sum(amounts))

    def _open_denial(
        self, at: int, reason: DenialReason, line: int | None, payment_id: uuid.UUID, amount: int
    ) -> None:
        cls = denial_codes.classify(reason.group, reason.carc, reason.rarcs)
        posted = ts_to_dt(at)
        profile = self.profile
        deadline = denial_codes.appeal_deadline(profile.payer_type, profile.appeal_days, posted.date())
        rarcs = "[" + ",".join(f'"{r}"' for r in reason.rarcs) + "]"
        line_id = None if line is None else self.line_ids[line]
        row: list[object] = [
            self.ids.next(), self.org_id, posted, posted, self.claim_id, line_id, self.payer_id, reason.group,
            reason.carc, rarcs, amount, denial_codes.reason_text(reason.group, reason.carc), cls.category,
            cls.root_cause, cls.recommended_action, cls.owning_team, "NotAppealed", deadline, True,
            payment_id, posted.date(), cls.version, "", None,
        ]  # fmt: skip
        self.denials.append(OpenDenial(row, reason, line, deadline, amount))

    def write_off(self, at: int, reason: str, note: str) -> None:
        """Write off every open balance: the amount moves to adjustments (a write-off, not a CAS)."""
        amount = 0
        for money in self.money:
            balance = open_balance(money)
            money[ADJ] += balance
            amount += balance
        self.written_off += amount
        decided = ts_to_dt(at)
        self.sinks.write_offs.append(
            (
                self.ids.next(),
                self.org_id,
                decided,
                decided,
                self.claim_id,
                amount,
                reason,
                note,
                "applied",
                decided,
            )
        )

    def open_denied(self) -> int:
        """Open payer denials (not PR: those the patient owes), as `claims.open_denied_cents` counts them."""
        return sum(d.amount for d in self.denials if d.row[IS_OPEN] and d.reason.group != "PR")

    def finish_denials(self, as_of: date) -> None:
        for denial in self.denials:
            row = denial.row
            if row[IS_OPEN] and row[APPEAL] == "NotAppealed" and denial.deadline < as_of:
                row[APPEAL] = "Expired"
            self.sinks.denials.append(tuple(row))


@lru_cache(maxsize=16)
def _methods(methods: tuple[tuple[str, int], ...]) -> Weighted[str]:
    return Weighted(methods)


@lru_cache(maxsize=65_536)
def _trace(kind: str, payer_code: str, day: int) -> str:
    """TRN02: one EFT trace or check number per payer per day, as one ERA pays a day's claims."""
    return f"{kind}{payer_code}{ts_to_dt(day * DAY):%y%m%d}"
