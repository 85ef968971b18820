"""A small, deterministic generator of realistic clean claims, plus seeded defects of known kinds.

Used by the batch test and by `bench/bench_scrub.py`. Codes are numbers only (no descriptors); the
NCCI, MUE and HCPCS data are the synthetic files under `tests/codesets/data`.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from rcm.codesets.hcpcs import HcpcsCodeSet, parse_hcpcs_file
from rcm.codesets.mue import parse_mue_file
from rcm.codesets.ncci import parse_ptp_file
from rcm.codesets.npi import npi_check_digit
from rcm.codesets.procedure_codes import is_evaluation_and_management
from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.lookups import (
    InMemoryDuplicates,
    InMemoryMue,
    InMemoryNcci,
    InMemoryPriorAuth,
    InMemoryProcedureCodes,
    Lookups,
    PriorAuthList,
)

DATA = Path(__file__).parent.parent / "codesets" / "data"
PAYERS = [
    ("00952", "Medicare Part B (synthetic)", "medicare"),
    ("77027", "State Medicaid (synthetic)", "medicaid"),
    ("60054", "Synthetic Health Plan", "commercial"),
    ("87726", "Acme Commercial (synthetic)", "commercial"),
    ("13551", "Advantage Plan (synthetic)", "medicare_advantage"),
    ("99726", "TRICARE (synthetic)", "tricare"),
]
EM_CODES = ["99202", "99203", "99212", "99213", "99214", "99215"]
PROCEDURES = ["20610", "11721", "93000", "81002", "71046", "90471", "J1100", "G0439", "A4550", "97140"]
THERAPY = {"97110", "97140"}
DIAGNOSES = [
    "E11.9",
    "I10",
    "E78.5",
    "K21.9",
    "F41.1",
    "J44.9",
    "N39.0",
    "G47.00",
    "Z12.31",
    "M17.11",
    "J06.9",
]
REVENUE_CODES = ["0450", "0300", "0320", "0510", "0636"]
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
AUTH_CODES = frozenset({"70553", "72148"})
TELEHEALTH_PAYER_TYPES = {"commercial", "medicaid", "medicare_advantage"}


def make_npi(rng: random.Random) -> str:
    first_nine = "1" + "".join(rng.choice("0123456789") for _ in range(8))
    return first_nine + str(npi_check_digit(first_nine))


def make_mbi(rng: random.Random) -> str:
    digit, alpha, alnum = "0123456789", MBI_LETTERS, MBI_LETTERS + "0123456789"
    shape = [digit[1:], alpha, alnum, digit, alpha, alnum, digit, alpha, alpha, digit, digit]
    return "".join(rng.choice(chars) for chars in shape)


def synthetic_lookups() -> Lookups:
    with (
        (DATA / "hcpcs_sample_anweb.txt").open() as hcpcs,
        (DATA / "ncci_ptp_sample.txt").open() as ncci,
        (DATA / "mue_sample.csv").open() as mue,
    ):
        return Lookups(
            procedures=InMemoryProcedureCodes(HcpcsCodeSet(parse_hcpcs_file(hcpcs))),
            ncci=InMemoryNcci(parse_ptp_file(ncci)),
            mue=InMemoryMue(parse_mue_file(mue)),
            prior_auth=InMemoryPriorAuth([PriorAuthList(AUTH_CODES, payer_ids=frozenset({"60054"}))]),
            duplicates=InMemoryDuplicates(),
        )


class ClaimGenerator:
    def __init__(self, seed: int, today: date) -> None:
        self.rng, self.today = random.Random(seed), today
        self.seed = seed
        self.providers = [(f"prov-{n}", make_npi(self.rng)) for n in range(12)]
        self.billing_npi = make_npi(self.rng)

    def claims(self, count: int, prefix: str = "SYN") -> list[ClaimContext]:
        return [self.claim(f"{prefix}{self.seed % 1000:03d}-{n:06d}") for n in range(count)]

    def claim(self, claim_id: str) -> ClaimContext:
        rng = self.rng
        payer_id, payer_name, payer_type = rng.choice(PAYERS)
        institutional = rng.random() < 0.1
        service_date = self.today - timedelta(days=rng.randint(3, 60))
        diagnoses = tuple(rng.sample(DIAGNOSES, rng.randint(1, 4)))
        telehealth = not institutional and rng.random() < 0.06
        lines = self._lines(
            rng.randint(1, 6), service_date, len(diagnoses), payer_type, institutional, telehealth
        )
        provider_id, provider_npi = rng.choice(self.providers)
        claim = ClaimContext(
            claim_id=claim_id,
            claim_type="institutional" if institutional else "professional",
            payer_id=payer_id,
            payer_name=payer_name,
            payer_type=payer_type,
            service_date_from=service_date,
            service_date_to=service_date,
            today=self.today,
            total_charge_cents=sum(line.charge_cents for line in lines),
            lines=lines,
            place_of_service=None
            if institutional
            else ("10" if telehealth else rng.choice(["11", "11", "22", "19"])),
            type_of_bill="131" if institutional else None,
            diagnoses=diagnoses,
            billing_provider_npi=self.billing_npi,
            billing_provider_taxonomy="207Q00000X",
            billing_provider_tax_id="363456789",
            billing_provider_name="Lakeside Medical Group",
            billing_provider_address_line1="400 Lake Shore Dr",
            billing_provider_city="Chicago",
            billing_provider_state="IL",
            billing_provider_zip="606111234",
            rendering_provider_id=provider_id,
            rendering_provider_npi=provider_npi,
            referring_provider_npi=self.providers[0][1] if payer_type.startswith("medicare") else None,
            subscriber_member_id=make_mbi(rng)
            if payer_type == "medicare"
            else f"M{rng.randrange(10**9):09d}",
            subscriber_first_name="Pat",
            subscriber_last_name=f"Synthetic{rng.randrange(10_000)}",
            subscriber_birth_date=date(rng.randint(1935, 2005), rng.randint(1, 12), rng.randint(1, 28)),
            subscriber_gender=rng.choice("MF"),
            subscriber_address_line1=f"{rng.randint(1, 9999)} Oak Ave",
            subscriber_city="Evanston",
            subscriber_state="IL",
            subscriber_zip="60201",
            patient_id=f"pat-{claim_id}",
        )
        return self._maybe_secondary(claim)

    def _lines(
        self,
        count: int,
        service_date: date,
        dx_count: int,
        payer_type: str,
        institutional: bool,
        telehealth: bool,
    ) -> tuple[LineContext, ...]:
        rng = self.rng
        codes = [rng.choice(EM_CODES)] if telehealth else self._codes(count)
        lines = []
        for number, code in enumerate(codes, 1):
            modifiers = self._modifiers(code, codes, payer_type, telehealth)
            lines.append(
                LineContext(
                    line_number=number,
                    procedure_code=code,
                    service_date=service_date,
                    charge_cents=rng.randint(25, 500) * 100,
                    units=Decimal(self._units(code)),
                    modifiers=modifiers,
                    diagnosis_pointers=tuple(sorted(rng.sample(range(1, dx_count + 1), min(dx_count, 2)))),
                    revenue_code=rng.choice(REVENUE_CODES) if institutional else None,
                    ndc="00641037625" if code.startswith("J") else None,
                )
            )
        return tuple(lines)

    def _codes(self, count: int) -> list[str]:
        # distinct codes, none of them a column-2 code of the synthetic NCCI file
        codes = self.rng.sample(PROCEDURES, count)
        if self.rng.random() < 0.6:
            codes[0] = self.rng.choice(EM_CODES)
        return codes

    def _modifiers(self, code: str, codes: list[str], payer_type: str, telehealth: bool) -> tuple[str, ...]:
        if telehealth:
            return ("95",) if payer_type in TELEHEALTH_PAYER_TYPES else ()
        if code in THERAPY and payer_type in ("medicare", "medicare_advantage"):
            return ("GP",)
        others = [c for c in codes if not is_evaluation_and_management(c)]
        if is_evaluation_and_management(code) and others and self.rng.random() < 0.5:
            return ("25",)
        return ()

    def _units(self, code: str) -> int:
        return self.rng.randint(1, 2) if code in ("97140", "J1100") else 1

    def _maybe_secondary(self, claim: ClaimContext) -> ClaimContext:
        if claim.payer_type not in ("commercial", "medicaid") or self.rng.random() > 0.1:
            return claim
        return dataclasses.replace(
            claim,
            payer_sequence="secondary",
            prior_payer_paid_cents=claim.total_charge_cents // 2,
            prior_payer_adjudication_date=claim.service_date_to + timedelta(days=2),
        )


@dataclass(frozen=True)
class Defect:
    kind: str
    expected: Callable[[ClaimContext], set[str]]
    apply: Callable[[ClaimContext, ClaimGenerator], ClaimContext | None]


def with_lines(claim: ClaimContext, lines: tuple[LineContext, ...]) -> ClaimContext:
    return dataclasses.replace(
        claim, lines=lines, total_charge_cents=sum(line.charge_cents for line in lines)
    )


def append_line(claim: ClaimContext, code: str, **changes: object) -> ClaimContext:
    """A new line like the first one (same date, pointers, telehealth modifier, revenue code)."""
    first = claim.lines[0]
    modifiers = ("95",) if "95" in first.modifiers else ()
    values: dict[str, object] = {
        "line_number": len(claim.lines) + 1,
        "procedure_code": code,
        "modifiers": modifiers,
        "units": Decimal(1),
        "ndc": None,
        **changes,
    }
    return with_lines(claim, (*claim.lines, dataclasses.replace(first, **values)))  # type: ignore[arg-type]


def _move_dates(claim: ClaimContext, service_date: date) -> ClaimContext:
    lines = tuple(dataclasses.replace(line, service_date=service_date) for line in claim.lines)
    return dataclasses.replace(
        claim, lines=lines, service_date_from=service_date, service_date_to=service_date
    )


def _professional(claim: ClaimContext) -> bool:
    return claim.claim_type == "professional"


def _late(claim: ClaimContext, generator: ClaimGenerator) -> ClaimContext:
    limit = 365 if claim.payer_type in ("medicare", "medicaid", "medicare_advantage", "tricare") else 90
    secondary = dataclasses.replace(
        claim, payer_sequence="primary", prior_payer_paid_cents=None, prior_payer_adjudication_date=None
    )
    return _move_dates(secondary, generator.today - timedelta(days=limit + 30))


def _single(rule_id: str) -> Callable[[ClaimContext], set[str]]:
    return lambda claim: {rule_id}


def _principal(code: str) -> Callable[[ClaimContext, ClaimGenerator], ClaimContext | None]:
    return lambda claim, _: dataclasses.replace(claim, diagnoses=(code, *claim.diagnoses[1:]))


def _appended(code: str, **changes: object) -> Callable[[ClaimContext, ClaimGenerator], ClaimContext | None]:
    return lambda claim, _: append_line(claim, code, **changes)


def _changed(**changes: object) -> Callable[[ClaimContext, ClaimGenerator], ClaimContext | None]:
    return lambda claim, _: dataclasses.replace(claim, **changes)  # type: ignore[arg-type]


def _bad_npi(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext:
    npi = claim.billing_provider_npi or "1234567893"
    return dataclasses.replace(claim, billing_provider_npi=npi[:9] + str((int(npi[9]) + 1) % 10))


def _pointer_past_the_end(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    return (
        append_line(claim, "93000", diagnosis_pointers=(len(claim.diagnoses) + 1,))
        if _professional(claim)
        else None
    )


def _bad_pos(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    ok = _professional(claim) and claim.place_of_service != "10"
    return dataclasses.replace(claim, place_of_service="00") if ok else None


def _ncci_pair(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext:
    return append_line(append_line(claim, "93000"), "93005")


def _auth_code(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    return append_line(claim, "70553") if claim.payer_id == "60054" else None


def _future(claim: ClaimContext, generator: ClaimGenerator) -> ClaimContext:
    return _move_dates(claim, generator.today + timedelta(days=5))


def _no_member_id(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    return dataclasses.replace(claim, subscriber_member_id=None) if claim.payer_type != "medicare" else None


def _bad_mbi(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    return (
        dataclasses.replace(claim, subscriber_member_id="123456789A")
        if claim.payer_type == "medicare"
        else None
    )


def _telehealth_without_modifier(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext | None:
    eligible = claim.payer_type in TELEHEALTH_PAYER_TYPES and "95" not in claim.all_modifiers
    return dataclasses.replace(claim, place_of_service="02") if _professional(claim) and eligible else None


def _no_principal(claim: ClaimContext) -> set[str]:
    return (
        {"DX_PRINCIPAL_MISSING", "DX_POINTER_INVALID"} if _professional(claim) else {"DX_PRINCIPAL_MISSING"}
    )


def _total_off(claim: ClaimContext, _: ClaimGenerator) -> ClaimContext:
    return dataclasses.replace(claim, total_charge_cents=claim.total_charge_cents + 100)


DUPLICATE = "duplicate of a submitted claim"
DEFECTS: list[Defect] = [
    Defect("dx invalid for DOS", _single("ICD10_INVALID_FOR_DOS"), _principal("T40.7X1A")),
    Defect("header dx code", _single("ICD10_NOT_BILLABLE"), _principal("E11")),
    Defect("bad NPI check digit", _single("NPI_INVALID"), _bad_npi),
    Defect("pointer to a missing dx", _single("DX_POINTER_INVALID"), _pointer_past_the_end),
    Defect("invalid POS", _single("POS_INVALID"), _bad_pos),
    Defect("MUE exceeded", _single("MUE_UNITS_EXCEEDED"), _appended("20610", units=Decimal(3))),
    Defect("NCCI pair without modifier", _single("NCCI_PTP_CONFLICT"), _ncci_pair),
    Defect("missing prior authorization", _single("PRIOR_AUTH_MISSING"), _auth_code),
    Defect("timely filing passed", _single("TIMELY_FILING_EXPIRED"), _late),
    Defect("future date of service", _single("DOS_IN_FUTURE"), _future),
    Defect("zero charge", _single("CHARGE_NOT_POSITIVE"), _appended("81002", charge_cents=0)),
    Defect("zero units", _single("UNITS_NOT_POSITIVE"), _appended("93000", units=Decimal(0))),
    Defect("missing member id", _single("REQUIRED_FIELD_MISSING"), _no_member_id),
    Defect("bad Medicare MBI", _single("MEDICARE_MBI_FORMAT"), _bad_mbi),
    Defect("26 with TC", _single("MODIFIER_CONFLICT"), _appended("93000", modifiers=("26", "TC"))),
    Defect("malformed procedure code", _single("PROCEDURE_CODE_FORMAT"), _appended("9921")),
    Defect("terminated HCPCS code", _single("PROCEDURE_CODE_INVALID_FOR_DOS"), _appended("G9001")),
    Defect("no principal dx", _no_principal, _changed(diagnoses=())),
    Defect("total differs from lines", _single("TOTAL_CHARGE_MISMATCH"), _total_off),
    Defect(
        "telehealth without modifier", _single("TELEHEALTH_POS_NEEDS_MODIFIER"), _telehealth_without_modifier
    ),
    Defect("5-digit billing ZIP", _single("REQUIRED_FIELD_INVALID"), _changed(billing_provider_zip="60611")),
    Defect(DUPLICATE, _single("DUPLICATE_CLAIM"), lambda claim, _: None),  # built from a submitted claim
]


@dataclass(frozen=True)
class Batch:
    claims: list[ClaimContext]
    seeded: dict[str, tuple[str, set[str]]]  # claim id -> (defect kind, expected error rule ids)
    lookups: Lookups


def make_batch(count: int = 1000, *, seed: int = 2026, today: date, defect_rate: float = 0.1) -> Batch:
    """`count` claims, `defect_rate` of them carrying exactly one known defect, kinds taken in turn."""
    generator, duplicates = ClaimGenerator(seed, today), InMemoryDuplicates()
    submitted = generator.claims(40, prefix="OLD")
    for claim in submitted:
        duplicates.record(claim)
    claims = generator.claims(count)
    candidates = generator.rng.sample(range(count), count)
    seeded: dict[str, tuple[str, set[str]]] = {}
    for turn in range(round(count * defect_rate)):
        defect = DEFECTS[turn % len(DEFECTS)]
        for position, index in enumerate(candidates):
            changed = _apply(defect, claims[index], generator, submitted[turn % len(submitted)])
            if changed is not None:
                claims[index], seeded[changed.claim_id] = changed, (defect.kind, defect.expected(changed))
                del candidates[position]
                break
    return Batch(claims, seeded, dataclasses.replace(synthetic_lookups(), duplicates=duplicates))


def _apply(
    defect: Defect, claim: ClaimContext, generator: ClaimGenerator, submitted: ClaimContext
) -> ClaimContext | None:
    if defect.kind == DUPLICATE:
        return dataclasses.replace(submitted, claim_id=claim.claim_id)
    return defect.apply(claim, generator)
