"""Tenant isolation: another organization's records are 404 everywhere, never listed, never usable."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from rcm.claims.repository import ClaimRepository
from rcm.errors import NotFound
from tests.factories import OrgFixture, claim_payload, make_claim, make_world


@pytest.fixture
def foreign(session: Session, other_org: OrgFixture) -> dict[str, str]:
    claim = make_claim(session, other_org)
    world = make_world(session, other_org)
    session.commit()
    return {
        "claim": str(claim.id),
        "patient": str(world.patient.id),
        "payer": str(world.payer.id),
        "provider": str(world.rendering.id),
        "coverage": str(world.coverage.id),
    }


READS = [
    "/claims/{claim}",
    "/claims/{claim}/history",
    "/claims/{claim}/transitions",
    "/patients/{patient}",
    "/patients/{patient}/coverages",
    "/payers/{payer}",
    "/providers/{provider}",
    "/coverages/{coverage}",
]


@pytest.mark.parametrize("path", READS)
def test_reading_another_orgs_record_is_404(path: str, foreign: dict[str, str], as_role: Callable) -> None:
    res = as_role("practice_admin").get(path.format(**foreign))
    assert res.status_code == 404, res.text
    assert res.json()["error"] == "NotFound"


def test_writing_another_orgs_claim_is_404(foreign: dict[str, str], as_role: Callable) -> None:
    admin = as_role("practice_admin")
    assert admin.patch(f"/claims/{foreign['claim']}", json={"version": 1}).status_code == 404
    assert admin.post(f"/claims/{foreign['claim']}/void", json={}).status_code == 404


def test_lists_never_show_another_orgs_rows(
    session: Session, org: OrgFixture, foreign: dict[str, str], as_role: Callable
) -> None:
    mine = make_claim(session, org)
    session.commit()
    admin = as_role("practice_admin")
    ids = {c["id"] for c in admin.get("/claims", params={"page_size": 500}).json()["items"]}
    assert ids == {str(mine.id)}
    patients = {p["id"] for p in admin.get("/patients", params={"page_size": 500}).json()["items"]}
    assert foreign["patient"] not in patients


def test_a_claim_cannot_reference_another_orgs_patient_or_provider(
    session: Session, org: OrgFixture, foreign: dict[str, str], as_role: Callable
) -> None:
    body = claim_payload(make_world(session, org))
    session.commit()
    biller = as_role("biller")
    res = biller.post("/claims", json={**body, "rendering_provider_id": foreign["provider"]})
    assert res.status_code == 404 and "provider" in res.json()["detail"]
    res = biller.post("/claims", json={**body, "patient_id": foreign["patient"]})
    assert res.status_code == 404 and "patient" in res.json()["detail"]


def test_repository_base_statement_is_scoped(
    session: Session, org: OrgFixture, other_org: OrgFixture
) -> None:
    theirs = make_claim(session, other_org)
    with pytest.raises(NotFound):
        ClaimRepository(session, org.ctx).get_or_raise(theirs.id)
    assert ClaimRepository(session, other_org.ctx).get_or_raise(theirs.id).id == theirs.id


class TestPatientPortal:
    def test_patient_sees_only_their_own_claims(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        own = make_claim(session, org, world=world)
        other = make_claim(session, org)
        session.commit()
        patient = as_role("patient", patient_id=world.patient.id)
        listed = {c["id"] for c in patient.get("/claims").json()["items"]}
        assert listed == {str(own.id)}
        assert patient.get(f"/claims/{other.id}").status_code == 404
        assert patient.get(f"/claims/{own.id}").status_code == 200

    def test_patient_user_without_a_patient_sees_nothing(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        make_claim(session, org)
        session.commit()
        assert as_role("patient").get("/claims").json()["items"] == []
