"""Mapping overrides: versioned, org-wide or per payer, used by the next posting; the preview endpoint."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcm.audit.repository import AuditRepository
from tests.denials.helpers import Denier
from tests.factories import ClaimWorld, OrgFixture, make_payer

DOCUMENTATION = {
    "carc": "50",
    "category": "DOCUMENTATION",
    "root_cause": "NotesNotAttached",
    "recommended_action": "appeal",
    "owning_team": "clinical_documentation",
}


def _override(client: TestClient, **values: object) -> dict:
    res = client.post("/denial-mappings", json={**DOCUMENTATION, **values})
    assert res.status_code == 201, res.text
    return res.json()


class TestOverrides:
    def test_an_override_classifies_the_next_posting_and_each_version_counts(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        before = denied(carc="50", remarks=())
        assert (before.category, before.mapping_version.startswith("default-")) == ("MEDICAL_NECESSITY", True)
        admin = as_role("practice_admin")
        first = _override(admin)
        assert (first["version"], first["payer_id"], first["rarc"]) == (1, None, "")
        after = denied(carc="50", remarks=())
        assert (after.category, after.root_cause, after.owning_team, after.mapping_version) == (
            "DOCUMENTATION",
            "NotesNotAttached",
            "clinical_documentation",
            "org-v1",
        )
        second = _override(admin, root_cause="RecordsIllegible", owning_team="coding")
        assert second["version"] == 2
        latest = denied(carc="50", remarks=())
        assert (latest.root_cause, latest.owning_team, latest.mapping_version) == (
            "RecordsIllegible",
            "coding",
            "org-v2",
        )
        session.refresh(before)
        assert before.category == "MEDICAL_NECESSITY"  # earlier denials keep their classification
        listed = admin.get("/denial-mappings", params={"carc": "50"}).json()
        assert [o["version"] for o in listed["items"]] == [2, 1]
        audited = AuditRepository(session, org.ctx).for_entity("denial_mapping_override", UUID(first["id"]))
        assert [e.action for e in audited] == ["denial_mapping.overridden"]

    def test_a_payer_override_beats_the_org_override_for_that_payer_only(
        self, session: Session, org: OrgFixture, world: ClaimWorld, as_role: Callable
    ) -> None:
        admin = as_role("practice_admin")
        _override(admin)
        _override(admin, payer_id=str(world.payer.id), category="NON_COVERED", root_cause="PlanExclusion")
        other = make_payer(session, org)
        session.commit()

        def preview(payer_id: object) -> dict:
            res = admin.get("/denial-mappings/classify", params={"carc": "50", "payer_id": str(payer_id)})
            assert res.status_code == 200, res.text
            return res.json()

        assert (preview(world.payer.id)["category"], preview(world.payer.id)["version"]) == (
            "NON_COVERED",
            "org-v1",
        )
        assert preview(other.id)["category"] == "DOCUMENTATION"

    def test_a_rarc_specific_override_applies_only_with_that_rarc(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        _override(
            as_role("practice_admin"), carc="16", rarc="M127", category="CODING", root_cause="WrongCode"
        )
        with_rarc = denied(carc="16", remarks=("M127",))
        other_rarc = denied(carc="16", remarks=("MA130",))
        assert (with_rarc.category, with_rarc.mapping_version) == ("CODING", "org-v1")
        assert (other_rarc.category, other_rarc.root_cause) == ("MISSING_INFO", "UnprocessableClaim")

    def test_unknown_values_and_foreign_payers_are_refused(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, as_role: Callable
    ) -> None:
        admin = as_role("practice_admin")
        res = admin.post("/denial-mappings", json={**DOCUMENTATION, "category": "VIBES"})
        assert res.status_code == 422 and res.json()["error"] == "MappingValueUnknown"
        assert "DOCUMENTATION" in res.json()["context"]["allowed"]
        res = admin.post("/denial-mappings", json={**DOCUMENTATION, "recommended_action": "shrug"})
        assert res.status_code == 422 and res.json()["context"]["field"] == "recommended_action"
        foreign = make_payer(session, other_org)
        session.commit()
        res = admin.post("/denial-mappings", json={**DOCUMENTATION, "payer_id": str(foreign.id)})
        assert res.status_code == 404

    def test_only_admins_configure_the_mapping(self, session: Session, as_role: Callable) -> None:
        for role in ("biller", "billing_manager"):
            client = as_role(role)
            assert client.post("/denial-mappings", json=DOCUMENTATION).status_code == 403
            assert client.get("/denial-mappings").status_code == 403


class TestClassifyPreview:
    def test_rarc_refines_a_generic_carc(self, session: Session, as_role: Callable) -> None:
        res = as_role("biller").get(
            "/denial-mappings/classify", params={"group": "co", "carc": "16", "rarc": ["N290", "MA130"]}
        )
        assert res.status_code == 200, res.text
        body = res.json()
        assert (body["category"], body["root_cause"], body["recommended_action"]) == (
            "MISSING_INFO",
            "MissingProviderIdentifier",
            "correct_and_resubmit",
        )
        assert body["version"].endswith("+rarc") and body["is_denial"] is True
        assert body["label"].startswith("CO-16: ") and body["rarcs"] == ["N290", "MA130"]

    def test_cost_share_is_not_a_denial(self, session: Session, as_role: Callable) -> None:
        body = as_role("biller").get("/denial-mappings/classify", params={"group": "PR", "carc": "2"}).json()
        assert (body["kind"], body["is_denial"], body["category"]) == (
            "cost_share",
            False,
            "PATIENT_RESPONSIBILITY",
        )

    def test_bad_codes_are_422(self, session: Session, as_role: Callable) -> None:
        client = as_role("biller")
        res = client.get("/denial-mappings/classify", params={"group": "XX", "carc": "16"})
        assert res.status_code == 422
        assert {e["field"] for e in res.json()["context"]["errors"]} == {"query.group"}
        assert client.get("/denial-mappings/classify", params={"carc": "16-"}).status_code == 422
