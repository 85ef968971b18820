"""Denials over HTTP: list and filters, one denial, a claim's denials, manual updates (audited)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy.orm import Session

from rcm.audit.repository import AuditRepository
from rcm.denials.models import AppealStatus, Denial
from rcm.workqueues.models import WorkItemStatus
from tests.denials.helpers import Denier, deny, fresh, submitted_claim, work_items
from tests.factories import OrgFixture, make_world


class TestListDenials:
    def test_open_denials_nearest_deadline_first(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        later = denied(carc="50", adjudicated=date.today() - timedelta(days=2))
        sooner = denied(carc="197", remarks=(), adjudicated=date.today() - timedelta(days=40))
        res = as_role("front_desk").get("/denials")
        assert res.status_code == 200, res.text
        body = res.json()
        assert body["total"] == 2
        assert [d["id"] for d in body["items"]] == [str(sooner.id), str(later.id)]
        first = body["items"][0]
        assert (first["group_code"], first["carc"], first["category"]) == ("CO", "197", "AUTHORIZATION")
        assert first["appeal_status"] == "NotAppealed" and first["is_open"] is True
        assert first["appeal_deadline"] == sooner.appeal_deadline.isoformat()

    def test_filters_by_category_root_cause_payer_and_open(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        necessity = denied(carc="50")
        auth = denied(carc="197", remarks=())
        other_payer = make_world(session, org)
        elsewhere = deny(session, org, submitted_claim(session, org, other_payer), carc="50")
        auth.is_open, auth.resolution = False, "corrected"
        session.flush()
        client = as_role("biller")

        def ids(**params: object) -> set[str]:
            res = client.get("/denials", params=params)
            assert res.status_code == 200, res.text
            return {d["id"] for d in res.json()["items"]}

        assert ids(category="medical_necessity") == {str(necessity.id), str(elsewhere.id)}
        assert ids(root_cause="MissingAuth") == {str(auth.id)}
        assert ids(payer_id=str(other_payer.payer.id)) == {str(elsewhere.id)}
        assert ids(is_open="false") == {str(auth.id)}
        assert ids(is_open="true", payer_id=str(necessity.payer_id)) == {str(necessity.id)}
        assert ids(appeal_status="NotAppealed", category="AUTHORIZATION") == {str(auth.id)}

    def test_paginates(self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable) -> None:
        for _ in range(3):
            denied()
        res = as_role("biller").get("/denials", params={"page": 2, "page_size": 2})
        body = res.json()
        assert (body["total"], body["page"], len(body["items"])) == (3, 2, 1)

    def test_another_orgs_denial_is_not_found(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        outsider = as_role("practice_admin", of=other_org)
        res = outsider.get(f"/denials/{denial.id}")
        assert res.status_code == 404 and res.json()["error"] == "NotFound"
        assert outsider.get("/denials").json()["total"] == 0
        assert outsider.get(f"/claims/{denial.claim_id}/denials").status_code == 404
        patch = outsider.patch(f"/denials/{denial.id}", json={"appeal_status": "Pending"})
        assert patch.status_code == 404

    def test_one_denial_and_the_claims_denials(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied(carc="16", remarks=("MA130",))
        client = as_role("ma_rn")
        one = client.get(f"/denials/{denial.id}").json()
        assert (one["carc"], one["rarcs"], one["root_cause"]) == ("16", ["MA130"], "UnprocessableClaim")
        assert one["reason"].startswith("CO-16: ")
        listed = client.get(f"/claims/{denial.claim_id}/denials")
        assert [d["id"] for d in listed.json()] == [str(denial.id)]

    def test_patients_cannot_read_denials(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denied()
        assert as_role("patient").get("/denials").status_code == 403


class TestUpdateDenial:
    def test_biller_records_an_appeal_made_outside_the_system(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        res = as_role("biller").patch(
            f"/denials/{denial.id}", json={"appeal_status": "Pending", "note": "faxed to the payer"}
        )
        assert res.status_code == 200, res.text
        assert res.json()["appeal_status"] == "Pending"
        events = AuditRepository(session, org.ctx).for_entity("denial", denial.id)
        updated = [e for e in events if e.action == "denial.updated"]
        assert len(updated) == 1
        assert updated[0].changes == {"appeal_status": ["NotAppealed", "Pending"]}
        assert updated[0].reason == "faxed to the payer" and updated[0].actor_role == "biller"

    def test_close_needs_a_resolution(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        res = as_role("biller").patch(f"/denials/{denial.id}", json={"is_open": False})
        assert res.status_code == 422
        assert res.json()["error"] == "DenialResolutionRequired"
        assert fresh(session, Denial, denial.id).is_open is True

    def test_close_and_reopen_follow_the_work_queue(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        client = as_role("biller")
        closed = client.patch(
            f"/denials/{denial.id}", json={"is_open": False, "resolution": "corrected claim sent"}
        ).json()
        assert (closed["is_open"], closed["resolution"]) == (False, "corrected claim sent")
        assert closed["resolved_at"] is not None
        assert [i.status for i in work_items(session, denial)] == [WorkItemStatus.done]
        reopened = client.patch(f"/denials/{denial.id}", json={"is_open": True, "note": "payer denied again"})
        assert (reopened.json()["is_open"], reopened.json()["resolution"]) == (True, "")
        statuses = sorted(i.status.value for i in work_items(session, denial))
        assert statuses == ["done", "open"]
        actions = [e.action for e in AuditRepository(session, org.ctx).for_entity("denial", denial.id)]
        assert actions == ["denial.created", "denial.updated", "denial.updated"]

    def test_expired_is_not_set_by_hand(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        res = as_role("billing_manager").patch(f"/denials/{denial.id}", json={"appeal_status": "Expired"})
        assert res.status_code == 422 and res.json()["error"] == "AppealStatusNotManual"
        assert fresh(session, Denial, denial.id).appeal_status is AppealStatus.not_appealed

    def test_empty_update_is_refused(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        res = as_role("biller").patch(f"/denials/{denial.id}", json={"note": "nothing"})
        assert res.status_code == 422 and res.json()["error"] == "RequestValidationError"

    def test_front_desk_may_read_but_not_update(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        client = as_role("front_desk")
        assert client.get(f"/denials/{denial.id}").status_code == 200
        res = client.patch(f"/denials/{denial.id}", json={"appeal_status": "Pending"})
        assert res.status_code == 403
