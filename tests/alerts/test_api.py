"""`/alerts/...` through the real app: permissions, validation, the write-only secret, isolation."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.alerts import evaluation
from rcm.alerts.models import AlertEvent, AlertRule
from rcm.audit.models import AuditEvent
from rcm.claims.state_machine import ClaimStatus as S
from tests.alerts.conftest import NOW, SECRET
from tests.factories import OrgFixture, make_world


def body(**fields: Any) -> dict[str, Any]:
    return {
        "name": "Acme denials",
        "metric": "denial_rate",
        "comparator": ">",
        "threshold": 15,
        "lookback_days": 30,
        "webhook_url": "https://hooks.example.test/rcm",
        "secret": SECRET,
        **fields,
    }


@pytest.fixture
def admin(as_role: Callable) -> Any:
    return as_role("practice_admin")


class TestRuleCrud:
    def test_create_read_update_delete_without_ever_showing_the_secret(
        self, session: Session, admin: Any, org: OrgFixture
    ) -> None:
        payer = make_world(session, org).payer
        session.commit()
        res = admin.post("/alerts/rules", json=body(payer_id=str(payer.id)))
        assert res.status_code == 201, res.text
        created = res.json()
        assert "secret" not in created
        assert (created["metric"], created["threshold"], created["payer_id"]) == (
            "denial_rate",
            15.0,
            str(payer.id),
        )
        assert created["webhook_url"] == "https://hooks.example.test/rcm"
        rule_id = uuid.UUID(created["id"])

        assert [r["id"] for r in admin.get("/alerts/rules").json()] == [str(rule_id)]
        res = admin.patch(
            f"/alerts/rules/{rule_id}", json={"threshold": 20, "secret": "another-secret-0123456789"}
        )
        assert res.status_code == 200 and res.json()["threshold"] == 20.0
        assert admin.delete(f"/alerts/rules/{rule_id}").status_code == 204
        assert admin.get(f"/alerts/rules/{rule_id}").status_code == 404

        session.expire_all()
        changes = session.scalars(
            select(AuditEvent.changes).where(AuditEvent.entity_id == rule_id).order_by(AuditEvent.seq)
        ).all()
        assert [c.get("secret") for c in changes] == [["***", "***"]] * 3
        assert SECRET not in str(changes)

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"webhook_url": "ftp://hooks.example.test/x"}, "webhook_url"),
            ({"webhook_url": "not a url"}, "webhook_url"),
            ({"secret": "short"}, "secret"),
            ({"metric": "happiness"}, "metric"),
            ({"comparator": "=="}, "comparator"),
            ({"lookback_days": 0}, "lookback_days"),
        ],
    )
    def test_bad_input_is_a_422_naming_the_field(
        self, admin: Any, fields: dict[str, Any], field: str
    ) -> None:
        res = admin.post("/alerts/rules", json=body(**fields))
        assert res.status_code == 422
        assert any(field in e["field"] for e in res.json()["context"]["errors"])

    def test_duplicate_names_and_foreign_payers_are_refused(
        self, session: Session, admin: Any, other_org: OrgFixture
    ) -> None:
        foreign = make_world(session, other_org).payer
        session.commit()
        assert admin.post("/alerts/rules", json=body()).status_code == 201
        assert admin.post("/alerts/rules", json=body()).json()["error"] == "Conflict"
        assert admin.post("/alerts/rules", json=body(name="b", payer_id=str(foreign.id))).status_code == 404

    def test_updates_are_validated_before_anything_is_written(self, admin: Any) -> None:
        first = admin.post("/alerts/rules", json=body(name="first")).json()["id"]
        admin.post("/alerts/rules", json=body(name="second"))
        assert admin.patch(f"/alerts/rules/{first}", json={"name": "second"}).status_code == 409
        assert admin.patch(f"/alerts/rules/{first}", json={"payer_id": str(uuid.uuid4())}).status_code == 404
        res = admin.patch(f"/alerts/rules/{first}", json={"metric": "open_work_items"})
        assert (res.status_code, res.json()["error"]) == (422, "AlertRuleInvalid")  # it has a lookback
        assert admin.patch(f"/alerts/rules/{first}", json={"metric": None}).status_code == 422
        assert admin.get(f"/alerts/rules/{first}").json()["name"] == "first"

    def test_a_rule_that_fired_is_kept(
        self, session: Session, admin: Any, org: OrgFixture, put: Callable
    ) -> None:
        put(make_world(session, org), S.denied)
        session.commit()  # the API's session appends to the same audit chain
        rule_id = admin.post("/alerts/rules", json=body(lookback_days=None)).json()["id"]
        session.expire_all()
        evaluation.evaluate_rules(session, org.ctx, NOW)
        session.info.pop("rcm.pending_jobs", None)
        session.commit()
        res = admin.delete(f"/alerts/rules/{rule_id}")
        assert res.status_code == 409 and res.json()["error"] == "AlertRuleInUse"
        assert admin.patch(f"/alerts/rules/{rule_id}", json={"is_active": False}).json()["is_active"] is False


class TestTestAndEvents:
    def test_test_endpoint_returns_the_value_and_records_nothing(
        self, session: Session, admin: Any, org: OrgFixture, put: Callable
    ) -> None:
        world = make_world(session, org)
        put(world, S.denied, age=1)
        put(world, S.paid, age=1, paid_cents=10_000)
        session.commit()
        rule_id = uuid.UUID(admin.post("/alerts/rules", json=body(payer_id=str(world.payer.id))).json()["id"])
        res = admin.post(f"/alerts/rules/{rule_id}/test")
        assert res.status_code == 200, res.text
        found = res.json()
        assert (found["value"], found["condition_met"], found["would_fire"]) == (50.0, True, True)
        session.expire_all()
        assert session.scalars(select(AlertEvent).where(AlertEvent.rule_id == rule_id)).all() == []
        assert session.get(AlertRule, rule_id).condition_met is False  # type: ignore[union-attr]

    def test_events_are_listed_for_analytics_readers_of_the_org_only(
        self,
        session: Session,
        org: OrgFixture,
        other_org: OrgFixture,
        put: Callable,
        make_rule: Callable,
        as_role: Callable,
    ) -> None:
        put(make_world(session, org), S.denied)
        make_rule()
        evaluation.evaluate_rules(session, org.ctx, NOW)
        session.info.pop("rcm.pending_jobs", None)
        session.commit()
        listed = as_role("biller").get("/alerts/events")
        assert listed.status_code == 200 and listed.json()["total"] == 1
        event = listed.json()["items"][0]
        assert (event["value"], event["status"], event["attempts"]) == (100.0, "pending", 0)
        assert as_role("biller", of=other_org).get("/alerts/events").json()["total"] == 0
        assert as_role("front_desk").get("/alerts/events").status_code == 403


class TestPermissionsAndIsolation:
    @pytest.mark.parametrize("role", ["biller", "billing_manager", "clinician"])
    def test_only_org_configurers_manage_rules(self, as_role: Callable, role: str) -> None:
        client = as_role(role)
        assert client.post("/alerts/rules", json=body()).status_code == 403
        assert client.get("/alerts/rules").status_code == 403

    def test_another_orgs_rule_is_not_found(
        self, admin: Any, as_role: Callable, other_org: OrgFixture
    ) -> None:
        theirs = as_role("practice_admin", of=other_org).post("/alerts/rules", json=body()).json()["id"]
        assert admin.get(f"/alerts/rules/{theirs}").status_code == 404
        assert admin.patch(f"/alerts/rules/{theirs}", json={"threshold": 1}).status_code == 404
        assert admin.post(f"/alerts/rules/{theirs}/test").status_code == 404
        assert admin.delete(f"/alerts/rules/{theirs}").status_code == 404
