"""Every role x every action, through the real routes: allowed roles get past the guard (any
status but 401/403), the others get 403 Forbidden. Also: every action the table names is
enforced by at least one route, and every route that mutates declares a permission."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy.orm import Session

from rcm.app import create_app
from rcm.auth.permissions import Action, Role, is_allowed
from tests.factories import OrgFixture, make_claim

# action -> (method, route path, json body); {claim_id} is a Draft claim of the caller's org.
PROBES: dict[Action, tuple[str, str, Any]] = {
    Action.claims_read: ("GET", "/claims/{claim_id}", None),
    Action.claims_read_own: ("GET", "/claims", None),
    Action.claims_write: ("PATCH", "/claims/{claim_id}", {"version": 999}),
    Action.claims_void: ("POST", "/claims/{claim_id}/void", {}),
    Action.patients_read: ("GET", "/patients", None),
    Action.patients_write: ("POST", "/patients", {}),
    Action.providers_read: ("GET", "/providers", None),
    Action.providers_write: ("POST", "/providers", {}),
    Action.payers_read: ("GET", "/payers", None),
    Action.payers_write: ("POST", "/payers", {}),
    Action.encounters_read: ("GET", "/encounters", None),
    Action.encounters_write: ("POST", "/encounters", {}),
    Action.audit_read: ("GET", "/audit/events", None),
    Action.audit_verify: ("GET", "/audit/verify", None),
    Action.org_configure: ("PATCH", "/org", {}),
    Action.users_manage: ("GET", "/users", None),
    # a Draft claim cannot be submitted: allowed roles get 409, others 403
    Action.claims_submit: ("POST", "/claims/{claim_id}/submit", {}),
    Action.batches_read: ("GET", "/batches", None),
    # a Draft claim has no status at the payer: allowed roles get 422
    Action.claims_record_outcome: ("POST", "/claims/status-inquiry", {"claim_ids": ["{claim_id}"]}),
    Action.payments_read: ("GET", "/claims/{claim_id}/payments", None),
    Action.payments_read_own: ("GET", "/remittances", None),
    Action.payments_post_era: ("GET", "/unmatched", None),
    Action.ledger_check: ("GET", "/admin/ledger/check", None),
    Action.claims_scrub: ("POST", "/claims/{claim_id}/scrub", None),
    Action.analytics_read: ("GET", "/analytics/denial-rate", None),
    # a Draft claim can be signed off: allowed roles get 200
    Action.claims_sign_off: ("POST", "/claims/{claim_id}/sign-off", {}),
    # an empty pack is refused: allowed roles get 422
    Action.rulepacks_write: ("POST", "/rule-packs", {"name": "x", "content": "pack: x"}),
    # a Draft claim has no balance to write off: allowed roles get 422
    Action.writeoffs_request: (
        "POST",
        "/claims/{claim_id}/write-offs",
        {"amount_cents": 1, "reason": "charity"},
    ),
    Action.writeoffs_approve: ("POST", "/write-offs/{write_off_id}/approve", {}),
    Action.denials_read: ("GET", "/denials", None),
    # {denial_id} is an id no denial has: allowed roles get 404, others 403
    Action.denials_write: ("PATCH", "/denials/{denial_id}", {"appeal_status": "Pending"}),
    Action.appeals_submit: ("POST", "/denials/{denial_id}/appeals", {"reason": "medically necessary"}),
    # no file uploaded: allowed roles get 422, others 403
    Action.imports_run: ("POST", "/imports/claims", None),
    Action.workqueues_work: ("GET", "/workqueues", None),
}


def _route_actions() -> dict[str, set[Action]]:
    found: dict[str, set[Action]] = {}
    from rcm.api_routers import ROUTERS

    create_app()
    for route in [r for router in ROUTERS for r in router.routes]:
        if not isinstance(route, APIRoute):
            continue
        stack, actions = list(route.dependant.dependencies), set()
        while stack:
            dep = stack.pop()
            actions |= set(getattr(dep.call, "actions", ()))
            stack.extend(dep.dependencies)
        for method in route.methods:
            found[f"{method} {route.path}"] = actions
    return found


def test_every_action_is_enforced_by_some_route() -> None:
    enforced = set().union(*_route_actions().values())
    not_yet_routed = set(Action) - enforced
    assert not_yet_routed <= PENDING, f"actions without any route: {sorted(not_yet_routed - PENDING)}"
    assert not (PENDING & enforced), f"remove from PENDING, now routed: {sorted(PENDING & enforced)}"


def test_every_mutating_route_declares_a_permission() -> None:
    open_routes = {"POST /auth/token"}
    for route, actions in _route_actions().items():
        if route.split()[0] in {"POST", "PATCH", "PUT", "DELETE"} and route not in open_routes:
            assert actions, f"{route} has no permission dependency"


def test_every_routed_action_has_a_probe() -> None:
    enforced = set().union(*_route_actions().values())
    assert enforced <= set(PROBES), f"add probes for {sorted(enforced - set(PROBES))}"


# Actions whose routes arrive with later issues (payments, denials, statements, analytics, ...).
PENDING: set[Action] = {
    Action.payments_post_manual,
    Action.payments_adjust,
    Action.payments_void,
    Action.statements_read,
    Action.statements_read_own,
    Action.statements_generate,
    Action.statements_pay,
}

CASES = [(r, a) for r, a in itertools.product(Role, PROBES)]


@pytest.mark.parametrize(("role", "action"), CASES, ids=[f"{r.value}-{a.value}" for r, a in CASES])
def test_role_action(
    role: Role, action: Action, session: Session, org: OrgFixture, as_role: Callable
) -> None:
    claim = make_claim(session, org)
    session.commit()
    client = as_role(role.value)
    method, path, body = PROBES[action]
    route_actions = _route_actions()[f"{method} {path}"]
    assert action in route_actions, f"probe {method} {path} does not enforce {action}"
    if body and "claim_ids" in body:
        body = {"claim_ids": [str(claim.id)]}
    res = client.request(
        method, path.format(claim_id=claim.id, write_off_id=claim.id, denial_id=claim.id), json=body
    )
    # A route may accept several actions (claims.read or claims.read_own): any one lets you in.
    allowed = any(is_allowed(role, a) for a in route_actions)
    if allowed:
        assert res.status_code not in (401, 403), res.text
    else:
        assert res.status_code == 403, res.text
        assert res.json()["error"] == "Forbidden"
