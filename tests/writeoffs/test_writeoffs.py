"""Write-offs: threshold, two-person approval, closing the claim, denials closed, ledger intact."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from rcm.orgs.models import Organization
from rcm.payments.posting import post_era
from tests.factories import OrgFixture
from tests.payments.era import Clp, Line, era


def _denied(session: Session, org: OrgFixture, submitted: Callable[..., Claim]) -> Claim:
    claim = submitted(lines=1)  # 10000 cents
    post_era(session, org.ctx, era([Clp(claim, [Line(0, [("CO", "29", 10000)])], status="4")]))
    session.commit()
    return claim


def test_below_threshold_applies_at_once_and_closes_the_claim(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    session.get(Organization, org.id).writeoff_approval_threshold_cents = 50_000  # type: ignore[union-attr]
    claim = _denied(session, org, submitted)
    biller = as_role("biller")
    res = biller.post(
        f"/claims/{claim.id}/write-offs", json={"amount_cents": 10000, "reason": "timely_filing"}
    )
    assert res.status_code == 201, res.text
    assert res.json()["status"] == "applied"
    after = biller.get(f"/claims/{claim.id}").json()
    assert (after["status"], after["balance_cents"]) == ("WrittenOff", 0)
    manager = as_role("billing_manager")
    ledger = manager.get("/admin/ledger/check").json()
    assert ledger["ok"] is True, str(ledger["problems"])
    history = [h["action"] for h in biller.get(f"/claims/{claim.id}/history").json()]
    assert history[-2:] == ["claim.written_off", "claim.write_off"]


def test_above_threshold_needs_another_admin(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    session.get(Organization, org.id).writeoff_approval_threshold_cents = 5_000  # type: ignore[union-attr]
    claim = _denied(session, org, submitted)
    requester = as_role("practice_admin")
    res = requester.post(f"/claims/{claim.id}/write-offs", json={"amount_cents": 10000, "reason": "bad_debt"})
    assert res.json()["status"] == "pending_approval"
    write_off = res.json()["id"]
    assert requester.get(f"/claims/{claim.id}").json()["status"] == "Denied"
    own = requester.post(f"/write-offs/{write_off}/approve", json={})
    assert own.status_code == 403 and own.json()["error"] == "SelfApprovalForbidden"
    assert as_role("billing_manager").post(f"/write-offs/{write_off}/approve", json={}).status_code == 403
    other = as_role("practice_admin").post(f"/write-offs/{write_off}/approve", json={"note": "ok"})
    assert other.status_code == 200 and other.json()["status"] == "applied"
    assert requester.get(f"/claims/{claim.id}").json()["status"] == "WrittenOff"


def test_partial_write_off_keeps_the_claim_open(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    claim = _denied(session, org, submitted)
    biller = as_role("biller")
    res = biller.post(f"/claims/{claim.id}/write-offs", json={"amount_cents": 100, "reason": "small_balance"})
    assert res.json()["status"] == "applied"
    after = biller.get(f"/claims/{claim.id}").json()
    assert (after["status"], after["balance_cents"]) == ("Denied", 9900)


def test_more_than_the_balance_is_refused(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    claim = _denied(session, org, submitted)
    res = as_role("biller").post(
        f"/claims/{claim.id}/write-offs", json={"amount_cents": 10001, "reason": "charity"}
    )
    assert res.status_code == 422 and res.json()["context"]["balance_cents"] == 10000


def test_a_submitted_claim_cannot_be_written_off(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    claim = submitted(lines=1)
    session.commit()
    res = as_role("biller").post(
        f"/claims/{claim.id}/write-offs", json={"amount_cents": 100, "reason": "charity"}
    )
    assert res.status_code == 422 and res.json()["error"] == "WriteOffNotAllowed"


def test_rejection_leaves_the_balance(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    session.get(Organization, org.id).writeoff_approval_threshold_cents = 5_000  # type: ignore[union-attr]
    claim = _denied(session, org, submitted)
    res = as_role("biller").post(
        f"/claims/{claim.id}/write-offs", json={"amount_cents": 10000, "reason": "charity"}
    )
    decided = as_role("practice_admin").post(
        f"/write-offs/{res.json()['id']}/reject", json={"note": "appeal first"}
    )
    assert decided.json()["status"] == "rejected"
    assert as_role("biller").get(f"/claims/{claim.id}").json()["balance_cents"] == 10000


def test_derived_totals_follow_denials_and_write_offs(
    session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
) -> None:
    """open_denied_cents is kept by triggers on denials, written_off_cents by the write-off; the
    ledger check catches a written-off total that disagrees with the applied write-offs."""
    claim = _denied(session, org, submitted)
    session.refresh(claim)
    assert (claim.open_denied_cents, claim.written_off_cents) == (10000, 0)
    biller = as_role("biller")
    biller.post(f"/claims/{claim.id}/write-offs", json={"amount_cents": 400, "reason": "small_balance"})
    session.refresh(claim)
    assert (claim.open_denied_cents, claim.written_off_cents) == (10000, 400)  # denial still open
    biller.post(f"/claims/{claim.id}/write-offs", json={"amount_cents": 9600, "reason": "timely_filing"})
    session.refresh(claim)
    assert (claim.open_denied_cents, claim.written_off_cents) == (0, 10000)  # denials closed
    manager = as_role("billing_manager")
    assert manager.get("/admin/ledger/check").json()["ok"] is True
    session.execute(
        update(Claim).where(Claim.id == claim.id).values(written_off_cents=9000, version=Claim.version + 1)
    )
    session.commit()
    [problem] = manager.get("/admin/ledger/check").json()["problems"]
    assert (problem["written_off"], problem["write_offs_applied"]) == (9000, 10000)
