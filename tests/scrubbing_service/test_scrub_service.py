"""Scrubbing through the service and API: statuses, stored findings, packs, code sets, sign-off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from rcm.batches import service as batches
from rcm.batches.errors import CodingSignOffRequired
from rcm.claims.state_machine import ClaimStatus
from rcm.orgs.models import Organization
from rcm.scrubbing import admin, service
from tests.factories import OrgFixture, claim_payload, make_claim, make_world

PACK = """
pack: acme-local
rules:
  - id: ACME_NO_LAB_WITHOUT_VISIT
    description: Acme pays lab panels only with a visit on the claim.
    severity: error
    scope: line
    when: procedure_code == '80053' and not ('99213' in procedure_codes)
    message: Line {line_number} bills a lab panel without a visit.
    fix_hint: Add the visit or bill the panel with the visit claim.
    prevents_carc: 97
"""


class TestScrub:
    def test_clean_claim_becomes_scrubbed_with_history(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        claim = make_claim(session, org, lines=2)
        session.commit()
        res = as_role("biller").post(f"/claims/{claim.id}/scrub")
        assert res.status_code == 200, res.text
        body = res.json()
        assert body["status"] == "Scrubbed" and body["blocking"] is False
        assert body["rules_evaluated"] > 20
        actions = [h["action"] for h in as_role("biller").get(f"/claims/{claim.id}/history").json()]
        assert actions[-2:] == ["claim.scrubbed", "claim.scrub_passed"]

    def test_header_diagnosis_blocks_and_findings_are_stored(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        claim = make_claim(session, org, diagnosis_codes=["E11", "I10"])  # E11 is a category, not billable
        session.commit()
        biller = as_role("biller")
        body = biller.post(f"/claims/{claim.id}/scrub").json()
        assert body["status"] == "Draft" and body["blocking"] is True
        errors = [f for f in body["findings"] if f["severity"] == "error"]
        assert errors and all(f["fix_hint"] for f in errors)
        assert any("E11" in f["message"] for f in errors)
        stored = biller.get(f"/claims/{claim.id}/findings").json()
        assert {f["rule_id"] for f in stored} == {f["rule_id"] for f in body["findings"]}

    def test_editing_a_scrubbed_claim_sends_it_back_to_draft(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        claim = make_claim(session, org)
        session.commit()
        biller = as_role("biller")
        biller.post(f"/claims/{claim.id}/scrub")
        version = biller.get(f"/claims/{claim.id}").json()["version"]
        res = biller.patch(f"/claims/{claim.id}", json={"version": version, "place_of_service": "22"})
        assert res.json()["status"] == "Draft"

    def test_duplicate_of_a_submitted_line_blocks(self, session: Session, org: OrgFixture) -> None:
        world = make_world(session, org)
        first = make_claim(session, org, world=world, lines=1)
        service.scrub_claims(session, org.ctx, [first.id])
        batches.submit_claims(session, org.ctx, [first.id])
        again = make_claim(session, org, world=world, lines=1)
        (outcome,) = service.scrub_claims(session, org.ctx, [again.id])
        duplicate = [f for f in outcome.result.errors if f.rule_id == "DUPLICATE_CLAIM"]
        assert outcome.result.blocking and duplicate
        assert first.patient_control_number in duplicate[0].message

    def test_batch_scrub_job_reports_progress(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        for n in range(3):
            make_claim(session, org, world=world, lines=1, dos=date.today() - timedelta(days=5 + n))
        make_claim(session, org, world=world, diagnosis_codes=["E11"])
        session.commit()
        biller = as_role("biller")
        res = biller.post("/claims/scrub", json={"status": "Draft"})
        assert res.status_code == 202, res.text
        job = biller.get(f"/jobs/{res.json()['id']}").json()
        assert (job["status"], job["progress"], job["total"]) == ("succeeded", 4, 4)
        assert job["result"]["clean"] == 3 and job["result"]["blocked"] == 1


class TestPacks:
    def test_malformed_pack_is_refused_with_its_position(self, as_role: Callable) -> None:
        bad = PACK.replace("procedure_code ==", "procedure_cod ==")
        res = as_role("practice_admin").post("/rule-packs", json={"name": "acme-local", "content": bad})
        assert res.status_code == 422
        detail = res.json()["detail"]
        assert "ACME_NO_LAB_WITHOUT_VISIT" in detail and "procedure_cod" in detail
        assert res.json()["context"]["line"] > 1

    def test_pack_rule_blocks_then_deactivation_lifts_it(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        payload = claim_payload(world, lines=1)
        payload["lines"][0]["procedure_code"] = "80053"
        claim = make_claim(session, org, world=world, lines=1)
        claim.lines[0].procedure_code = "80053"
        session.commit()
        admin_client = as_role("practice_admin")
        saved = admin_client.post("/rule-packs", json={"name": "acme-local", "content": PACK})
        assert saved.status_code == 201 and saved.json()["version"] == 1
        body = as_role("biller").post(f"/claims/{claim.id}/scrub").json()
        assert "ACME_NO_LAB_WITHOUT_VISIT" in {f["rule_id"] for f in body["findings"]}
        assert body["status"] == "Draft"
        admin_client.post("/rule-packs/acme-local/deactivate")
        assert as_role("biller").post(f"/claims/{claim.id}/scrub").json()["status"] == "Scrubbed"

    def test_billers_cannot_change_packs(self, as_role: Callable) -> None:
        assert as_role("biller").post("/rule-packs", json={"name": "x", "content": PACK}).status_code == 403

    def test_payer_pack_must_select_its_payer(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        world = make_world(session, org)
        session.commit()
        res = as_role("practice_admin").post(
            "/rule-packs", json={"name": "p", "content": PACK, "payer_id": str(world.payer.id)}
        )
        assert res.status_code == 422 and res.json()["error"] == "PackPayerMismatch"


class TestReferenceData:
    def test_prior_auth_requirement_blocks_a_claim_without_authorization(
        self, session: Session, org: OrgFixture
    ) -> None:
        world = make_world(session, org)
        admin.add_prior_auth(
            session, org.ctx, {"payer_id": world.payer.id, "payer_type": "", "procedure_code": "99213"}
        )
        claim = make_claim(session, org, world=world, lines=1)
        (outcome,) = service.scrub_claims(session, org.ctx, [claim.id])
        assert "PRIOR_AUTH_MISSING" in {f.rule_id for f in outcome.result.errors}

    def test_loaded_ncci_pair_is_enforced(self, session: Session, org: OrgFixture, tmp_path: Path) -> None:
        ptp = tmp_path / "ptp.txt"
        ptp.write_text(
            "Column 1\tColumn 2\tIn existence prior to 1996\tEffective Date\tDeletion Date\t"
            "Modifier\tPTP Edit Rationale\n99213\t85025\t\t20200101\t*\t0\tsynthetic pair\n"
        )
        assert admin.load_ncci(session, ptp) == 1
        claim = make_claim(session, org, lines=2)  # 99213 + 85025 on one day
        (outcome,) = service.scrub_claims(session, org.ctx, [claim.id])
        assert any(f.rule_id.startswith("NCCI") for f in outcome.result.errors), outcome.result.findings


class TestSignOff:
    def test_clinician_signs_off_and_a_code_change_clears_it(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        claim = make_claim(session, org)
        session.commit()
        assert as_role("biller").post(f"/claims/{claim.id}/sign-off", json={}).status_code == 403
        signed = as_role("clinician").post(f"/claims/{claim.id}/sign-off", json={"note": "reviewed"})
        assert signed.status_code == 200 and signed.json()["signed_off_at"]
        biller = as_role("biller")
        version = signed.json()["version"]
        edited = biller.patch(f"/claims/{claim.id}", json={"version": version, "diagnosis_codes": ["I10"]})
        assert edited.json()["signed_off_at"] is None
        history = [h["action"] for h in biller.get(f"/claims/{claim.id}/history").json()]
        assert "claim.signed_off" in history and "claim.signoff_invalidated" in history

    def test_submission_needs_sign_off_when_the_org_requires_it(
        self, session: Session, org: OrgFixture
    ) -> None:
        session.get(Organization, org.id).coding_signoff_required = True  # type: ignore[union-attr]
        claim = make_claim(session, org)
        service.scrub_claims(session, org.ctx, [claim.id])
        assert claim.status is ClaimStatus.scrubbed
        import pytest

        with pytest.raises(CodingSignOffRequired):
            batches.submit_claims(session, org.ctx, [claim.id])
