"""`GET /exports/claims.csv` and the export -> import round trip."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from rcm.exports import service as exports
from rcm.exports.schemas import ClaimExportFilters
from rcm.providers.models import Provider
from tests.factories import OrgFixture, make_claim, make_world
from tests.imports.conftest import Imported, assert_ledger_ok, claims_of, csv_text, lines_of, row

MESSY = [
    row(
        "A1",
        Billed="$3,033.66",
        Paid="2,000.00",
        Adjustment="(1,200.00)",
        Balance="1,000.00",
        Status="Partially Paid",
        **{"Patient Resp": "1,233.66"},
    ),
    row(
        "A2",
        CPT="99213-25:100.00;97110-GP*2:40.00",
        Billed="",
        DX="E11.9;I10",
        Status="Denied",
        **{"Patient Account": "ACC-2", "Patient Name": "Roe, Rick", "DOB": "2/3/1961"},
    ),
    row("A3", Status="Draft", DOS="20260903", **{"Payer": "Medicare", "Payer ID": "MCR"}),
    row(
        "A4",
        Status="Paid",
        Paid="150.00",
        **{"Last Payment Date": "10/15/2026", "Submission Date": "09-Sep-2026"},
    ),
]


def _export(session: Session, org: OrgFixture, **filters: Any) -> str:
    return "".join(exports.claims_csv(session, org.ctx, ClaimExportFilters(**filters)))


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _shape(session: Session, claim: Claim) -> tuple[Any, ...]:
    lines = [
        (ln.procedure_code, ln.modifiers, str(ln.units.normalize()), ln.charge_cents)
        for ln in lines_of(session, claim)
    ]
    money = (claim.charge_cents, claim.paid_cents, claim.adjustment_cents, claim.patient_responsibility_cents)
    return (
        claim.status,
        *money,
        claim.balance_cents,
        claim.service_date_from,
        claim.diagnosis_codes,
        lines,
        claim.submitted_at,
        claim.last_payment_at,
    )


class TestExportCsv:
    def test_one_row_per_claim_in_the_import_columns(
        self, session: Session, org: OrgFixture, run_import: Callable[..., Imported]
    ) -> None:
        run_import(csv_text(MESSY))
        rows = {r["Claim ID"]: r for r in _rows(_export(session, org))}
        assert list(rows) == ["A1", "A2", "A3", "A4"]
        a1, a2, a4 = rows["A1"], rows["A2"], rows["A4"]
        assert (a1["Charge"], a1["Paid"], a1["Adjustment"], a1["Patient Responsibility"], a1["Balance"]) == (
            "3033.66",
            "2000.00",
            "-1200.00",
            "1233.66",
            "1000.00",
        )
        assert a1["Status"] == "PartiallyPaid" and a1["Service Date From"] == "2026-09-01"
        assert (
            a2["Procedure Codes"] == "99213-25:100.00;97110-GP*2:40.00"
            and a2["Diagnosis Codes"] == "E119;I10"
        )
        assert (a2["Patient Last Name"], a2["Patient First Name"], a2["Date of Birth"]) == (
            "Roe",
            "Rick",
            "1961-02-03",
        )
        assert (a4["Submission Date"], a4["Last Payment Date"]) == ("2026-09-09", "2026-10-15")

    def test_filters_by_status_payer_and_service_dates(
        self, session: Session, org: OrgFixture, run_import: Callable[..., Imported]
    ) -> None:
        run_import(csv_text(MESSY))
        medicare = claims_of(session, org)["A3"].payer_id
        assert [r["Claim ID"] for r in _rows(_export(session, org, status=["Paid", "Denied"]))] == [
            "A2",
            "A4",
        ]
        assert [r["Claim ID"] for r in _rows(_export(session, org, payer_id=medicare))] == ["A3"]
        from datetime import date

        dated = _export(session, org, service_from=date(2026, 9, 2), service_to=date(2026, 9, 30))
        assert [r["Claim ID"] for r in _rows(dated)] == ["A3"]

    def test_streams_over_http_in_chunks(
        self,
        session: Session,
        org: OrgFixture,
        billing: Provider,
        run_import: Callable[..., Imported],
        as_role: Callable,
    ) -> None:
        run_import(csv_text([row(f"C{n:05d}", **{"Patient Account": f"P{n % 97}"}) for n in range(2300)]))
        res = as_role("biller").get("/exports/claims.csv", params={"status": "Submitted"})
        assert res.status_code == 200 and res.headers["content-type"].startswith("text/csv")
        rows = _rows(res.text)
        assert len(rows) == 2300 and rows[0]["Claim ID"] == "C00000" and rows[-1]["Claim ID"] == "C02299"

    def test_the_patient_role_may_not_export(self, as_role: Callable) -> None:
        assert as_role("patient").get("/exports/claims.csv").status_code == 403

    def test_another_orgs_claims_never_appear(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, run_import: Callable[..., Imported]
    ) -> None:
        run_import(csv_text(MESSY))
        assert _rows(_export(session, other_org)) == []


class TestRoundTrip:
    def test_an_export_re_imports_into_a_fresh_org_as_the_same_claims(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, run_import: Callable[..., Imported]
    ) -> None:
        run_import(csv_text(MESSY))
        exported = _export(session, org)
        result = run_import(exported, of=other_org).result
        assert (result["created"], result["quarantined"]) == (4, 0), result["quarantine_sample"]
        mine, theirs = claims_of(session, org), claims_of(session, other_org)
        assert {k: _shape(session, c) for k, c in mine.items()} == {
            k: _shape(session, c) for k, c in theirs.items()
        }
        assert _export(session, other_org).splitlines()[1:] == exported.splitlines()[1:]
        assert_ledger_ok(session, other_org)

    def test_an_export_re_imported_into_its_own_org_changes_nothing(
        self, session: Session, org: OrgFixture, run_import: Callable[..., Imported]
    ) -> None:
        run_import(csv_text(MESSY))
        make_claim(session, org, world=make_world(session, org), lines=3)  # born here: no external id
        result = run_import(_export(session, org)).result
        assert (result["created"], result["updated"], result["unchanged"], result["quarantined"]) == (
            0,
            0,
            5,
            0,
        )
        assert_ledger_ok(session, org)
