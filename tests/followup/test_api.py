"""AR follow-up through the real app: work queues, follow-up actions, strategies, rules, roles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from rcm.claims.state_machine import ClaimStatus as S
from rcm.followup import refresh
from tests.factories import OrgFixture, make_user
from tests.followup.conftest import follow_up_items

NEXT_WEEK = (date.today() + timedelta(days=7)).isoformat()


@pytest.fixture
def queued(session: Session, org: OrgFixture, put: Callable, world_of: Callable) -> list[Any]:
    """Three claims in the general queue ($100, $300, $200) and one high-value one, refreshed."""
    world = world_of()
    claims = [put(world, balance=b) for b in (10_000, 30_000, 20_000, 400_000)]
    refresh.refresh(session, org.ctx)
    session.commit()  # the API's session appends to the same audit chain
    return claims


class TestWorkQueues:
    def test_summary_and_items_by_priority_with_paging(self, as_role: Callable, queued: list[Any]) -> None:
        client = as_role("biller")
        summary = {q["queue"]: q for q in client.get("/workqueues").json()}
        assert (summary["general"]["open_items"], summary["general"]["amount_cents"]) == (3, 60_000)
        assert summary["senior_agent"]["open_items"] == 1
        first = client.get("/workqueues/general/items", params={"page_size": 2}).json()
        second = client.get("/workqueues/general/items", params={"page_size": 2, "page": 2}).json()
        assert first["total"] == 3
        amounts = [i["amount_cents"] for i in first["items"] + second["items"]]
        assert amounts == [30_000, 20_000, 10_000]  # same urgency: the larger amount first
        priorities = [i["priority"] for i in first["items"] + second["items"]]
        assert priorities == sorted(priorities, reverse=True)

    def test_assign_and_close_an_item(
        self, session: Session, org: OrgFixture, as_role: Callable, queued: list[Any]
    ) -> None:
        agent = make_user(session, org, "biller")
        session.commit()
        client = as_role("billing_manager")
        item_id = client.get("/workqueues/senior_agent/items").json()["items"][0]["id"]
        res = client.patch(f"/workqueues/items/{item_id}", json={"assignee_id": str(agent.id)})
        assert res.status_code == 200 and res.json()["assignee_id"] == str(agent.id)
        res = client.patch(f"/workqueues/items/{item_id}", json={"status": "done"})
        assert res.json()["status"] == "done" and res.json()["closed_at"] is not None
        assert client.get("/workqueues/senior_agent/items").json()["total"] == 0

    def test_another_orgs_item_is_not_found(
        self, as_role: Callable, other_org: OrgFixture, queued: list[Any]
    ) -> None:
        item_id = as_role("biller").get("/workqueues/general/items").json()["items"][0]["id"]
        outsider = as_role("biller", of=other_org)
        assert outsider.patch(f"/workqueues/items/{item_id}", json={"note": "x"}).status_code == 404
        assert outsider.get("/workqueues/general/items").json()["total"] == 0

    def test_workload_and_refresh_endpoints(self, as_role: Callable, queued: list[Any]) -> None:
        client = as_role("biller")
        load = client.get("/followup/workload").json()
        assert (load["totals"]["open_items"], load["totals"]["amount_cents"]) == (4, 460_000)
        assert [q["queue"] for q in load["queues"]] == ["general", "senior_agent"]
        assert client.post("/followup/refresh").json()["opened"] == 0

    @pytest.mark.parametrize("role", ["front_desk", "ma_rn", "clinician"])
    def test_roles_below_biller_cannot_work_queues(self, as_role: Callable, role: str) -> None:
        client = as_role(role)
        assert client.get("/workqueues").status_code == 403
        assert client.get("/followup/workload").status_code == 403
        assert client.post("/followup/refresh").status_code == 403


class TestFollowUpActions:
    def test_biller_logs_an_action_and_readers_see_it(
        self, session: Session, as_role: Callable, queued: list[Any]
    ) -> None:
        claim = queued[0]
        res = as_role("biller").post(
            f"/claims/{claim.id}/follow-ups",
            json={"channel": "portal", "outcome": "resubmission_needed", "note": "missing modifier"},
        )
        assert res.status_code == 201, res.text
        assert res.json()["outcome"] == "resubmission_needed" and res.json()["work_item_id"] is not None
        listed = as_role("ma_rn").get(f"/claims/{claim.id}/follow-ups").json()
        assert [a["note"] for a in listed] == ["missing modifier"]
        history = as_role("billing_manager").get(f"/claims/{claim.id}/history").json()
        assert [h["action"] for h in history if h["action"] == "claim.follow_up"] == ["claim.follow_up"]
        [item] = follow_up_items(session, claim)
        assert item.due_at is not None and item.due_at.date() > date.today()

    @pytest.mark.parametrize(("role", "status"), [("front_desk", 403), ("clinician", 403), ("biller", 201)])
    def test_who_may_log(self, as_role: Callable, queued: list[Any], role: str, status: int) -> None:
        res = as_role(role).post(
            f"/claims/{queued[0].id}/follow-ups", json={"channel": "phone", "outcome": "left_voicemail"}
        )
        assert res.status_code == status

    def test_bad_requests_are_clear_422s(
        self, session: Session, as_role: Callable, put: Callable, world_of: Callable
    ) -> None:
        draft = put(world_of(), S.draft)
        session.commit()
        client = as_role("biller")
        url = f"/claims/{draft.id}/follow-ups"
        res = client.post(url, json={"channel": "phone", "outcome": "left_voicemail"})
        assert (res.status_code, res.json()["error"]) == (422, "ClaimNotInAccountsReceivable")
        res = client.post(url, json={"channel": "pigeon", "outcome": "left_voicemail"})
        assert res.status_code == 422 and res.json()["context"]["errors"][0]["field"].endswith("channel")
        res = client.post(url, json={"channel": "phone", "outcome": "promised_payment_date"})
        assert res.status_code == 422  # the promised date is required

    def test_another_orgs_claim_is_not_found(
        self, as_role: Callable, other_org: OrgFixture, queued: list[Any]
    ) -> None:
        outsider = as_role("biller", of=other_org)
        body = {"channel": "phone", "outcome": "left_voicemail", "next_follow_up_on": NEXT_WEEK}
        assert outsider.post(f"/claims/{queued[0].id}/follow-ups", json=body).status_code == 404
        assert outsider.get(f"/claims/{queued[0].id}/follow-ups").status_code == 404


class TestConfiguration:
    def test_strategies_are_configured_by_admins_and_read_by_agents(
        self, session: Session, as_role: Callable, world_of: Callable
    ) -> None:
        payer = world_of().payer
        session.commit()
        admin, biller = as_role("practice_admin"), as_role("biller")
        body = {"name": "BCBS", "payer_id": str(payer.id), "cadence_days": 7, "channel": "portal"}
        assert biller.post("/followup/strategies", json=body).status_code == 403
        created = admin.post("/followup/strategies", json=body)
        assert created.status_code == 201, created.text
        assert admin.post("/followup/strategies", json=body).status_code == 409
        both = {**body, "payer_type": "medicare"}
        assert admin.post("/followup/strategies", json=both).status_code == 422
        strategy_id = created.json()["id"]
        assert (
            admin.patch(f"/followup/strategies/{strategy_id}", json={"cadence_days": 10}).json()[
                "cadence_days"
            ]
            == 10
        )
        assert [s["name"] for s in biller.get("/followup/strategies").json()] == ["BCBS"]
        assert admin.delete(f"/followup/strategies/{strategy_id}").status_code == 204
        assert biller.get(f"/followup/strategies/{strategy_id}").status_code == 404

    def test_assignment_rules_are_seeded_listed_and_edited(self, as_role: Callable) -> None:
        admin = as_role("practice_admin")
        rules = as_role("biller").get("/followup/assignment-rules").json()
        assert [r["queue"] for r in rules] == [
            "senior_agent",
            "escalation_team",
            "government_specialist",
            "general",
        ]
        res = admin.post("/followup/assignment-rules", json={"condition": "amount_cents >", "queue": "x"})
        assert (res.status_code, res.json()["error"]) == (422, "RoutingConditionInvalid")
        res = admin.patch(
            f"/followup/assignment-rules/{rules[0]['id']}", json={"condition": "amount_cents > 500000"}
        )
        assert res.status_code == 200 and res.json()["condition"] == "amount_cents > 500000"
        assert as_role("biller").post("/followup/assignment-rules", json={"queue": "x"}).status_code == 403
