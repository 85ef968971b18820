"""The demo organization `make run` seeds: one user per role, payers, providers, patients, claims.

Everything here is synthetic (names, member ids, NPIs with valid check digits that belong to
nobody we know of). Claims are created and moved through the same services the API uses.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from rcm.auth import service as auth
from rcm.auth.permissions import Role
from rcm.claims import service as claims
from rcm.claims.schemas import ClaimCreate, ClaimLineIn
from rcm.db import unit_of_work
from rcm.orgs import service as orgs
from rcm.patients import service as patients
from rcm.patients.models import CoveragePriority, Gender, Patient
from rcm.patients.schemas import CoverageCreate, PatientCreate
from rcm.payers import service as payers
from rcm.payers.models import Payer, PayerType
from rcm.payers.schemas import PayerCreate
from rcm.providers import service as providers
from rcm.providers.models import Provider, ProviderEntity
from rcm.providers.schemas import ProviderCreate
from rcm.tenancy import AuthContext

DEMO_SLUG = "demo"
DEMO_DOMAIN = "riverside.example.com"

PAYERS = [
    ("Medicare Part B (demo)", PayerType.medicare, "DEMOMCR"),
    ("State Medicaid (demo)", PayerType.medicaid, "DEMOMCD"),
    ("Acme Health Commercial (demo)", PayerType.commercial, "DEMOACME"),
    ("Blue Valley PPO (demo)", PayerType.commercial, "DEMOBVP"),
    ("Senior Advantage HMO (demo)", PayerType.medicare_advantage, "DEMOMAHMO"),
    ("Prairie Medigap Supplement (demo)", PayerType.commercial, "DEMOGAP"),
]
PRIMARY_PAYERS = 5  # the Medigap plan is only ever secondary (to Medicare)
MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # MBI letters exclude S, L, O, I, B, Z
# (last/org name, first name, NPI with a valid check digit, taxonomy, billing?)
PROVIDERS = [
    ("Riverside Family Medicine", "", "1234567893", "261QP2300X", True),
    ("Okafor", "Adaeze", "1047293851", "207Q00000X", False),
    ("Lindqvist", "Erik", "1849201730", "207R00000X", False),
    ("Moreno", "Lucia", "1658392745", "363LF0000X", False),
]
FIRST = [
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Olga",
    "Diego",
    "Grace",
    "Tomasz",
    "Priya",
    "Samuel",
    "Hana",
    "Luis",
]
LAST = ["Garcia", "Johnson", "Nguyen", "Kowalski", "Okonkwo", "Schmidt", "Haddad", "Patel", "Rossi", "Kim"]
VISITS = [
    (["E119", "I10"], [("99214", 18_500), ("83036", 4_200)]),
    (["J069"], [("99213", 12_500)]),
    (["Z0000"], [("99396", 21_000), ("80053", 3_800), ("85025", 2_400)]),
    (["M5450"], [("99213", 12_500), ("97110", 6_500)]),
    (["E785", "I10"], [("99214", 18_500), ("80061", 4_500)]),
    (["J45909"], [("99213", 12_500), ("94010", 7_800)]),
]


def demo_password(role: Role) -> str:
    return f"demo-{role.value.replace('_', '-')}-2026"


def _users(session: Session, ctx: AuthContext, patient_id: uuid.UUID) -> list[tuple[str, str, str]]:
    rows = []
    for role in Role:
        email = f"{role.value.replace('_', '.')}@{DEMO_DOMAIN}"
        auth.create_user(
            session,
            ctx,
            email=email,
            full_name=f"Demo {role.value.replace('_', ' ').title()}",
            role=role,
            password=demo_password(role),
            patient_id=patient_id if role is Role.patient else None,
        )
        rows.append((email, demo_password(role), role.value))
    return rows


def _payers(session: Session, ctx: AuthContext) -> list[Payer]:
    return [
        payers.create_payer(
            session,
            ctx,
            PayerCreate(
                name=name,
                payer_type=kind,
                payer_code=code,
                address_line1="PO Box 1000",
                city="Columbus",
                state="OH",
                postal_code="43215",
            ),
        )
        for name, kind, code in PAYERS
    ]


def _providers(session: Session, ctx: AuthContext) -> list[Provider]:
    return [
        providers.create_provider(
            session,
            ctx,
            ProviderCreate(
                entity_type=ProviderEntity.organization if billing else ProviderEntity.person,
                name=name,
                first_name=first,
                npi=npi,
                taxonomy_code=taxonomy,
                tax_id="376543210" if billing else "",
                is_billing=billing,
                address_line1="200 River Rd",
                city="Springfield",
                state="IL",
                postal_code="627011234",
            ),
        )
        for name, first, npi, taxonomy, billing in PROVIDERS
    ]


def _patients(
    session: Session, ctx: AuthContext, rng: random.Random, payer_list: list[Payer], count: int
) -> list[Patient]:
    created = []
    for n in range(count):
        patient = patients.create_patient(
            session,
            ctx,
            PatientCreate(
                account_number=f"DEMO{n + 1:05d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                birth_date=date(1940, 1, 1) + timedelta(days=rng.randrange(0, 80 * 365)),
                gender=rng.choice([Gender.female, Gender.male]),
                address_line1=f"{rng.randrange(1, 999)} Oak Ave",
                city="Springfield",
                state="IL",
                postal_code="62704",
            ),
        )
        payer = payer_list[n % PRIMARY_PAYERS]
        patients.create_coverage(
            session,
            ctx,
            CoverageCreate(
                patient_id=patient.id,
                payer_id=payer.id,
                priority=CoveragePriority.primary,
                member_id=_member_id(rng, payer),
            ),
        )
        if payer.payer_type is PayerType.medicare and n % 2 == 0:
            gap = payer_list[PRIMARY_PAYERS]
            patients.create_coverage(
                session,
                ctx,
                CoverageCreate(
                    patient_id=patient.id,
                    payer_id=gap.id,
                    priority=CoveragePriority.secondary,
                    member_id=_member_id(rng, gap),
                ),
            )
        created.append(patient)
    return created


def _member_id(rng: random.Random, payer: Payer) -> str:
    if payer.payer_type is not PayerType.medicare:
        return f"{payer.payer_code[4:7]}{rng.randrange(10**8, 10**9)}"
    # A Medicare Beneficiary Identifier shape: C A AN N A AN N A A N N
    pick = rng.choice
    alnum = MBI_LETTERS + "0123456789"
    return "".join(
        [
            pick("123456789"),
            pick(MBI_LETTERS),
            pick(alnum),
            pick("0123456789"),
            pick(MBI_LETTERS),
            pick(alnum),
            pick("0123456789"),
            pick(MBI_LETTERS),
            pick(MBI_LETTERS),
            pick("0123456789"),
            pick("0123456789"),
        ]
    )


def _claims(
    session: Session,
    ctx: AuthContext,
    rng: random.Random,
    people: list[Patient],
    provs: list[Provider],
    count: int,
) -> None:
    billing, renderers = provs[0], provs[1:]
    today = date.today()
    for n in range(count):
        dx, services = rng.choice(VISITS)
        if n % 13 == 5:
            dx = ["E11", *dx[1:]]  # a seeded coding defect: a category, not a billable code
        dos = today - timedelta(days=rng.randrange(1, 45))
        lines = [
            ClaimLineIn(
                procedure_code=code,
                modifiers=["GP"] if code.startswith("97") else [],  # therapy discipline (Medicare)
                charge_cents=cents,
                service_date=dos,
                diagnosis_pointers=list(range(1, min(len(dx), 4) + 1)),
            )
            for code, cents in services
        ]
        claims.create_claim(
            session,
            ctx,
            ClaimCreate(
                patient_id=people[n % len(people)].id,
                billing_provider_id=billing.id,
                rendering_provider_id=rng.choice(renderers).id,
                referring_provider_id=renderers[0].id,  # the ordering physician of labs and tests
                diagnosis_codes=dx,
                lines=lines,
                patient_control_number=f"DEMO{n + 1:06d}",
            ),
        )


def seed(
    *, claims: int = 300, patients_count: int = 60, seed_value: int = 20261123
) -> tuple[bool, list[tuple[str, str, str]]]:
    """Create the demo organization once; return (created, [(email, password, role)])."""
    with unit_of_work() as session:
        if orgs.find_by_slug(session, DEMO_SLUG) is not None:
            return False, [
                (f"{r.value.replace('_', '.')}@{DEMO_DOMAIN}", demo_password(r), r.value) for r in Role
            ]
        org = orgs.create_organization(
            session,
            name="Riverside Family Medicine (demo)",
            slug=DEMO_SLUG,
            submitter_id="RIVERSIDE01",
            submitter_contact_name="Billing Office",
            submitter_contact_phone="2175550100",
            receiver_id="SIMCLEARING",
            receiver_name="Payer Simulator Clearinghouse",
        )
        ctx = AuthContext.system(org.id)
        rng = random.Random(seed_value)
        payer_list = _payers(session, ctx)
        provs = _providers(session, ctx)
        people = _patients(session, ctx, rng, payer_list, patients_count)
        users = _users(session, ctx, people[0].id)
        _claims(session, ctx, rng, people, provs, claims)
        org_id = org.id
    import rcm.flows  # noqa: F401  (registers the 835 handler the pipeline's polling needs)
    from rcm.demo_pipeline import run

    run(org_id)
    return True, users
