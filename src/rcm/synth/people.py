"""Patients and their coverages: demographics, payer by age band, secondary coverage, plan cost sharing."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from rcm.synth import names
from rcm.synth.payer_profiles import BY_KEY, PRIMARY_MIX, SECONDARY_MIX, PayerProfile
from rcm.synth.rows import Row
from rcm.synth.seeding import IdMint, Weighted

# Medicare Beneficiary Identifier alphabet: no S, L, O, I, B, Z.
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
MBI_ALNUM = MBI_LETTERS + "0123456789"
AGE_PICK = Weighted((((0, 17), 0.18), ((18, 64), 0.55), ((65, 94), 0.27)))


@dataclass(slots=True)
class Plan:
    """A coverage as claims need it: who pays, and how the patient shares the cost."""

    coverage_id: uuid.UUID
    profile: PayerProfile
    payer_id: uuid.UUID
    copay_cents: int | None  # a copay plan's copay; None: deductible and coinsurance
    sequence: str  # primary / secondary


@dataclass(slots=True)
class PatientInfo:
    id: uuid.UUID
    age: int
    sex: str
    primary: Plan
    secondary: Plan | None


@dataclass(frozen=True, slots=True)
class PeopleContext:
    org_id: uuid.UUID
    as_of: date
    period_start: date
    payer_ids: dict[str, uuid.UUID]
    account_prefix: str


class _Holder(NamedTuple):
    """The policy holder's details a coverage row repeats."""

    patient_id: uuid.UUID
    subscriber: tuple[object, ...]  # relationship, first, last, birth date, sex
    address: tuple[str, ...]
    created: datetime


def make_patient(
    ctx: PeopleContext,
    rng: random.Random,
    ids: IdMint,
    account: str,
    patients: list[Row],
    coverages: list[Row],
) -> PatientInfo:
    low, high = AGE_PICK.pick(rng)
    age = rng.randint(low, high)
    sex = "F" if rng.random() < 0.53 else "M"
    birth = ctx.as_of - timedelta(days=age * 365 + rng.randint(0, 364))
    first, last = rng.choice(names.FEMALE if sex == "F" else names.MALE), rng.choice(names.LAST)
    city, state, postal = rng.choice(names.CITIES)
    address = (f"{rng.randint(10, 9899)} {rng.choice(names.STREETS)}", city, state, postal)
    registered = ctx.period_start - timedelta(days=rng.randint(1, 1500))
    created = datetime(registered.year, registered.month, registered.day, rng.randint(13, 21), tzinfo=UTC)
    phone = f"({rng.choice(names.AREA_CODES)}) 555-01{rng.randint(0, 99):02d}"
    email = f"{first}.{last}{rng.randint(1, 999)}@example.com".lower() if rng.random() < 0.6 else ""
    patient_id = ids.next()
    patients.append(
        (
            patient_id, ctx.org_id, created, created, ctx.account_prefix + account, first, last, birth, sex,
            phone, email, *address,
        )
    )  # fmt: skip
    group = "child" if age < 18 else "adult" if age < 65 else "senior"
    payer_key = _weighted_key(rng, PRIMARY_MIX[group])
    holder = _Holder(patient_id, _subscriber(rng, age, last, birth, payer_key), address, created)
    primary = _coverage(ctx, rng, ids, holder, payer_key, "primary", coverages)
    secondary = None
    for key, chance in SECONDARY_MIX.get(payer_key, ()):
        if rng.random() < chance:
            secondary = _coverage(ctx, rng, ids, holder, key, "secondary", coverages)
            break
    return PatientInfo(patient_id, age, sex, primary, secondary)


def _weighted_key(rng: random.Random, mix: tuple[tuple[str, int], ...]) -> str:
    return _mix(mix).pick(rng)


@lru_cache(maxsize=32)
def _mix(mix: tuple[tuple[str, int], ...]) -> Weighted[str]:
    return Weighted(mix)


def _subscriber(rng: random.Random, age: int, last: str, birth: date, payer_key: str) -> tuple[object, ...]:
    """A child on a commercial or military plan is a dependent of a parent (X12 relationship 19)."""
    if age >= 18 or BY_KEY[payer_key].payer_type.value not in ("commercial", "tricare"):
        return ("18", "", "", None, None)
    parent_sex = "F" if rng.random() < 0.5 else "M"
    parent_birth = birth - timedelta(days=rng.randint(22, 42) * 365)
    first = rng.choice(names.FEMALE if parent_sex == "F" else names.MALE)
    return ("19", first, last, parent_birth, parent_sex)


def _coverage(
    ctx: PeopleContext,
    rng: random.Random,
    ids: IdMint,
    holder: _Holder,
    payer_key: str,
    sequence: str,
    coverages: list[Row],
) -> Plan:
    profile = BY_KEY[payer_key]
    coverage_id, payer_id = ids.next(), ctx.payer_ids[payer_key]
    group = f"GRP{rng.randint(100000, 999999)}" if profile.payer_type.value == "commercial" else ""
    effective = date(ctx.period_start.year - rng.randint(1, 6), 1, 1)
    coverages.append(
        (
            coverage_id, ctx.org_id, holder.created, holder.created, holder.patient_id, payer_id, sequence,
            member_id(rng, profile), group, *holder.subscriber, effective, True, *holder.address,
        )
    )  # fmt: skip
    share = profile.cost_share
    copay = rng.choice(share.copays) * 100 if share.copays and rng.random() < share.copay_share else None
    return Plan(coverage_id, profile, payer_id, copay, sequence)


def member_id(rng: random.Random, profile: PayerProfile) -> str:
    kind = profile.member_format
    if kind == "mbi":
        return mbi(rng)
    if kind == "medicaid":
        return f"{rng.randint(10**11, 10**12 - 1)}"
    if kind == "tricare":
        return f"{rng.randint(10**10, 10**11 - 1)}"
    if kind == "advantage":
        return f"{profile.payer_code[:2]}{rng.randint(10**8, 10**9 - 1)}01"
    if kind == "commercial":
        return f"{profile.payer_code[:3]}{rng.randint(10**8, 10**9 - 1)}"
    return f"SP{rng.randint(10**7, 10**8 - 1)}"


def mbi(rng: random.Random) -> str:
    """An 11-character MBI in CMS's format: positions C A AN N A AN N A A N N."""
    pick = rng.choice
    digit = "0123456789"
    return "".join(
        (
            pick("123456789"),
            pick(MBI_LETTERS),
            pick(MBI_ALNUM),
            pick(digit),
            pick(MBI_LETTERS),
            pick(MBI_ALNUM),
            pick(digit),
            pick(MBI_LETTERS),
            pick(MBI_LETTERS),
            pick(digit),
            pick(digit),
        )
    )
