"""The bulk loader on the test database (SQLite, or PostgreSQL in CI), in a rolled-back transaction."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from rcm.audit.service import verify_chain
from rcm.claims import service as claims_service
from rcm.claims.models import Claim
from rcm.db import Base
from rcm.payments.ledger import check_ledger
from rcm.synth import repository
from rcm.synth.generator import SynthConfig
from rcm.synth.loader import ForeignKeys, LoadReport, SeedAlreadyLoaded, ensure_org, load
from rcm.synth.rows import FIELDS
from tests.factories import OrgFixture
from tests.synth import checks

AS_OF = date(2026, 11, 1)
CLAIMS = 2500


def rows(session: Session, table: str, org_id: uuid.UUID) -> list[dict[str, Any]]:
    t = Base.metadata.tables[table]
    return [dict(r) for r in session.execute(select(t).where(t.c.org_id == org_id)).mappings()]


def count(session: Session, table: str, org_id: uuid.UUID) -> int:
    t = Base.metadata.tables[table]
    return int(session.scalar(select(func.count()).select_from(t).where(t.c.org_id == org_id)) or 0)


@pytest.fixture
def loaded(session: Session, org: OrgFixture) -> LoadReport:
    return load(session, SynthConfig(org_id=org.id, claims=CLAIMS, as_of=AS_OF, seed=3), batch_claims=700)


class TestLoad:
    def test_loads_every_table_with_the_reported_counts(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        assert loaded.claims == CLAIMS == count(session, "claims", org.id)
        for table in (
            "patients",
            "coverages",
            "encounters",
            "claim_lines",
            "payments",
            "payment_adjustments",
        ):
            assert count(session, table, org.id) == loaded.rows[table] > 0, table
        assert count(session, "denials", org.id) == loaded.rows["denials"] > 0

    def test_the_orm_reads_loaded_claims(self, session: Session, org: OrgFixture, loaded: LoadReport) -> None:
        claim_id = session.scalar(
            select(Claim.id).where(Claim.org_id == org.id, Claim.status == "Paid").limit(1)
        )
        assert claim_id is not None
        claim = claims_service.get_claim(session, org.ctx, claim_id)
        assert claim.lines and claim.charge_cents == sum(line.charge_cents for line in claim.lines)
        assert claim.created_at.tzinfo is not None and claim.diagnosis_codes

    def test_audit_chain_verifies_with_one_event_per_created_record(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        report = verify_chain(session, org.ctx)
        assert report.ok, report
        expected = CLAIMS + loaded.rows["patients"] + loaded.rows["payers"] + loaded.rows["providers"] + 1
        assert loaded.audit_events == expected
        assert report.events_checked == expected + 1  # + organization.created
        actions = {e["action"] for e in rows(session, "audit_events", org.id)}
        assert {"claim.synthesized", "patient.synthesized", "synth.loaded"} <= actions

    def test_money_invariants_hold_in_the_database(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        tables = {
            t: rows(session, t, org.id)
            for t in ("claims", "claim_lines", "payments", "payment_adjustments", "write_offs")
        }
        assert checks.money_problems(*tables.values()) == []

    def test_open_denials_on_claims_match_the_denials_table(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        claims, denials = rows(session, "claims", org.id), rows(session, "denials", org.id)
        assert checks.open_denied_problems(claims, denials) == []

    def test_the_payments_ledger_check_passes(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        report = check_ledger(session, org.ctx)
        assert (report.ok, report.claims_checked, report.problems) == (True, CLAIMS, [])

    def test_secondary_claims_are_linked_both_ways(
        self, session: Session, org: OrgFixture, loaded: LoadReport
    ) -> None:
        claims = {c["id"]: c for c in rows(session, "claims", org.id)}
        secondary = [c for c in claims.values() if c["primary_claim_id"] is not None]
        assert secondary and loaded.rows["linked_secondary_claims"] == len(secondary)
        for claim in secondary:
            assert claims[claim["primary_claim_id"]]["next_payer_claim_id"] == claim["id"]

    def test_foreign_keys_hold(self, session: Session, loaded: LoadReport) -> None:
        if session.get_bind().dialect.name != "sqlite":
            pytest.skip("PostgreSQL checks every foreign key during COPY")
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []


class TestIsolationAndReloads:
    def test_loading_into_one_org_leaves_another_untouched(
        self, session: Session, org: OrgFixture, other_org: OrgFixture
    ) -> None:
        before = rows(session, "audit_chain_heads", other_org.id)
        load(session, SynthConfig(org_id=org.id, claims=300, as_of=AS_OF, seed=4))
        assert count(session, "claims", other_org.id) == 0
        assert count(session, "patients", other_org.id) == 0
        assert rows(session, "audit_chain_heads", other_org.id) == before
        assert verify_chain(session, other_org.ctx).ok

    def test_the_same_seed_twice_is_refused(self, session: Session, org: OrgFixture) -> None:
        load(session, SynthConfig(org_id=org.id, claims=50, as_of=AS_OF, seed=5))
        with pytest.raises(SeedAlreadyLoaded):
            load(session, SynthConfig(org_id=org.id, claims=50, as_of=AS_OF, seed=5))

    def test_another_seed_adds_claims_and_reuses_the_payers(self, session: Session, org: OrgFixture) -> None:
        first = load(session, SynthConfig(org_id=org.id, claims=60, as_of=AS_OF, seed=6))
        second = load(session, SynthConfig(org_id=org.id, claims=40, as_of=AS_OF, seed=7))
        assert count(session, "claims", org.id) == 100
        assert first.rows["payers"] > 0 and second.rows.get("payers", 0) == 0
        assert verify_chain(session, org.ctx).ok

    def test_ensure_org_creates_once_by_slug(self, session: Session) -> None:
        slug = f"synth-{uuid.uuid4().hex[:8]}"
        org_id = ensure_org(session, slug)
        assert ensure_org(session, slug) == org_id


def on_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def user_insert_triggers(session: Session) -> list[tuple[str, str]]:
    names = [*FIELDS, "audit_events"]
    found = session.execute(
        text(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
            " AND (tgtype & 4) <> 0 AND tgenabled = 'O' AND tgrelid::regclass::text = ANY(:names)"
        ),
        {"names": names},
    )
    return [(table, name) for table, name in found]


NOOP_FUNCTION = "CREATE FUNCTION noop() RETURNS trigger AS $$ BEGIN RETURN NULL; END $$ LANGUAGE plpgsql"


@pytest.fixture
def deferrable(session: Session) -> None:
    """PostgreSQL: mark other features' insert triggers ENABLE ALWAYS (in this test's transaction only)."""
    if not on_postgres(session):
        pytest.skip("the after-load check replaces per-row triggers on PostgreSQL only")
    for table, name in user_insert_triggers(session):
        session.execute(text(f'ALTER TABLE {table} ENABLE ALWAYS TRIGGER "{name}"'))


class TestForeignKeyChecks:
    def test_sqlite_checks_per_row(self, session: Session, loaded: LoadReport) -> None:
        if on_postgres(session):
            pytest.skip("SQLite only")
        assert loaded.foreign_keys == "per row"

    @pytest.mark.usefixtures("deferrable")
    def test_postgres_checks_keys_after_the_load_when_allowed(
        self, session: Session, org: OrgFixture
    ) -> None:
        report = load(session, SynthConfig(org_id=org.id, claims=200, as_of=AS_OF, seed=10))
        assert (report.foreign_keys, report.why_per_row) == ("after the load for 12 of 12 tables", "")
        assert "foreign_key_check" in report.phases and verify_chain(session, org.ctx).ok

    @pytest.mark.usefixtures("deferrable")
    def test_a_table_with_an_insert_trigger_keeps_its_per_row_checks(
        self, session: Session, org: OrgFixture
    ) -> None:
        session.execute(text(NOOP_FUNCTION))
        trigger = (
            "CREATE TRIGGER synth_test_t AFTER INSERT ON patients FOR EACH STATEMENT EXECUTE FUNCTION noop()"
        )
        session.execute(text(trigger))
        report = load(session, SynthConfig(org_id=org.id, claims=50, as_of=AS_OF, seed=11))
        assert report.foreign_keys == "after the load for 11 of 12 tables"
        assert report.why_per_row == "patients: insert trigger synth_test_t"
        assert verify_chain(session, org.ctx).ok

    @pytest.mark.usefixtures("deferrable")
    def test_tables_with_triggers_are_written_in_bigger_rounds(
        self, session: Session, org: OrgFixture
    ) -> None:
        session.execute(text(NOOP_FUNCTION))
        for table in ("claims", "denials"):
            when = f"AFTER INSERT ON {table} FOR EACH STATEMENT"
            session.execute(text(f"CREATE TRIGGER synth_{table} {when} EXECUTE FUNCTION noop()"))
        config = SynthConfig(org_id=org.id, claims=1200, as_of=AS_OF, seed=13)
        report = load(session, config, batch_claims=200, hold_claims=500)
        assert report.foreign_keys == "after the load for 10 of 12 tables"
        assert (
            count(session, "claims", org.id) == 1200
            and count(session, "denials", org.id) == report.rows["denials"]
        )
        assert check_ledger(session, org.ctx).ok and verify_chain(session, org.ctx).ok

    def test_per_row_checks_can_be_forced(self, session: Session, org: OrgFixture) -> None:
        config = SynthConfig(org_id=org.id, claims=200, as_of=AS_OF, seed=8)
        report = load(session, config, foreign_keys=ForeignKeys.per_row)
        expected_why = "asked for" if on_postgres(session) else ""
        assert (report.foreign_keys, report.why_per_row) == ("per row", expected_why)
        assert verify_chain(session, org.ctx).ok

    @pytest.mark.usefixtures("deferrable")
    def test_after_load_check_finds_a_dangling_reference(self, session: Session, org: OrgFixture) -> None:
        config = SynthConfig(org_id=org.id, claims=100, as_of=AS_OF, seed=9)
        load(session, config, foreign_keys=ForeignKeys.after_load)
        table = Base.metadata.tables["claim_lines"]
        names = ["claims", "claim_lines", "payment_adjustments"]
        assert repository.foreign_key_violations(session, org.id, names) == []
        bad = rows(session, "claim_lines", org.id)[0] | {"id": uuid.uuid4(), "claim_id": uuid.uuid4()}
        repository.set_replication_role(session, "replica")
        session.execute(insert(table).values(**bad))
        repository.set_replication_role(session, "origin")
        problems = repository.foreign_key_violations(session, org.id, names)
        assert problems == ["1 claim_lines.claim_id rows point at no claims row"]
