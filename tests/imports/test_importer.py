"""The import on a real database: creation, messy files, updates through the state machine,
quarantine, tenant isolation, and the ledger invariant after every import."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm import files
from rcm.audit.models import AuditEvent
from rcm.claims.state_machine import ClaimStatus
from rcm.patients.models import Coverage, Patient
from rcm.payers.models import Payer, PayerType
from rcm.payments.models import AdjustmentKind, PaymentSource
from rcm.providers.models import Provider
from tests.factories import OrgFixture, make_patient, make_payer, make_provider, next_npi
from tests.imports.conftest import (
    Imported,
    adjustments_of,
    assert_ledger_ok,
    claims_of,
    csv_text,
    lines_of,
    payments_of,
    row,
)

Run = Callable[..., Imported]


def _audit(session: Session, org: OrgFixture, action: str) -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.org_id == org.id, AuditEvent.action == action)
    return list(session.scalars(stmt.order_by(AuditEvent.seq)))


class TestNewClaims:
    def test_creates_the_claim_with_its_patient_payer_coverage_and_imported_ledger(
        self, session: Session, org: OrgFixture, run_import: Run, billing: Provider
    ) -> None:
        text = csv_text(
            [
                row(
                    Billed="$3,033.66",
                    Paid="2,000.00",
                    Adjustment="833.66",
                    **{"Patient Resp": "150.00", "Balance": "50.00", "Status": "Partially Paid"},
                )
            ]
        )
        result = run_import(text, filename="ar-export.csv").result
        assert (result["created"], result["quarantined"]) == (1, 0)
        claim = claims_of(session, org)["A-1001"]
        assert claim.status is ClaimStatus.partially_paid
        assert (claim.charge_cents, claim.paid_cents, claim.adjustment_cents) == (303366, 200000, 83366)
        assert (claim.patient_responsibility_cents, claim.balance_cents) == (15000, 5000)
        assert claim.billing_provider_id == claim.rendering_provider_id == billing.id
        assert claim.patient_control_number == "A-1001" and claim.submission_count == 1
        [line] = lines_of(session, claim)
        assert (line.procedure_code, line.charge_cents, line.diagnosis_pointers) == ("99213", 303366, [1])
        [payment] = payments_of(session, claim)
        assert (payment.amount_cents, payment.source, payment.payer_name) == (
            200000,
            PaymentSource.imported,
            "Acme Health",
        )
        adjustments = {(a.group_code, a.carc, a.kind): a.amount_cents for a in adjustments_of(session, claim)}
        assert adjustments == {
            ("CO", "45", AdjustmentKind.contractual): 83366,
            ("PR", "1", AdjustmentKind.patient): 15000,
        }
        patient = session.get(Patient, claim.patient_id)
        assert patient is not None and (patient.account_number, patient.first_name, patient.last_name) == (
            "ACC-1",
            "Jane",
            "Doe",
        )
        payer = session.get(Payer, claim.payer_id)
        assert payer is not None and (payer.payer_code, payer.payer_type) == ("ACME1", PayerType.commercial)
        coverage = session.get(Coverage, claim.coverage_id)
        assert coverage is not None and coverage.member_id == "M123"
        [event] = _audit(session, org, "claim.imported")
        assert event.reason == "imported from ar-export.csv row 2"
        assert event.changes["status"] == [None, "PartiallyPaid"]
        assert_ledger_ok(session, org)

    def test_existing_patient_payer_and_provider_are_reused(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        patient = make_patient(session, org, account_number="ACC-9")
        payer = make_payer(session, org, payer_code="BCBS01", name="Blue Cross")
        npi = next_npi()
        rendering = make_provider(session, org, npi=npi)
        rows = [
            row(
                "R1",
                **{
                    "Patient Account": "ACC-9",
                    "Patient Name": "",
                    "DOB": "",
                    "Payer": "",
                    "Payer ID": "bcbs01",
                },
            ),
            row("R2", **{"Patient Account": "ACC-9", "Payer": "blue cross", "Payer ID": ""}),
        ]
        for r in rows:
            r["Rendering NPI"] = npi
        run_import(csv_text(rows))
        claims = claims_of(session, org)
        assert {c.patient_id for c in claims.values()} == {patient.id}
        assert {c.payer_id for c in claims.values()} == {payer.id}
        assert {c.rendering_provider_id for c in claims.values()} == {rendering.id}
        assert session.scalars(select(Patient).where(Patient.org_id == org.id)).all() == [patient]

    def test_several_codes_with_charges_units_and_modifiers_become_lines(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(CPT="99213-25:100.00;97110-GP*2:40.00;85025:10.00", DX="E11.9;I10")]))
        claim = claims_of(session, org)["A-1001"]
        lines = [
            (ln.procedure_code, ln.modifiers, str(ln.units.normalize()), ln.charge_cents)
            for ln in lines_of(session, claim)
        ]
        assert lines == [
            ("99213", ["25"], "1", 10000),
            ("97110", ["GP"], "2", 4000),
            ("85025", [], "1", 1000),
        ]
        assert claim.charge_cents == 15000 and claim.diagnosis_codes == ["E119", "I10"]

    def test_blank_money_is_zero_and_the_balance_is_computed(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(Paid="", Adjustment="", Balance="", Status="Submitted")]))
        claim = claims_of(session, org)["A-1001"]
        assert (claim.paid_cents, claim.adjustment_cents, claim.balance_cents) == (0, 0, 15000)
        assert payments_of(session, claim) == []
        assert_ledger_ok(session, org)

    def test_status_is_inferred_from_the_money_when_blank(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(
            csv_text(
                [row("P", Paid="150.00", Status=""), row("PP", Paid="50", Status=""), row("S", Status="")]
            )
        )
        statuses = {k: c.status for k, c in claims_of(session, org).items()}
        assert statuses == {
            "P": ClaimStatus.paid,
            "PP": ClaimStatus.partially_paid,
            "S": ClaimStatus.submitted,
        }

    def test_aging_days_are_recorded_not_trusted(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        rows = [row() | {"Aging Days": "412"}, row("A-2") | {"Aging Days": "31-60"}]
        run_import(csv_text(rows))
        events = _audit(session, org, "claim.imported")
        assert [e.changes["source_aging_days"] for e in events] == [[None, 412], [None, "31-60"]]


class TestMessyFiles:
    def test_a_real_world_export(self, session: Session, org: OrgFixture, run_import: Run) -> None:
        text = (
            "\ufeffClaimID;Acct No;Patient;Date of Birth;Insurance;Date of Service;Proc Codes;Dx;"
            "Total Charges;Ins Paid;Contractual;Pt Resp;Outstanding;Claim Status;AgingDays\r\n"
            'C1;77;"Smith, Ann";03/04/1970;Medicare Part B;9/1/26;99214;E11.9;"$3,033.66";'
            '"$2,000.00";"(1,200.00)";"1,233.66";"1,000.00";Partially Paid;45\r\n'
            "C2;78;Bo Lee;19800102;Medicaid;20260902;99213;I10;150;;;;;Billed;\r\n"
            "C3;79;Lee, Cy;02-Jan-1981;Aetna;03-Sep-2026;85025;Z00.00;USD 25.00;25.00;0;0;0;Paid;\r\n"
            "C4;80;Roe, Di;1981-01-02;Aetna;46269;80053;Z00.00;  ;;;;;Open;\r\n"
        )
        result = run_import(text.encode("utf-8")).result
        assert result["delimiter"] == ";" and result["created"] == 3 and result["quarantined"] == 1
        assert result["quarantine_sample"][0]["row"] == 5
        assert "billed charge is required" in result["quarantine_sample"][0]["reason"]
        claims = claims_of(session, org)
        c1, c2, c3 = claims["C1"], claims["C2"], claims["C3"]
        assert (c1.charge_cents, c1.paid_cents, c1.adjustment_cents, c1.balance_cents) == (
            303366,
            200000,
            -120000,
            100000,
        )
        assert str(c1.service_date_from) == "2026-09-01" and c2.service_date_from.isoformat() == "2026-09-02"
        assert c3.status is ClaimStatus.paid and c3.charge_cents == 2500
        assert c2.status is ClaimStatus.submitted
        payers = {p.name: p.payer_type for p in session.scalars(select(Payer).where(Payer.org_id == org.id))}
        assert payers["Medicare Part B"] is PayerType.medicare and payers["Medicaid"] is PayerType.medicaid
        patient = session.get(Patient, c2.patient_id)
        assert patient is not None and (patient.first_name, patient.last_name, str(patient.birth_date)) == (
            "Bo",
            "Lee",
            "1980-01-02",
        )
        assert_ledger_ok(session, org)

    def test_tab_delimited_with_quoted_commas(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        text = csv_text([row(**{"Patient Name": "Doe, Jane", "Billed": "$1,150.00"})], delimiter="\t")
        assert run_import(text).result["delimiter"] == "\t"
        assert claims_of(session, org)["A-1001"].charge_cents == 115000


class TestUpdates:
    def test_a_second_import_updates_the_claim_along_the_legal_path(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(Status="Submitted")]))
        second = run_import(
            csv_text(
                [
                    row(
                        Paid="100.00",
                        Adjustment="30.00",
                        Balance="0",
                        Status="Paid",
                        **{"Patient Resp": "20.00"},
                    )
                ]
            )
        )
        assert (second.result["created"], second.result["updated"]) == (0, 1)
        claims = claims_of(session, org)
        assert list(claims) == ["A-1001"]
        claim = claims["A-1001"]
        assert claim.status is ClaimStatus.paid and claim.adjudication_count == 1
        assert (claim.paid_cents, claim.adjustment_cents, claim.patient_responsibility_cents) == (
            10000,
            3000,
            2000,
        )
        assert [p.amount_cents for p in payments_of(session, claim)] == [10000]
        [event] = _audit(session, org, "claim.import_updated")
        assert event.changes["transitions"] == [
            ["accept", "Submitted", "Accepted"],
            ["pay_full", "Accepted", "Paid"],
        ]
        assert event.changes["status"] == ["Submitted", "Paid"]
        assert event.reason == "imported from claims.csv row 2"
        assert_ledger_ok(session, org)

    def test_the_same_file_twice_changes_nothing(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        text = csv_text([row(Paid="100.00", Status="Partially Paid")])
        run_import(text)
        again = run_import(text).result
        assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 1)
        assert len(payments_of(session, claims_of(session, org)["A-1001"])) == 1

    def test_money_deltas_are_posted_both_ways(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(Paid="100.00", Adjustment="10.00", Status="Partially Paid")]))
        run_import(csv_text([row(Paid="80.00", Adjustment="40.00", Status="Partially Paid")]))
        claim = claims_of(session, org)["A-1001"]
        assert [(p.amount_cents, p.is_reversal) for p in payments_of(session, claim)] == [
            (10000, False),
            (-2000, True),
        ]
        assert sorted(a.amount_cents for a in adjustments_of(session, claim)) == [1000, 3000]
        assert (claim.paid_cents, claim.adjustment_cents, claim.balance_cents) == (8000, 4000, 3000)
        assert_ledger_ok(session, org)

    def test_an_impossible_status_change_is_quarantined_naming_the_allowed_states(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row("PAID", Paid="150.00", Status="Paid"), row("ACC", Status="Accepted")]))
        result = run_import(
            csv_text([row("PAID", Paid="150.00", Status="Submitted"), row("ACC", Status="Draft")])
        ).result
        reasons = {q["claim_id"]: q["reason"] for q in result["quarantine_sample"]}
        assert (
            reasons["PAID"] == "cannot move the claim from Paid to Submitted;"
            " allowed next states: none (it is final for imports)"
        )
        assert reasons["ACC"] == (
            "cannot move the claim from Accepted to Draft; allowed next states: Denied, Paid, PartiallyPaid"
        )
        claims = claims_of(session, org)
        assert claims["PAID"].status is ClaimStatus.paid and claims["ACC"].status is ClaimStatus.accepted

    def test_the_same_claim_twice_in_one_file_ends_at_the_last_row(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        result = run_import(csv_text([row(Status="Submitted"), row("B"), row(Status="Denied")])).result
        assert (result["created"], result["updated"]) == (2, 1)
        assert claims_of(session, org)["A-1001"].status is ClaimStatus.denied

    def test_a_draft_claims_lines_are_replaced(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(Status="Draft")]))
        run_import(csv_text([row(Status="Draft", CPT="99214:120.00;36415:30.00", DX="I10")]))
        claim = claims_of(session, org)["A-1001"]
        assert [ln.procedure_code for ln in lines_of(session, claim)] == ["99214", "36415"]
        assert (
            claim.diagnosis_codes == ["I10"] and claim.charge_cents == 15000 and claim.balance_cents == 15000
        )
        [event] = _audit(session, org, "claim.import_updated")
        assert event.changes["lines"] == [["99213:150.00"], ["99214:120.00", "36415:30.00"]]
        assert_ledger_ok(session, org)

    def test_a_submitted_claims_lines_are_locked(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        run_import(csv_text([row(Status="Submitted")]))
        result = run_import(csv_text([row(Status="Paid", Paid="150.00", CPT="99214")])).result
        assert result["quarantine_reasons"] == {"locked_lines": 1}
        claim = claims_of(session, org)["A-1001"]
        assert claim.status is ClaimStatus.submitted and claim.paid_cents == 0

    def test_a_claim_born_here_is_matched_by_its_control_number(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        from tests.factories import make_claim

        claim = make_claim(session, org, lines=1)
        charge = claim.lines[0].charge_cents / 100
        text = csv_text(
            [
                row(
                    claim.patient_control_number,
                    CPT=f"99213:{charge:.2f}",
                    Billed="",
                    Status="Draft",
                    DX="E11.9;I10",
                )
            ]
        )
        result = run_import(text).result
        assert (result["created"], result["quarantined"]) == (0, 0)


class TestQuarantine:
    def test_bad_rows_are_quarantined_with_row_numbers_and_the_rest_imported(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        rows = [
            row("OK1"),
            row("BAD-MONEY", Paid="12,34.00"),
            row("OK2"),
            row("BAD-DATE", DOS="2026-02-30"),
            row("", CPT="99213"),
            row("BAD-CPT", CPT="99213;85025"),
            row("OK3"),
        ]
        result = run_import(csv_text(rows)).result
        assert (result["rows"], result["created"], result["quarantined"]) == (7, 3, 4)
        reasons = {q["row"]: q["reason"] for q in result["quarantine_sample"]}
        assert sorted(reasons) == [3, 5, 6, 7]
        assert reasons[3] == "Paid: misplaced thousands separator in amount '12,34.00'"
        assert reasons[5].startswith("DOS: no such day: '2026-02-30'")
        assert reasons[6] == "Claim ID: the claim id is required"
        assert "without per-code charges" in reasons[7]
        assert set(claims_of(session, org)) == {"OK1", "OK2", "OK3"}
        stored = [json.loads(line) for line in files.read(result["quarantine_file"]).splitlines()]
        assert [q["row"] for q in stored] == [3, 5, 6, 7]
        assert stored[0]["values"]["Paid"] == "12,34.00" and stored[0]["values"]["Claim ID"] == "BAD-MONEY"

    def test_unknown_patient_without_names_and_invalid_npi(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        rows = [
            row("NP", **{"Patient Name": "", "Patient Account": "ZZZ"}),
            row("BAD-NPI") | {"Rendering NPI": "1234567890"},
        ]
        reasons = {q["claim_id"]: q["reason"] for q in run_import(csv_text(rows)).result["quarantine_sample"]}
        assert reasons["NP"].startswith("patient account ZZZ is not registered")
        assert reasons["BAD-NPI"] == "rendering NPI 1234567890 fails its check digit"

    def test_a_valid_unknown_npi_registers_the_provider(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        npi = next_npi()
        run_import(csv_text([row() | {"Rendering NPI": npi, "Rendering Provider": "Welby, Marcus"}]))
        provider = session.scalars(
            select(Provider).where(Provider.org_id == org.id, Provider.npi == npi)
        ).one()
        assert (provider.name, provider.first_name) == ("Welby", "Marcus")
        assert claims_of(session, org)["A-1001"].rendering_provider_id == provider.id

    def test_without_a_single_billing_provider_the_row_needs_a_billing_npi(
        self, session: Session, org: OrgFixture, run_import: Run
    ) -> None:
        make_provider(session, org, billing=True)  # now two
        result = run_import(csv_text([row()])).result
        assert result["quarantine_reasons"] == {"missing_billing_provider": 1}
        assert "has 2 billing providers" in result["quarantine_sample"][0]["reason"]

    def test_a_batch_the_database_refuses_is_retried_row_by_row(
        self, session: Session, org: OrgFixture, run_import: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from rcm.imports import batch

        real = batch.create_claim

        def flaky(rec, *args):  # type: ignore[no-untyped-def]
            if rec.external_claim_id == "BOOM":
                raise RuntimeError("value too long for type character varying(38)")
            return real(rec, *args)

        monkeypatch.setattr(batch, "create_claim", flaky)
        result = run_import(csv_text([row("OK1"), row("BOOM"), row("OK2")])).result
        assert (result["created"], result["quarantined"]) == (2, 1)
        assert result["quarantine_sample"] == [
            {
                "row": 3,
                "code": "database_error",
                "claim_id": "BOOM",
                "reason": "refused by the database: value too long for type character varying(38)",
            }
        ]
        assert set(claims_of(session, org)) == {"OK1", "OK2"}
        assert_ledger_ok(session, org)

    def test_a_systemic_failure_stops_the_import_and_fails_the_job(
        self, session: Session, org: OrgFixture, run_import: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from sqlalchemy.exc import ProgrammingError

        from rcm.imports import batch
        from rcm.imports.runner import ImportStopped
        from rcm.jobs.models import Job, JobStatus

        def broken(*_args: object) -> None:
            raise ProgrammingError("INSERT ...", {}, Exception("column claims.x does not exist"))

        monkeypatch.setattr(batch, "create_claim", broken)
        with pytest.raises(ImportStopped, match=r"stopped after 0 rows: .*column claims.x does not exist"):
            run_import(csv_text([row("A1"), row("A2")]))
        job = session.scalars(select(Job).where(Job.org_id == org.id)).one()
        assert job.status is JobStatus.failed and "column claims.x does not exist" in job.error
        assert claims_of(session, org) == {}

    def test_a_batch_whose_every_row_fails_alone_stops_the_import(
        self, session: Session, org: OrgFixture, run_import: Run, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from rcm.imports import batch
        from rcm.imports.runner import ImportStopped

        def broken(*_args: object) -> None:
            raise RuntimeError("disk quota exceeded")

        monkeypatch.setattr(batch, "create_claim", broken)
        with pytest.raises(ImportStopped, match="disk quota exceeded"):
            run_import(csv_text([row(f"A{n}") for n in range(6)]))


class TestTenancy:
    def test_another_orgs_claim_ids_are_never_matched(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, run_import: Run
    ) -> None:
        make_provider(session, other_org, billing=True)
        run_import(csv_text([row(Status="Paid", Paid="150.00")]), of=other_org)
        result = run_import(csv_text([row(Status="Submitted")])).result
        assert (result["created"], result["updated"], result["quarantined"]) == (1, 0, 0)
        mine, theirs = claims_of(session, org)["A-1001"], claims_of(session, other_org)["A-1001"]
        assert (
            mine.id != theirs.id
            and theirs.status is ClaimStatus.paid
            and mine.status is ClaimStatus.submitted
        )
        assert mine.patient_id != theirs.patient_id and mine.payer_id != theirs.payer_id
        assert_ledger_ok(session, org)
        assert_ledger_ok(session, other_org)
