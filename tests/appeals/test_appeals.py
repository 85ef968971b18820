"""Opening appeals (who, when, how many) and recording their outcomes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcm.appeals import deadlines
from rcm.audit.repository import AuditRepository
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.denials.models import Appeal, AppealStatus, Denial
from rcm.payers.models import PayerType
from rcm.workqueues.models import WorkItemStatus
from tests.denials.helpers import Denier, fresh, work_items
from tests.factories import OrgFixture

ARGUMENT = {
    "reason": "The visit was medically necessary for the documented diagnosis.",
    "argument": "The progress notes document the symptoms that meet the coverage criteria.",
    "citations": ["LCD L33252", "Policy 2026-14 section 3"],
}


def open_appeal(client: TestClient, denial: Denial, **body: Any) -> dict[str, Any]:
    res = client.post(f"/denials/{denial.id}/appeals", json={**ARGUMENT, **body})
    assert res.status_code == 201, res.text
    return res.json()


def submitted_appeal(client: TestClient, denial: Denial) -> dict[str, Any]:
    appeal = open_appeal(client, denial)
    res = client.post(f"/appeals/{appeal['id']}/submit")
    assert res.status_code == 200, res.text
    return res.json()


class TestOpenAppeal:
    def test_manager_opens_an_appeal_against_the_denial_deadline(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        appeal = open_appeal(as_role("billing_manager"), denial)
        assert (appeal["level"], appeal["status"], appeal["deadline"]) == (
            1,
            "Pending",
            denial.appeal_deadline.isoformat(),
        )
        assert appeal["citations"] == ARGUMENT["citations"] and appeal["letter_generated"] is False
        assert appeal["control_number"] == "APPEAL-" + appeal["id"].replace("-", "")[:12].upper()
        assert fresh(session, Denial, denial.id).appeal_status is AppealStatus.pending
        actions = [e.action for e in AuditRepository(session, org.ctx).for_entity("denial", denial.id)]
        assert actions[-1] == "denial.appealed"

    def test_a_biller_may_not_appeal(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        res = as_role("biller").post(f"/denials/{denial.id}/appeals", json=ARGUMENT)
        assert res.status_code == 403 and res.json()["error"] == "Forbidden"
        assert fresh(session, Denial, denial.id).appeal_status is AppealStatus.not_appealed

    def test_refused_after_the_deadline(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied(adjudicated=date.today() - timedelta(days=200))  # commercial: 180 days
        assert denial.appeal_deadline < date.today()
        res = as_role("billing_manager").post(f"/denials/{denial.id}/appeals", json=ARGUMENT)
        assert res.status_code == 422
        assert res.json()["error"] == "AppealDeadlinePassed"
        assert res.json()["context"]["deadline"] == denial.appeal_deadline.isoformat()

    def test_the_deadline_day_itself_is_in_time(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied(adjudicated=date.today() - timedelta(days=180))
        assert denial.appeal_deadline == date.today()
        open_appeal(as_role("billing_manager"), denial)

    def test_a_second_open_appeal_is_a_conflict(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        first = open_appeal(manager, denial)
        res = manager.post(f"/denials/{denial.id}/appeals", json=ARGUMENT)
        assert res.status_code == 409 and res.json()["error"] == "AppealAlreadyOpen"
        assert res.json()["context"]["appeal_id"] == first["id"]
        assert [a["id"] for a in manager.get(f"/denials/{denial.id}/appeals").json()] == [first["id"]]

    def test_a_closed_denial_cannot_be_appealed(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        as_role("biller").patch(f"/denials/{denial.id}", json={"is_open": False, "resolution": "written off"})
        res = as_role("billing_manager").post(f"/denials/{denial.id}/appeals", json=ARGUMENT)
        assert res.status_code == 409 and res.json()["error"] == "DenialNotOpen"

    def test_manual_status_changes_wait_for_the_open_appeal(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        open_appeal(as_role("billing_manager"), denial)
        res = as_role("biller").patch(f"/denials/{denial.id}", json={"appeal_status": "Won"})
        assert res.status_code == 409 and res.json()["error"] == "AppealInProgress"

    def test_another_orgs_denial_is_not_found(
        self, session: Session, other_org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        res = as_role("billing_manager", of=other_org).post(f"/denials/{denial.id}/appeals", json=ARGUMENT)
        assert res.status_code == 404

    def test_input_is_validated(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        res = as_role("billing_manager").post(
            f"/denials/{denial.id}/appeals", json={"reason": "", "citations": ["x"] * 31}
        )
        assert res.status_code == 422
        fields = {e["field"] for e in res.json()["context"]["errors"]}
        assert fields == {"body.reason", "body.citations"}


class TestOutcome:
    def test_won_closes_the_denial_with_the_recovered_amount(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        appeal = submitted_appeal(manager, denial)
        res = manager.post(
            f"/appeals/{appeal['id']}/outcome",
            json={"outcome": "Won", "recovered_cents": 6000, "note": "reprocessed, paid at fee schedule"},
        )
        assert res.status_code == 200, res.text
        body = res.json()
        assert (body["status"], body["recovered_cents"], body["outcome_note"]) == (
            "Won",
            6000,
            "reprocessed, paid at fee schedule",
        )
        closed = fresh(session, Denial, denial.id)
        assert (closed.appeal_status, closed.is_open) == (AppealStatus.won, False)
        assert closed.resolution == "appeal won: reprocessed, paid at fee schedule"
        assert [i.status for i in work_items(session, denial)] == [WorkItemStatus.done]
        events = AuditRepository(session, org.ctx).for_entity("appeal", UUID(appeal["id"]))
        assert [e.action for e in events] == [
            "appeal.opened",
            "appeal.letter_generated",
            "appeal.submitted",
            "appeal.sent",
            "appeal.won",
        ]

    def test_lost_returns_a_resubmitted_claim_to_denied(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        appeal = submitted_appeal(manager, denial)
        assert fresh(session, Claim, denial.claim_id).status is ClaimStatus.submitted
        res = manager.post(f"/appeals/{appeal['id']}/outcome", json={"outcome": "Lost", "note": "upheld"})
        assert res.json()["status"] == "Lost"
        denial_now = fresh(session, Denial, denial.id)
        assert (denial_now.appeal_status, denial_now.is_open) == (AppealStatus.lost, False)
        assert fresh(session, Claim, denial.claim_id).status is ClaimStatus.denied

    def test_amounts_must_make_sense(self, session: Session, denied: Denier, as_role: Callable) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        appeal = submitted_appeal(manager, denial)
        url = f"/appeals/{appeal['id']}/outcome"
        lost = manager.post(url, json={"outcome": "Lost", "recovered_cents": 1, "note": "upheld"})
        assert lost.status_code == 422 and lost.json()["error"] == "RecoveredAmountInvalid"
        too_much = manager.post(
            url, json={"outcome": "Won", "recovered_cents": denial.amount_cents + 1, "note": "paid"}
        )
        assert too_much.status_code == 422
        assert fresh(session, Appeal, UUID(appeal["id"])).status is AppealStatus.pending

    def test_an_unsubmitted_appeal_has_no_outcome_and_a_decided_one_no_second(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denial)
        url = f"/appeals/{appeal['id']}/outcome"
        res = manager.post(url, json={"outcome": "Won", "note": "paid"})
        assert res.status_code == 409 and res.json()["error"] == "AppealNotSubmitted"
        manager.post(f"/appeals/{appeal['id']}/submit")
        assert manager.post(url, json={"outcome": "Won", "note": "paid"}).status_code == 200
        again = manager.post(url, json={"outcome": "Lost", "note": "changed mind"})
        assert again.status_code == 409 and again.json()["error"] == "AppealNotPending"

    def test_a_biller_may_not_record_the_outcome(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        appeal = submitted_appeal(as_role("billing_manager"), denial)
        res = as_role("biller").post(f"/appeals/{appeal['id']}/outcome", json={"outcome": "Won", "note": "x"})
        assert res.status_code == 403


class TestNextLevel:
    def test_a_lost_appeal_may_go_to_the_next_level_once_the_denial_is_reopened(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        first = submitted_appeal(manager, denial)
        manager.post(f"/appeals/{first['id']}/outcome", json={"outcome": "Lost", "note": "upheld"})
        manager.patch(f"/denials/{denial.id}", json={"is_open": True, "note": "second level"})
        second = open_appeal(manager, denial)
        decided = fresh(session, Appeal, UUID(first["id"])).outcome_at.date()
        assert second["level"] == 2
        assert second["deadline"] == (decided + timedelta(days=180)).isoformat()  # commercial: 180 again
        assert fresh(session, Denial, denial.id).appeal_deadline.isoformat() == second["deadline"]


class TestLevelDeadlines:
    def test_medicare_levels_come_from_the_limits_table(self) -> None:
        decided = date(2026, 3, 2)
        # 5 days presumed receipt, then 180 days for a QIC reconsideration and 60 for an ALJ hearing.
        assert deadlines.level_deadline(PayerType.medicare, None, 2, decided) == date(2026, 9, 3)
        assert deadlines.level_deadline(PayerType.medicare, None, 3, decided) == date(2026, 5, 6)

    def test_other_payers_get_their_own_window_again(self) -> None:
        decided = date(2026, 3, 2)
        assert deadlines.level_deadline(PayerType.commercial, 45, 2, decided) == date(2026, 4, 16)
