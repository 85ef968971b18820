"""The org's fixed roster: its payers and its providers (a multi-specialty group and a hospital).

The roster depends on the seed only, never on how many claims are generated.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime

from rcm.codesets.npi import npi_check_digit
from rcm.synth import names
from rcm.synth.catalog import BILLING_TAXONOMY, FACILITY_TAXONOMY, REFERRERS, SPECIALTIES
from rcm.synth.payer_profiles import PAYERS
from rcm.synth.rows import Row
from rcm.synth.seeding import IdMint, rng_for

GROUP_NAME = "Lakeshore Multispecialty Group"
FACILITY_NAME = "Lakeshore Community Hospital"
SITE = ("1200 Lakeshore Pkwy", "Columbus", "OH", "43215")


@dataclass(frozen=True, slots=True)
class Roster:
    payer_ids: dict[str, uuid.UUID]
    billing_id: uuid.UUID
    facility_id: uuid.UUID
    by_specialty: dict[str, tuple[uuid.UUID, ...]]
    referrers: tuple[uuid.UUID, ...]
    payer_rows: list[Row]
    provider_rows: list[Row]


def make_roster(seed: int, org_id: uuid.UUID, created: datetime, existing: dict[str, uuid.UUID]) -> Roster:
    """Payers (reusing those the org has, by payer code) and providers; `created` stamps new rows."""
    rng, ids = rng_for(seed, "roster"), IdMint(seed, org_id, "roster")
    payer_ids: dict[str, uuid.UUID] = {}
    payer_rows: list[Row] = []
    for p in PAYERS:
        payer_ids[p.key] = ids.next()
        if p.payer_code in existing:
            payer_ids[p.key] = existing[p.payer_code]
            continue
        payer_rows.append(
            (
                payer_ids[p.key], org_id, created, created, p.name, p.payer_type.value, p.payer_code,
                p.timely_filing_days, p.appeal_days, True, *p.address,
            )
        )  # fmt: skip
    npis: set[str] = set()
    rows: list[Row] = []
    group = _organization(rows, ids.next(), org_id, created, GROUP_NAME, BILLING_TAXONOMY, rng, npis)
    facility = _organization(rows, ids.next(), org_id, created, FACILITY_NAME, FACILITY_TAXONOMY, rng, npis)
    by_specialty = {}
    for spec in SPECIALTIES:
        team = [
            _person(rows, ids.next(), org_id, created, spec.taxonomy, rng, npis)
            for _ in range(spec.providers)
        ]
        by_specialty[spec.key] = tuple(team)
    for spec in SPECIALTIES:
        if spec.attending_from:
            by_specialty[spec.key] = by_specialty[spec.attending_from]
    referrers = tuple(pid for key in REFERRERS for pid in by_specialty[key])
    return Roster(payer_ids, group, facility, by_specialty, referrers, payer_rows, rows)


def new_npi(rng: random.Random, taken: set[str]) -> str:
    while True:
        first_nine = f"1{rng.randint(0, 99_999_999):08d}"
        npi = first_nine + str(npi_check_digit(first_nine))
        if npi not in taken:
            taken.add(npi)
            return npi


def _organization(
    rows: list[Row],
    provider_id: uuid.UUID,
    org_id: uuid.UUID,
    created: datetime,
    name: str,
    taxonomy: str,
    rng: random.Random,
    npis: set[str],
) -> uuid.UUID:
    tax_id = f"{rng.randint(10, 99)}{rng.randint(1_000_000, 9_999_999)}"
    npi = new_npi(rng, npis)
    rows.append(
        (provider_id, org_id, created, created, "organization", name, "", npi, taxonomy, tax_id, True, *SITE)
    )
    return provider_id


def _person(
    rows: list[Row],
    provider_id: uuid.UUID,
    org_id: uuid.UUID,
    created: datetime,
    taxonomy: str,
    rng: random.Random,
    npis: set[str],
) -> uuid.UUID:
    first = rng.choice(names.FEMALE if rng.random() < 0.5 else names.MALE)
    rows.append(
        (
            provider_id,
            org_id,
            created,
            created,
            "person",
            rng.choice(names.LAST),
            first,
            new_npi(rng, npis),
            taxonomy,
            "",
            False,
            *SITE,
        )
    )
    return provider_id
