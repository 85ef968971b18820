"""The pure, deterministic generator: an org's payers, providers, patients, coverages, encounters,
claims and lines, and (optionally) their adjudication history, as batches of row tuples.

Determinism: everything is a function of (seed, config); ids also depend on the org so two orgs
loaded with one seed do not collide. Encounters come in blocks of `BLOCK` slots, each with its own
seeded RNG and patient panel, so generating N claims then N+1 yields the same first N.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from rcm.synth.history import DAY, HOUR, Sinks, Story, ts_to_dt
from rcm.synth.money import ADJ, ALLOWED, CHARGE, PAID, PR, cost_share_for
from rcm.synth.people import PatientInfo, PeopleContext, Plan, make_patient
from rcm.synth.roster import make_roster
from rcm.synth.rows import CLAIM_EVENTS, INDEX, Batch, Row, new_batch
from rcm.synth.seeding import IdMint, Weighted, base36, between, rng_for
from rcm.synth.stories import run_primary, run_secondary
from rcm.synth.visits import LineSpec, Visit, VisitMaker

BLOCK = 1000  # encounter slots per block
PANEL = 280  # patients per block: about 3.5 visits each a year
FREQUENT = PANEL // 10  # a tenth of the panel (chronic patients) visits five times as often
PANEL_PICK = Weighted((k, 5 if k < FREQUENT else 1) for k in range(PANEL))
UNITS = {n: Decimal(n) for n in range(1, 100)}
CHARGE_AT = INDEX["claims"]["charge_cents"]


@dataclass(frozen=True, slots=True)
class SynthConfig:
    org_id: uuid.UUID
    claims: int
    as_of: date  # the generated world's "today": nothing happens after it
    seed: int = 1
    months: int = 12  # service dates spread over this many months before as_of
    history: bool = True
    # Payers the org already has, by payer code: reused instead of created again.
    existing_payers: tuple[tuple[str, uuid.UUID], ...] = ()

    @property
    def period_start(self) -> date:
        month_index = self.as_of.year * 12 + self.as_of.month - 1 - self.months
        year, month = divmod(month_index, 12)
        return date(year, month + 1, min(self.as_of.day, 28))

    @property
    def tag(self) -> str:
        """Prefix of account and control numbers: the seed in base 36."""
        return "S" + base36(self.seed)


class ClaimInput(NamedTuple):
    """What one claim is made of: the visit, and the coverage it bills."""

    patient: PatientInfo
    visit: Visit
    encounter_id: uuid.UUID
    plan: Plan
    number: str  # patient control number (CLM01)
    created: int  # epoch seconds


Prior = tuple[list[int], list[int]] | None  # the prior payer's allowed and patient-owed amounts, per line


@dataclass(slots=True)
class _Block:
    number: int
    ids: IdMint
    sinks: Sinks
    batch: Batch
    patients: dict[int, PatientInfo] = field(default_factory=dict)


def generate(config: SynthConfig) -> Iterator[Batch]:
    """Yield the roster batch, then one batch per block, until `config.claims` claims exist."""
    gen = Generator(config)
    yield gen.roster_batch()
    emitted, block = 0, 0
    while emitted < config.claims:
        batch, emitted = gen.block(block, emitted)
        yield batch
        block += 1


class Generator:
    def __init__(self, config: SynthConfig) -> None:
        if config.claims < 0 or config.months < 1:
            raise ValueError("claims must be >= 0 and months >= 1")
        self.config = config
        self.start = config.period_start
        self.period_days = (config.as_of - self.start).days
        self.start_ts = _epoch(self.start)
        self.cutoff = _epoch(config.as_of) + DAY - 1
        self.created = datetime.combine(self.start - timedelta(days=400), datetime.min.time(), UTC)
        self.roster = make_roster(config.seed, config.org_id, self.created, dict(config.existing_payers))
        self.visits = VisitMaker(config.seed, self.roster)
        self.people = PeopleContext(
            config.org_id, config.as_of, self.start, self.roster.payer_ids, config.tag
        )

    def roster_batch(self) -> Batch:
        batch = new_batch()
        batch["payers"] = list(self.roster.payer_rows)
        batch["providers"] = list(self.roster.provider_rows)
        return batch

    def block(self, number: int, emitted: int) -> tuple[Batch, int]:
        batch = new_batch()
        sinks = Sinks(batch["payments"], batch["payment_adjustments"], batch["denials"], batch["write_offs"])
        blk = _Block(number, IdMint(self.config.seed, self.config.org_id, number), sinks, batch)
        rng = rng_for(self.config.seed, "block", number)
        people_rng = rng_for(self.config.seed, "people", number)
        for slot in range(BLOCK):
            if emitted >= self.config.claims:
                break
            panel_slot = PANEL_PICK.pick(rng)
            patient = blk.patients.get(panel_slot)
            if patient is None:
                account = f"{number:06d}{panel_slot:03d}"
                patient = make_patient(
                    self.people, people_rng, blk.ids, account, batch["patients"], batch["coverages"]
                )
                blk.patients[panel_slot] = patient
            emitted += self._encounter(blk, rng, patient, slot, self.config.claims - emitted)
        return batch, emitted

    def _encounter(self, blk: _Block, rng: random.Random, patient: PatientInfo, slot: int, room: int) -> int:
        """One visit: its encounter row, and up to `room` claims (primary, then secondary)."""
        day = self.start + timedelta(days=int(rng.random() * self.period_days))
        visit = self.visits.make(rng, patient.age, patient.sex, day)
        seen = _epoch(visit.service_date) + between(rng, 13 * HOUR, 22 * HOUR)
        created = seen + between(rng, 0, 3) * DAY + between(rng, 0, 4 * HOUR)
        billable = patient.primary.profile.key != "self_pay" and created <= self.cutoff
        encounter_id = blk.ids.next()
        blk.batch["encounters"].append(
            self._encounter_row(encounter_id, patient, visit, seen, created, billable)
        )
        if not billable:
            return 0
        number = f"{self.config.tag}-{blk.number:06d}{slot:03d}"
        spec = ClaimInput(patient, visit, encounter_id, patient.primary, number + "P", created)
        primary = self._claim(blk, rng, spec)
        second = patient.secondary
        if room < 2 or second is None or primary.status.value != "Paid" or primary.last_payment is None:
            return 1
        owed = [m[PR] for m in primary.money]
        if not sum(owed) or primary.last_payment + 4 * DAY > self.cutoff:
            return 1
        opened = primary.last_payment + between(rng, DAY, 4 * DAY)
        prior = ([m[ALLOWED] for m in primary.money], owed)
        self._claim(blk, rng, spec._replace(plan=second, number=number + "S", created=opened), primary, prior)
        return 2

    def _claim(
        self,
        blk: _Block,
        rng: random.Random,
        spec: ClaimInput,
        primary: Story | None = None,
        prior: Prior = None,
    ) -> Story:
        lines = spec.visit.lines
        profile = spec.plan.profile
        story = Story(
            blk.ids.next(), self.config.org_id, spec.plan.payer_id, profile, [blk.ids.next() for _ in lines],
            [[line.charge, 0, 0, 0, 0] for line in lines], rng, blk.ids, blk.sinks, self.cutoff, spec.created,
            sequence_code="2" if prior else "1",
        )  # fmt: skip
        if self.config.history and prior is not None:
            run_secondary(story, *prior)
        elif self.config.history:
            allowed = [self.visits.fees[(profile.key, *line.price_key)] * line.units for line in lines]
            run_primary(story, allowed, cost_share_for(spec.plan, spec.visit.service_date.month, rng))
        story.finish_denials(self.config.as_of)
        row = self._claim_row(story, spec, primary)
        blk.batch["claims"].append(row)
        path = ",".join(story.path)
        blk.batch[CLAIM_EVENTS].append(
            (story.claim_id, spec.number, story.status.value, row[CHARGE_AT], path)
        )
        self._line_rows(blk.batch["claim_lines"], story, spec.visit, spec.created)
        return story

    def _encounter_row(
        self,
        encounter_id: uuid.UUID,
        patient: PatientInfo,
        visit: Visit,
        seen: int,
        created: int,
        billed: bool,
    ) -> Row:
        spec = visit.specialty
        kind = "institutional" if spec.institutional else "professional"
        return (
            encounter_id, self.config.org_id, ts_to_dt(seen), ts_to_dt(created if billed else seen),
            patient.id, visit.rendering_id, visit.billing_id, visit.referring_id, visit.service_date,
            visit.place, kind, spec.type_of_bill, "billed" if billed else "closed",
            _codes_json(visit.diagnoses), _charges_json(visit.lines, visit.service_date),
            visit.prior_authorization,
        )  # fmt: skip

    def _claim_row(self, s: Story, spec: ClaimInput, primary: Story | None) -> Row:
        """A claim row in `FIELDS["claims"]` order; totals are the sums of its lines."""
        visit, plan = spec.visit, spec.plan
        kind = "institutional" if visit.specialty.institutional else "professional"
        totals = [sum(m[i] for m in s.money) for i in range(5)]
        balance = totals[CHARGE] - totals[PAID] - totals[PR] - totals[ADJ]
        return (
            s.claim_id, self.config.org_id, ts_to_dt(spec.created), ts_to_dt(s.t), spec.patient.id,
            spec.encounter_id, plan.coverage_id, plan.payer_id, plan.sequence, visit.billing_id,
            visit.rendering_id, visit.referring_id, kind, s.status.value, s.frequency, spec.number,
            visit.place, visit.specialty.type_of_bill, visit.service_date, visit.service_date,
            _codes_json(visit.diagnoses), visit.prior_authorization, *totals, balance, s.payer_claim_number,
            s.tracking_id,
            primary.claim_id if primary else None, None, _dt(s.first_submitted), _dt(s.submitted),
            _dt(s.adjudicated), _dt(s.last_payment), s.submissions, s.rejections, s.adjudications, s.version,
            s.written_off, s.open_denied(),
        )  # fmt: skip

    def _line_rows(self, out: list[Row], s: Story, visit: Visit, created: int) -> None:
        made, updated = ts_to_dt(created), ts_to_dt(s.t)
        org_id, claim_id, day = self.config.org_id, s.claim_id, visit.service_date
        for n, (line_id, line, m) in enumerate(zip(s.line_ids, visit.lines, s.money, strict=True), start=1):
            row = (
                line_id, org_id, made, updated, claim_id, n, line.code, line.modifiers, line.pointers,
                UNITS[line.units], day, line.revenue_code, m[CHARGE], m[ALLOWED], m[PAID], m[PR], m[ADJ],
            )  # fmt: skip
            out.append(row)


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _dt(ts: int | None) -> datetime | None:
    return None if ts is None else ts_to_dt(ts)


def _codes_json(codes: tuple[str, ...]) -> str:
    return '["' + '","'.join(codes) + '"]'


def _charges_json(lines: tuple[LineSpec, ...], day: date) -> str:
    """The encounter's captured charges, shaped like `ClaimLineIn` (built as text: one per encounter)."""
    iso = day.isoformat()
    items = [
        f'{{"procedure_code":"{line.code}","modifiers":{line.modifiers},"diagnosis_pointers":{line.pointers},'
        f'"units":"{line.units}","charge_cents":{line.charge},"service_date":"{iso}"'
        + (f',"revenue_code":"{line.revenue_code}"}}' if line.revenue_code else "}")
        for line in lines
    ]
    return "[" + ",".join(items) + "]"
