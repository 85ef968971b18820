"""ERA intake over HTTP: upload, dry run, duplicates, bad files, batch jobs, unmatched queue, deposits."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from tests.factories import OrgFixture
from tests.payments.era import Clp, Line, era


def _upload(client: object, content: bytes, name: str = "era.835", **params: object) -> object:
    return client.post("/eras", files={"file": (name, content, "text/plain")}, params=params)  # type: ignore[attr-defined]


class TestUpload:
    def test_post_then_duplicate(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claim = submitted(lines=1)
        session.commit()
        biller = as_role("biller")
        content = era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])])
        first = _upload(biller, content)
        assert first.status_code == 200, first.text
        assert first.json()["summary"]["remittances"][0]["statuses"] == {"Paid": 1}
        second = _upload(biller, content, "again.835")
        assert second.status_code == 200 and second.json()["duplicate"] is True
        payments = biller.get(f"/claims/{claim.id}/payments").json()
        assert [p["amount_cents"] for p in payments["payments"]] == [8000]
        assert {a["carc"] for a in payments["adjustments"]} == {"45"}

    def test_dry_run_changes_nothing(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claim = submitted(lines=1)
        session.commit()
        biller = as_role("biller")
        res = _upload(biller, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])]), dry_run="true")
        assert res.status_code == 200 and res.json()["dry_run"] is True
        assert biller.get(f"/claims/{claim.id}").json()["status"] == "Submitted"
        assert biller.get("/remittances").json()["total"] == 0

    def test_malformed_835_is_422_and_kept(self, as_role: Callable) -> None:
        biller = as_role("biller")
        res = _upload(
            biller, b"ISA*00*          *00*          *ZZ*A*ZZ*B*261118*0800*^*00501*000000001*0*P*:~ST*835*1~"
        )
        assert res.status_code == 422
        assert biller.get(f"/batches/{res.json()['context']['batch_id']}").json()["status"] == "failed"

    def test_front_desk_cannot_post_eras(self, as_role: Callable) -> None:
        assert _upload(as_role("front_desk"), b"x").status_code == 403


class TestBatchJob:
    def test_many_files_posted_by_a_job_with_progress(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claims = [submitted(lines=1) for _ in range(3)]
        session.commit()
        biller = as_role("biller")
        uploads = [
            (
                "files",
                (
                    f"era{i}.835",
                    era([Clp(c, [Line(8000, [("CO", "45", 2000)])])], trace=f"T{i}"),
                    "text/plain",
                ),
            )
            for i, c in enumerate(claims)
        ]
        uploads.append(("files", ("junk.835", b"not x12 at all", "text/plain")))
        res = biller.post("/eras/batch", files=uploads)
        assert res.status_code == 202, res.text
        job = biller.get(f"/jobs/{res.json()['id']}").json()  # jobs run eagerly after commit in tests
        assert (job["status"], job["progress"], job["total"]) == ("succeeded", 4, 4)
        assert (job["result"]["posted"], job["result"]["failed"]) == (3, 1)  # every file accounted for
        assert job["result"]["files"][3]["filename"] == "junk.835"
        assert all(biller.get(f"/claims/{c.id}").json()["status"] == "Paid" for c in claims)


class TestUnmatchedQueue:
    def test_match_by_hand_posts_the_kept_clp(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claim = submitted(lines=1)
        session.commit()
        biller = as_role("biller")
        _upload(biller, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])], pcn="TYPO-123")]))
        (row,) = biller.get("/unmatched").json()["items"]
        res = biller.post(f"/unmatched/{row['id']}/match", json={"claim_id": str(claim.id)})
        assert res.status_code == 200, res.text
        assert res.json()["status"] == "matched"
        assert biller.get(f"/claims/{claim.id}").json()["status"] == "Paid"
        assert biller.get("/unmatched").json()["total"] == 0
        assert biller.get("/admin/ledger/check").status_code == 403  # a biller does not run the ledger check
        assert as_role("billing_manager").get("/admin/ledger/check").json()["ok"] is True
        again = biller.post(f"/unmatched/{row['id']}/match", json={"claim_id": str(claim.id)})
        assert again.status_code == 409

    def test_dismiss_needs_a_reason(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claim = submitted(lines=1)
        session.commit()
        biller = as_role("biller")
        _upload(biller, era([Clp(claim, [Line(8000)], pcn="GHOST-1")]))
        (row,) = biller.get("/unmatched").json()["items"]
        assert biller.post(f"/unmatched/{row['id']}/dismiss", json={"note": ""}).status_code == 422
        res = biller.post(f"/unmatched/{row['id']}/dismiss", json={"note": "payer error, refund requested"})
        assert res.json()["status"] == "dismissed"


class TestReconciliation:
    def test_deposit_must_match_the_payment(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim], as_role: Callable
    ) -> None:
        claim = submitted(lines=1)
        session.commit()
        biller = as_role("biller")
        _upload(biller, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])], plb=[("WO", 500)]))
        (remittance,) = biller.get("/remittances").json()["items"]
        assert remittance["payment_cents"] == 7500 and remittance["balanced"] is True
        detail = biller.get(f"/remittances/{remittance['id']}").json()
        assert [p["reason_code"] for p in detail["provider_adjustments"]] == ["WO"]
        body = {"deposit_reference": "DEP-77", "deposit_date": "2026-11-19"}
        wrong = biller.post(
            f"/remittances/{remittance['id']}/reconcile", json={**body, "deposit_cents": 8000}
        )
        assert wrong.status_code == 422 and wrong.json()["context"]["difference_cents"] == 500
        ok = biller.post(f"/remittances/{remittance['id']}/reconcile", json={**body, "deposit_cents": 7500})
        assert ok.status_code == 200 and ok.json()["reconciled_at"] is not None
