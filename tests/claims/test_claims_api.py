"""Claims over HTTP: creation (direct and from an encounter), edits, versions, transitions, history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories import OrgFixture, claim_payload, make_world


def _create(client: TestClient, body: dict) -> dict:
    res = client.post("/claims", json=body)
    assert res.status_code == 201, res.text
    return res.json()


class TestCreateClaim:
    def test_totals_are_derived_from_lines(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        biller = as_role("biller")
        claim = _create(biller, claim_payload(world, lines=3))
        assert claim["status"] == "Draft"
        assert claim["charge_cents"] == 10_000 + 12_500 + 15_000
        assert claim["balance_cents"] == claim["charge_cents"]
        assert [ln["line_number"] for ln in claim["lines"]] == [1, 2, 3]
        assert claim["payer_id"] == str(world.payer.id)
        assert claim["payer_sequence"] == "primary"
        assert claim["diagnosis_codes"] == ["E119", "I10"]
        assert claim["version"] == 1

    def test_institutional_claim_needs_type_of_bill(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        body = claim_payload(world, claim_type="institutional")
        res = as_role("biller").post("/claims", json=body)
        assert res.status_code == 422
        assert "type of bill" in res.json()["detail"]
        body["type_of_bill"] = "0131"
        body["lines"][0]["revenue_code"] = "0300"
        assert as_role("biller").post("/claims", json=body).status_code == 201

    def test_limits_of_the_837_are_validated_with_field_paths(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        body = claim_payload(world)
        body["diagnosis_codes"] = [f"A0{i % 10}{i}" for i in range(13)]
        body["lines"][0]["modifiers"] = ["25", "59", "XE", "RT", "LT"]
        body["lines"][0]["diagnosis_pointers"] = [1, 2, 3, 4, 5]
        res = as_role("biller").post("/claims", json=body)
        assert res.status_code == 422
        fields = {e["field"] for e in res.json()["context"]["errors"]}
        assert {"body.diagnosis_codes", "body.lines.0.modifiers", "body.lines.0.diagnosis_pointers"} <= fields

    def test_without_primary_coverage_is_a_clear_422(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        body = claim_payload(world, dos=date.today() - timedelta(days=3))
        session.delete(world.coverage)
        session.commit()
        res = as_role("biller").post("/claims", json=body)
        assert res.status_code == 422
        assert res.json()["error"] == "ClaimReferenceInvalid"

    def test_duplicate_control_number_is_409(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        biller = as_role("biller")
        _create(biller, claim_payload(world, patient_control_number="PCN-1"))
        res = biller.post("/claims", json=claim_payload(world, patient_control_number="PCN-1"))
        assert res.status_code == 409


class TestClaimFromEncounter:
    def test_encounter_charges_become_lines(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        clinician = as_role("clinician")
        dos = (date.today() - timedelta(days=2)).isoformat()
        enc = clinician.post(
            "/encounters",
            json={
                "patient_id": str(world.patient.id),
                "rendering_provider_id": str(world.rendering.id),
                "billing_provider_id": str(world.billing.id),
                "service_date": dos,
                "diagnosis_codes": ["J06.9"],
                "charges": [
                    {
                        "procedure_code": "99213",
                        "charge_cents": 12500,
                        "service_date": dos,
                        "diagnosis_pointers": [1],
                    }
                ],
            },
        )
        assert enc.status_code == 201, enc.text
        res = as_role("biller").post(f"/encounters/{enc.json()['id']}/claims", json={})
        assert res.status_code == 201, res.text
        claim = res.json()
        assert claim["encounter_id"] == enc.json()["id"]
        assert claim["diagnosis_codes"] == ["J069"]
        assert claim["charge_cents"] == 12500
        assert clinician.get(f"/encounters/{enc.json()['id']}").json()["status"] == "billed"


class TestEditAndVersion:
    def test_stale_version_is_409_and_fresh_one_bumps(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        claim = _create(biller, claim_payload(make_world(session, org)))
        ok = biller.patch(
            f"/claims/{claim['id']}", json={"version": 1, "prior_authorization_number": "AUTH1"}
        )
        assert ok.status_code == 200, ok.text
        assert ok.json()["version"] == 2
        stale = biller.patch(f"/claims/{claim['id']}", json={"version": 1, "place_of_service": "22"})
        assert stale.status_code == 409
        assert stale.json()["context"] == {"expected_version": 1, "current_version": 2}

    def test_replacing_lines_recomputes_totals(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        world = make_world(session, org)
        claim = _create(biller, claim_payload(world, lines=2))
        lines = claim_payload(world, lines=1)["lines"]
        lines[0]["charge_cents"] = 777
        res = biller.patch(f"/claims/{claim['id']}", json={"version": 1, "lines": lines})
        assert res.status_code == 200, res.text
        assert res.json()["charge_cents"] == 777
        assert len(res.json()["lines"]) == 1


class TestTransitions:
    def test_void_of_a_draft_then_illegal_second_void(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        manager = as_role("billing_manager")
        claim = _create(manager, claim_payload(make_world(session, org)))
        res = manager.post(f"/claims/{claim['id']}/void", json={"reason": "duplicate entry"})
        assert res.status_code == 200 and res.json()["status"] == "Voided"
        again = manager.post(f"/claims/{claim['id']}/void", json={})
        assert again.status_code == 409
        body = again.json()
        assert body["error"] == "IllegalClaimTransition"
        assert body["context"]["allowed_next_states"] == []

    def test_reopen_of_a_draft_names_allowed_next_states(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        claim = _create(biller, claim_payload(make_world(session, org)))
        res = biller.post(f"/claims/{claim['id']}/reopen", json={})
        assert res.status_code == 409
        assert res.json()["context"]["allowed_next_states"] == ["Scrubbed", "Voided"]

    def test_transitions_and_history_endpoints(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        manager = as_role("billing_manager", full_name="Dana Whitfield")
        claim = _create(manager, claim_payload(make_world(session, org)))
        allowed = manager.get(f"/claims/{claim['id']}/transitions").json()
        assert allowed["status"] == "Draft"
        assert {a["to"] for a in allowed["allowed"]} == {"Scrubbed", "Voided"}
        manager.patch(f"/claims/{claim['id']}", json={"version": 1, "place_of_service": "22", "reason": "ER"})
        manager.post(f"/claims/{claim['id']}/void", json={"reason": "wrong patient"})
        history = manager.get(f"/claims/{claim['id']}/history").json()
        assert [h["action"] for h in history] == ["claim.created", "claim.updated", "claim.cancel"]
        assert history[1]["changes"]["place_of_service"] == ["11", "22"]
        assert history[1]["reason"] == "ER"
        assert history[2]["changes"]["status"] == ["Draft", "Voided"]
        assert history[2]["reason"] == "wrong patient"
        assert {h["actor_name"] for h in history} == {"Dana Whitfield"}
