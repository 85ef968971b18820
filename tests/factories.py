"""Plain factory functions for tests: `make_claim(session, org, lines=2, **overrides)`."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.orm import Session

from rcm.auth.models import User
from rcm.auth.permissions import Role
from rcm.auth.security import create_access_token, hash_password
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.schemas import ClaimCreate, ClaimLineIn
from rcm.orgs import service as orgs
from rcm.patients import service as patients
from rcm.patients.models import Coverage, CoveragePriority, Gender, Patient
from rcm.patients.schemas import CoverageCreate, PatientCreate
from rcm.payers import service as payers
from rcm.payers.models import Payer, PayerType
from rcm.payers.schemas import PayerCreate
from rcm.providers import service as providers
from rcm.providers.models import Provider, ProviderEntity
from rcm.providers.schemas import ProviderCreate
from rcm.tenancy import AuthContext

TEST_PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


@dataclass
class OrgFixture:
    id: uuid.UUID
    name: str
    ctx: AuthContext


def luhn_npi(nine_digits: str) -> str:
    """A valid NPI for the nine digits: Luhn over '80840' + digits (written here independently)."""
    digits = [int(d) for d in "80840" + nine_digits]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return nine_digits + str((10 - total % 10) % 10)


def next_npi() -> str:
    return luhn_npi(f"1{next(_seq):08d}")


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(TEST_PASSWORD)


def make_org(session: Session, name: str, **settings: Any) -> OrgFixture:
    org = orgs.create_organization(
        session,
        name=name,
        slug=f"org-{uuid.uuid4().hex[:10]}",
        submitter_id="SUB" + uuid.uuid4().hex[:6].upper(),
        receiver_id="CLEARHOUSE",
        submitter_contact_name="Billing Office",
        submitter_contact_phone="2175550100",
        receiver_name="Demo Clearinghouse",
        **settings,
    )
    session.flush()
    return OrgFixture(org.id, name, AuthContext(org_id=org.id, user_id=None, role=Role.practice_admin))


def make_user(session: Session, org: OrgFixture, role: str | Role, **fields: Any) -> User:
    n = next(_seq)
    user = User(
        org_id=org.id,
        email=fields.pop("email", f"user{n}-{uuid.uuid4().hex[:6]}@example.test"),
        full_name=fields.pop("full_name", f"Test User {n}"),
        role=Role(role),
        password_hash=_password_hash(),
        **fields,
    )
    session.add(user)
    session.flush()
    return user


def ctx_for(user: User) -> AuthContext:
    return AuthContext(org_id=user.org_id, user_id=user.id, role=Role(user.role), patient_id=user.patient_id)


def token_for(user: User) -> str:
    return create_access_token(user.id, user.org_id, user.role)[0]


class AuthedClient:
    """A TestClient that sends one user's bearer token on every request."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}

    def request(self, method: str, url: str, **kwargs: Any) -> Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, url: str, **kw: Any) -> Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> Response:
        return self.request("POST", url, **kw)

    def patch(self, url: str, **kw: Any) -> Response:
        return self.request("PATCH", url, **kw)

    def put(self, url: str, **kw: Any) -> Response:
        return self.request("PUT", url, **kw)

    def delete(self, url: str, **kw: Any) -> Response:
        return self.request("DELETE", url, **kw)


def make_payer(session: Session, org: OrgFixture, **overrides: Any) -> Payer:
    n = next(_seq)
    values: dict[str, Any] = {
        "name": f"Payer {n}",
        "payer_type": PayerType.commercial,
        "payer_code": f"P{n:05d}",
        "address_line1": "1 Payer Way",
        "city": "Columbus",
        "state": "OH",
        "postal_code": "43215",
    }
    values.update(overrides)
    return payers.create_payer(session, org.ctx, PayerCreate(**values))


def make_provider(session: Session, org: OrgFixture, *, billing: bool = False, **overrides: Any) -> Provider:
    values: dict[str, Any] = {
        "entity_type": ProviderEntity.organization if billing else ProviderEntity.person,
        "name": "Riverside Clinic" if billing else "Smith",
        "first_name": "" if billing else "Jane",
        "npi": next_npi(),
        "taxonomy_code": "207Q00000X",
        "tax_id": "123456789" if billing else "",
        "is_billing": billing,
        "address_line1": "100 Main St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "627011234",
    }
    values.update(overrides)
    return providers.create_provider(session, org.ctx, ProviderCreate(**values))


def make_patient(session: Session, org: OrgFixture, **overrides: Any) -> Patient:
    n = next(_seq)
    values: dict[str, Any] = {
        "account_number": f"ACCT{n:06d}",
        "first_name": "Pat",
        "last_name": f"Doe{n}",
        "birth_date": date(1970, 1, 1),
        "gender": Gender.female,
        "address_line1": "5 Elm St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
    }
    values.update(overrides)
    return patients.create_patient(session, org.ctx, PatientCreate(**values))


def make_coverage(
    session: Session,
    org: OrgFixture,
    patient: Patient,
    payer: Payer,
    priority: CoveragePriority = CoveragePriority.primary,
    **overrides: Any,
) -> Coverage:
    values: dict[str, Any] = {
        "patient_id": patient.id,
        "payer_id": payer.id,
        "priority": priority,
        "member_id": f"MEM{next(_seq):07d}",
    }
    values.update(overrides)
    return patients.create_coverage(session, org.ctx, CoverageCreate(**values))


@dataclass
class ClaimWorld:
    """A patient with primary coverage and the providers to bill a claim."""

    patient: Patient
    payer: Payer
    coverage: Coverage
    billing: Provider
    rendering: Provider


def make_world(session: Session, org: OrgFixture, **payer_overrides: Any) -> ClaimWorld:
    payer = make_payer(session, org, **payer_overrides)
    patient = make_patient(session, org)
    coverage = make_coverage(session, org, patient, payer)
    return ClaimWorld(
        patient, payer, coverage, make_provider(session, org, billing=True), make_provider(session, org)
    )


def claim_payload(
    world: ClaimWorld, *, lines: int = 2, dos: date | None = None, **overrides: Any
) -> dict[str, Any]:
    day = dos or date.today() - timedelta(days=10)
    codes = ["99213", "85025", "80053", "93000", "36415", "81002"]
    body: dict[str, Any] = {
        "patient_id": str(world.patient.id),
        "billing_provider_id": str(world.billing.id),
        "rendering_provider_id": str(world.rendering.id),
        "diagnosis_codes": ["E11.9", "I10"],
        "place_of_service": "11",
        "lines": [
            {
                "procedure_code": codes[i % len(codes)],
                "charge_cents": 10_000 + 2_500 * i,
                "units": "1",
                "diagnosis_pointers": [1, 2] if i == 0 else [1],
                "service_date": day.isoformat(),
            }
            for i in range(lines)
        ],
    }
    body.update(overrides)
    return body


def make_claim(
    session: Session, org: OrgFixture, lines: int = 2, world: ClaimWorld | None = None, **overrides: Any
) -> Claim:
    world = world or make_world(session, org)
    payload = claim_payload(world, lines=lines, **overrides)
    payload["lines"] = [ClaimLineIn(**ln) for ln in payload["lines"]]
    return claims.create_claim(session, org.ctx, ClaimCreate(**payload))


def scrubbed(session: Session, org: OrgFixture, claim: Claim) -> Claim:
    """Given a claim that passed scrubbing (the scrub service itself is tested on its own)."""
    from rcm.claims import lifecycle
    from rcm.claims.state_machine import ClaimEvent

    lifecycle.apply_event(session, org.ctx, claim, ClaimEvent.scrub_passed, reason="test: clean scrub")
    session.flush()
    return claim


__all__ = ["Decimal"]
