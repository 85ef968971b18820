"""Submitting claims: real 837 files, persisted control numbers, lifecycle moves, guards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from rcm import files
from rcm.batches import service as batches
from rcm.batches.errors import ClaimsNotSubmittable, CodingSignOffRequired
from rcm.batches.mapping import SubmitterNotConfigured
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.schemas import ClaimCreate
from rcm.claims.state_machine import ClaimStatus
from rcm.edi import parse_837
from rcm.edi.validation import validate_x12
from rcm.orgs.models import Organization
from tests.factories import OrgFixture, claim_payload, make_claim, make_world, scrubbed


def _institutional(session: Session, org: OrgFixture) -> Claim:
    world = make_world(session, org)
    payload = claim_payload(
        world,
        claim_type="institutional",
        type_of_bill="0131",
        patient_status_code="01",
        admission_type_code="3",
        admission_source_code="1",
    )
    for line in payload["lines"]:
        line["revenue_code"] = "0300"
    return claims.create_claim(session, org.ctx, ClaimCreate.model_validate(payload))


class TestSubmitClaims:
    def test_one_837_per_claim_type_with_unique_control_numbers(
        self, session: Session, org: OrgFixture
    ) -> None:
        professional = [scrubbed(session, org, make_claim(session, org)) for _ in range(2)]
        institutional = scrubbed(session, org, _institutional(session, org))
        made = batches.submit_claims(session, org.ctx, [c.id for c in [*professional, institutional]])
        assert sorted(b.kind.value for b in made) == ["837I", "837P"]
        assert len({b.interchange_control_number for b in made}) == 2
        assert len({b.group_control_number for b in made}) == 2
        assert all(c.status is ClaimStatus.submitted and c.submission_count == 1 for c in professional)
        p_batch = next(b for b in made if b.kind.value == "837P")
        assert p_batch.claim_count == 2
        assert p_batch.total_cents == sum(c.charge_cents for c in professional)
        parsed = parse_837(files.read(p_batch.storage_key))
        pcns = [c.patient_control_number for batch in parsed for c in batch.claims]
        assert pcns == [c.patient_control_number for c in professional]

    def test_generated_837_passes_pyx12(self, session: Session, org: OrgFixture) -> None:
        claim = scrubbed(session, org, make_claim(session, org, lines=3))
        batch = batches.submit_claims(session, org.ctx, [claim.id])[0]
        result = validate_x12(files.read(batch.storage_key))
        assert result.valid, result.errors

    def test_control_numbers_increase_per_org(self, session: Session, org: OrgFixture) -> None:
        first = batches.submit_claims(
            session, org.ctx, [scrubbed(session, org, make_claim(session, org)).id]
        )[0]
        second = batches.submit_claims(
            session, org.ctx, [scrubbed(session, org, make_claim(session, org)).id]
        )[0]
        assert int(second.interchange_control_number) == int(first.interchange_control_number) + 1
        assert int(second.group_control_number) == int(first.group_control_number) + 1

    def test_draft_claim_is_refused_and_nothing_moves(self, session: Session, org: OrgFixture) -> None:
        ready = scrubbed(session, org, make_claim(session, org))
        draft = make_claim(session, org)
        with pytest.raises(ClaimsNotSubmittable) as info:
            batches.submit_claims(session, org.ctx, [ready.id, draft.id])
        assert info.value.context["claims"] == {str(draft.id): "Draft"}
        assert ready.status is ClaimStatus.scrubbed

    def test_sign_off_required_blocks_unsigned_claims(self, session: Session, org: OrgFixture) -> None:
        session.get(Organization, org.id).coding_signoff_required = True  # type: ignore[union-attr]
        claim = scrubbed(session, org, make_claim(session, org))
        with pytest.raises(CodingSignOffRequired):
            batches.submit_claims(session, org.ctx, [claim.id])

    def test_org_without_submitter_id_gets_a_clear_error(self, session: Session, org: OrgFixture) -> None:
        session.get(Organization, org.id).submitter_id = ""  # type: ignore[union-attr]
        claim = scrubbed(session, org, make_claim(session, org))
        with pytest.raises(SubmitterNotConfigured, match="submitter_id"):
            batches.submit_claims(session, org.ctx, [claim.id])


class TestSubmitApi:
    def test_manager_submits_and_downloads_the_file(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        claim = scrubbed(session, org, make_claim(session, org))
        session.commit()
        manager = as_role("billing_manager")
        res = manager.post(f"/claims/{claim.id}/submit", json={"reason": "daily batch"})
        assert res.status_code == 201, res.text
        batch = res.json()[0]
        content = manager.get(f"/batches/{batch['id']}/content")
        assert content.text.startswith("ISA*")
        assert f"CLM*{claim.patient_control_number}*" in content.text
        history = manager.get(f"/claims/{claim.id}/history").json()
        assert history[-1]["action"] == "claim.submit"
        assert history[-1]["source_document_id"] == batch["id"]

    def test_biller_cannot_submit(self, session: Session, org: OrgFixture, as_role: Callable) -> None:
        claim = scrubbed(session, org, make_claim(session, org))
        session.commit()
        assert as_role("biller").post(f"/claims/{claim.id}/submit", json={}).status_code == 403

    def test_another_orgs_claim_is_404(
        self, session: Session, other_org: OrgFixture, as_role: Callable
    ) -> None:
        theirs = scrubbed(session, other_org, make_claim(session, other_org))
        session.commit()
        res = as_role("billing_manager").post("/batches/837", json={"claim_ids": [str(theirs.id)]})
        assert res.status_code == 404
