"""One visit's clinical content: specialty, place, providers, diagnoses and priced service lines.

Tables are precomputed per (age band, sex) so a visit costs a handful of weighted draws; the org's
chargemaster fixes one price per (specialty, code), and each payer one allowed amount per unit.
"""

from __future__ import annotations

import json
import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from rcm.synth.catalog import SPECIALTIES, Procedure, Specialty
from rcm.synth.payer_profiles import PAYERS
from rcm.synth.roster import Roster
from rcm.synth.seeding import Weighted, between, rng_for

DX_COUNT = Weighted(((1, 35), (2, 35), (3, 20), (4, 10)))  # diagnoses per claim


class LineSpec(NamedTuple):
    code: str
    units: int
    modifiers: str  # JSON text
    pointers: str  # JSON text
    charge: int
    revenue_code: str
    price_key: tuple[str, str]  # (specialty, code): the fee schedule key


@dataclass(frozen=True, slots=True)
class Visit:
    specialty: Specialty
    place: str
    service_date: date
    rendering_id: uuid.UUID
    billing_id: uuid.UUID
    referring_id: uuid.UUID | None
    diagnoses: tuple[str, ...]  # undotted, as claims store them
    lines: tuple[LineSpec, ...]
    prior_authorization: str


@dataclass(frozen=True, slots=True)
class _Menu:
    """What a patient of one age band and sex can be seen for."""

    specialties: Weighted[Specialty]
    visits: dict[str, Weighted[Procedure]]
    extras: dict[str, Weighted[Procedure] | None]


def _fits(ages: tuple[int, int], sex_rule: str, age: int, sex: str) -> bool:
    return ages[0] <= age <= ages[1] and (not sex_rule or sex_rule == sex)


class VisitMaker:
    def __init__(self, seed: int, roster: Roster) -> None:
        self.roster = roster
        bounds = {0}
        for spec in SPECIALTIES:
            for ages in (spec.ages, *(p.ages for p in spec.visits + spec.extras)):
                bounds.update((ages[0], ages[1] + 1))
        self.bounds = tuple(sorted(bounds))
        # The last band (past every upper age bound) has nothing to offer and no patient is that old.
        self.menus = {
            (band, sex): self._menu(lower, sex) for band, lower in enumerate(self.bounds[:-1]) for sex in "FM"
        }
        self.places = {s.key: Weighted(s.places) for s in SPECIALTIES}
        self.extra_counts = {s.key: Weighted(enumerate(s.extra_counts)) for s in SPECIALTIES}
        self.prices, self.fees = _price_lists(seed)
        self.json_cache: dict[tuple[object, ...], str] = {}

    def _menu(self, age: int, sex: str) -> _Menu:
        specs: list[Specialty] = []
        visits: dict[str, Weighted[Procedure]] = {}
        extras: dict[str, Weighted[Procedure] | None] = {}
        for spec in SPECIALTIES:
            fit = [p for p in spec.visits if _fits(p.ages, p.sex, age, sex)]
            if not fit or not _fits(spec.ages, spec.sex, age, sex):
                continue
            specs.append(spec)
            visits[spec.key] = Weighted((p, p.weight) for p in fit)
            more = [p for p in spec.extras if _fits(p.ages, p.sex, age, sex)]
            extras[spec.key] = Weighted((p, p.weight) for p in more) if more else None
        return _Menu(Weighted((s, s.weight) for s in specs), visits, extras)

    def menu_for(self, age: int, sex: str) -> _Menu:
        return self.menus[(bisect_right(self.bounds, age) - 1, sex)]

    def make(self, rng: random.Random, age: int, sex: str, service_day: date) -> Visit:
        menu = self.menu_for(age, sex)
        spec = menu.specialties.pick(rng)
        place = self.places[spec.key].pick(rng)
        if place in ("11", "02", "10") and service_day.weekday() >= 5:
            service_day -= timedelta(days=service_day.weekday() - 4)  # offices bill weekdays
        procs = self._procedures(rng, menu, spec)
        diagnoses = self._diagnoses(rng, spec, procs[0])
        lines = tuple(self._line(rng, spec, proc, n, len(diagnoses), procs) for n, proc in enumerate(procs))
        providers = self.roster.by_specialty[spec.key]
        billing = self.roster.facility_id if spec.institutional else self.roster.billing_id
        referring = rng.choice(self.roster.referrers) if spec.referred else None
        auth = (
            f"PA{rng.randint(10**9, 10**10 - 1)}" if any(p.auth for p in procs) and rng.random() < 0.9 else ""
        )
        return Visit(
            spec, place, service_day, rng.choice(providers), billing, referring, diagnoses, lines, auth
        )

    def _procedures(self, rng: random.Random, menu: _Menu, spec: Specialty) -> list[Procedure]:
        chosen = [menu.visits[spec.key].pick(rng)]
        extras = menu.extras[spec.key]
        wanted = self.extra_counts[spec.key].pick(rng) if extras else 0
        for _ in range(wanted * 2):  # draws with replacement; a repeat is skipped
            if len(chosen) > wanted or extras is None:
                break
            proc = extras.pick(rng)
            if proc not in chosen:
                chosen.append(proc)
        return chosen

    def _diagnoses(self, rng: random.Random, spec: Specialty, main: Procedure) -> tuple[str, ...]:
        count = DX_COUNT.pick(rng)
        codes = [rng.choice(main.dx)] if main.dx else []
        pool = spec.diagnoses
        for _ in range(count * 3):
            if len(codes) >= count:
                break
            # Earlier entries are the specialty's common conditions: favour them.
            code = pool[int(len(pool) * rng.random() ** 1.6)]
            if code not in codes:
                codes.append(code)
        return tuple(c.replace(".", "") for c in codes)

    def _line(
        self,
        rng: random.Random,
        spec: Specialty,
        proc: Procedure,
        n: int,
        dx_count: int,
        procs: list[Procedure],
    ) -> LineSpec:
        units = between(rng, 1, proc.max_units) if proc.max_units > 1 else 1
        modifiers = list(proc.modifiers)
        if proc.sided:
            modifiers.append("RT" if rng.random() < 0.5 else "LT")
        if n == 0 and any(p.needs_25 for p in procs[1:]):
            modifiers.append("25")
        pointers = [1] if n == 0 or dx_count == 1 else [between(rng, 1, dx_count)]
        if n == 0 and dx_count > 1 and rng.random() < 0.5:
            pointers.append(2)
        key = (spec.key, proc.code)
        price = self.prices[key]
        return LineSpec(
            proc.code,
            units,
            self._json(tuple(modifiers)),
            self._json(tuple(pointers)),
            price * units,
            proc.revenue_code,
            key,
        )

    def _json(self, value: tuple[object, ...]) -> str:
        text = self.json_cache.get(value)
        if text is None:
            text = self.json_cache[value] = json.dumps(list(value))
        return text


def _price_lists(seed: int) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str, str], int]]:
    """The chargemaster (cents per unit) and each payer's fee schedule for it."""
    rng = rng_for(seed, "prices")
    prices: dict[tuple[str, str], int] = {}
    for spec in SPECIALTIES:
        for proc in spec.visits + spec.extras:
            prices.setdefault((spec.key, proc.code), rng.randint(proc.low, proc.high) * 100)
    fees: dict[tuple[str, str, str], int] = {}
    for profile in PAYERS:
        low, high = profile.allowed_pct
        for (spec_key, code), price in sorted(prices.items()):
            fees[(profile.key, spec_key, code)] = min(price, round(price * rng.uniform(low, high)))
    return prices, fees
