"""`POST /imports/claims` and friends over HTTP: 202 with a job, its progress and result, the
quarantine download, permissions and tenancy."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from sqlalchemy.orm import Session

from rcm.providers.models import Provider
from tests.factories import OrgFixture, make_provider
from tests.imports.conftest import csv_text, row


def _upload(client: object, content: str | bytes, name: str = "ar.csv") -> object:
    data = content.encode() if isinstance(content, str) else content
    return client.post("/imports/claims", files={"file": (name, data, "text/csv")})  # type: ignore[attr-defined]


class TestImportOverHttp:
    def test_202_then_the_job_reports_progress_counts_and_quarantine(
        self, session: Session, org: OrgFixture, billing: Provider, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        text = csv_text([row("A1"), row("A2", Paid="(abc)"), row("A3", DOS="31/31/2026"), row("A4")])
        res = _upload(biller, text)
        assert res.status_code == 202, res.text  # type: ignore[attr-defined]
        job = res.json()  # type: ignore[attr-defined]
        assert (job["kind"], job["total"], job["params"]["filename"]) == ("imports.claims", 4, "ar.csv")
        done = biller.get(f"/imports/{job['id']}").json()
        assert done["status"] == "succeeded" and done["progress"] == 4
        result = done["result"]
        assert (result["created"], result["quarantined"]) == (2, 2)
        assert [q["row"] for q in result["quarantine_sample"]] == [3, 4]
        assert biller.get(f"/jobs/{job['id']}").json()["result"]["created"] == 2
        claims = biller.get("/claims").json()
        assert claims["total"] == 2

    def test_the_quarantine_downloads_as_csv_that_re_imports_once_fixed(
        self, session: Session, org: OrgFixture, billing: Provider, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        job = _upload(biller, csv_text([row("A1"), row("A2", Billed="12,34.00")])).json()  # type: ignore[attr-defined]
        res = biller.get(f"/imports/{job['id']}/quarantine.csv")
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(res.text)))
        assert len(rows) == 1
        assert rows[0]["Quarantine Row"] == "3" and rows[0]["Claim ID"] == "A2"
        assert rows[0]["Quarantine Reason"] == "Billed: misplaced thousands separator in amount '12,34.00'"
        fixed = res.text.replace('"12,34.00"', "1234.00").replace("12,34.00", "1234.00")
        again = _upload(biller, fixed, "fixed.csv").json()  # type: ignore[attr-defined]
        result = biller.get(f"/imports/{again['id']}").json()["result"]
        assert (result["created"], result["quarantined"]) == (1, 0)
        assert set(result["ignored_columns"]) == {"Quarantine Row", "Quarantine Reason", "Quarantine Column"}

    def test_a_file_without_a_claim_id_column_is_refused_at_once(self, as_role: Callable) -> None:
        res = _upload(as_role("biller"), "Patient,Billed\nDoe,1.00\n")
        assert res.status_code == 422  # type: ignore[attr-defined]
        assert res.json()["error"] == "UnreadableFile" and "no claim id column" in res.json()["detail"]  # type: ignore[attr-defined]

    def test_roles_without_imports_run_are_forbidden(self, as_role: Callable) -> None:
        res = _upload(as_role("front_desk"), csv_text([row()]))
        assert res.status_code == 403  # type: ignore[attr-defined]

    def test_another_orgs_import_is_not_found(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, billing: Provider, as_role: Callable
    ) -> None:
        job = _upload(as_role("biller"), csv_text([row()])).json()  # type: ignore[attr-defined]
        outsider = as_role("practice_admin", of=other_org)
        assert outsider.get(f"/imports/{job['id']}").status_code == 404
        assert outsider.get(f"/imports/{job['id']}/quarantine.csv").status_code == 404

    def test_the_import_is_audited_as_the_uploader(
        self, session: Session, org: OrgFixture, billing: Provider, as_role: Callable
    ) -> None:
        admin = as_role("practice_admin")
        job = _upload(admin, csv_text([row()])).json()  # type: ignore[attr-defined]
        events = admin.get("/audit/events", params={"entity_type": "claim"}).json()["items"]
        imported = [e for e in events if e["action"] == "claim.imported"]
        assert len(imported) == 1 and imported[0]["actor_role"] == "practice_admin"
        assert imported[0]["actor_id"] == job["params"]["user_id"]
        assert imported[0]["source_document_id"] == job["id"]
        job_events = admin.get("/audit/events", params={"entity_type": "job"}).json()["items"]
        finished = {e["action"]: e for e in job_events}
        assert {"import.queued", "import.finished"} <= set(finished)
        assert finished["import.finished"]["changes"]["created"] == [None, 1]


def test_a_second_billing_provider_needs_the_billing_npi_column(
    session: Session, org: OrgFixture, billing: Provider, as_role: Callable
) -> None:
    make_provider(session, org, billing=True)
    biller = as_role("biller")
    job = _upload(biller, csv_text([row()])).json()  # type: ignore[attr-defined]
    assert biller.get(f"/imports/{job['id']}").json()["result"]["quarantine_reasons"] == {
        "missing_billing_provider": 1
    }
