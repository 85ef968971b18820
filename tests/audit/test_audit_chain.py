"""The audit chain: every claim change appended, linked by hash; tampering and deletion detected."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.audit.hashing import GENESIS_HASH
from rcm.audit.models import AuditEvent
from rcm.audit.repository import AuditRepository
from tests.factories import OrgFixture, make_claim


def _chain(session: Session, org: OrgFixture) -> list[AuditEvent]:
    return list(AuditRepository(session, org.ctx).stream_chain())


def _disable_guard(session: Session) -> None:
    """What an attacker with DDL rights would do first; the chain must still tell."""
    if session.bind.dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_events_no_update"))
        session.execute(text("DROP TRIGGER audit_events_no_delete"))


class TestChain:
    def test_events_link_to_the_previous_hash_per_org(
        self, session: Session, org: OrgFixture, other_org: OrgFixture
    ) -> None:
        make_claim(session, org)
        make_claim(session, other_org)
        session.flush()
        for fixture in (org, other_org):
            chain = _chain(session, fixture)
            assert [e.seq for e in chain] == list(range(1, len(chain) + 1))
            assert chain[0].prev_hash == GENESIS_HASH
            assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(chain))
        assert audit.verify_chain(session, org.ctx).ok

    def test_verify_endpoint_reports_ok(self, session: Session, org: OrgFixture, as_role: Callable) -> None:
        make_claim(session, org)
        session.commit()
        report = as_role("practice_admin").get("/audit/verify").json()
        assert report["ok"] is True
        # organization, payer, patient, coverage, two providers, the claim
        assert report["events_checked"] == 7


class TestTampering:
    def test_database_refuses_update_and_delete(self, session: Session, org: OrgFixture) -> None:
        make_claim(session, org)
        session.flush()
        for statement in ("UPDATE audit_events SET reason = 'x'", "DELETE FROM audit_events"):
            nested = session.begin_nested()
            with pytest.raises(DatabaseError, match="append-only"):
                session.execute(text(statement))
            nested.rollback()

    def test_altered_row_is_reported_at_its_seq(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        make_claim(session, org)
        session.flush()
        target = _chain(session, org)[3]
        _disable_guard(session)
        session.execute(
            text("UPDATE audit_events SET reason = 'nothing to see' WHERE id = :id"),
            {"id": target.id if session.bind.dialect.name == "postgresql" else target.id.hex},
        )
        session.commit()
        session.expire_all()
        report = as_role("practice_admin").get("/audit/verify").json()
        assert report == {
            "ok": False,
            "events_checked": 3,
            "broken_at_seq": 4,
            "broken_event_id": str(target.id),
            "problem": "event content does not match its hash (the row was altered)",
        }

    def test_deleted_row_is_reported_as_a_gap(self, session: Session, org: OrgFixture) -> None:
        make_claim(session, org)
        session.flush()
        target = _chain(session, org)[2]
        _disable_guard(session)
        session.execute(
            text("DELETE FROM audit_events WHERE id = :id"),
            {"id": target.id if session.bind.dialect.name == "postgresql" else target.id.hex},
        )
        session.expire_all()
        report = audit.verify_chain(session, org.ctx)
        assert not report.ok and report.broken_at_seq == 4 and "sequence gap" in (report.problem or "")

    def test_deleted_tail_is_reported(self, session: Session, org: OrgFixture) -> None:
        make_claim(session, org)
        session.flush()
        last = _chain(session, org)[-1]
        _disable_guard(session)
        session.execute(
            text("DELETE FROM audit_events WHERE id = :id"),
            {"id": last.id if session.bind.dialect.name == "postgresql" else last.id.hex},
        )
        session.expire_all()
        report = audit.verify_chain(session, org.ctx)
        assert not report.ok and "tail deleted" in (report.problem or "")


def test_claim_change_records_actor_reason_and_diff(
    session: Session, org: OrgFixture, as_role: Callable
) -> None:
    claim = make_claim(session, org)
    session.commit()
    manager = as_role("billing_manager")
    manager.post(f"/claims/{claim.id}/void", json={"reason": "entered twice"})
    events = AuditRepository(session, org.ctx).for_entity("claim", claim.id)
    last = events[-1]
    assert last.action == "claim.cancel"
    assert last.actor_role == "billing_manager" and last.actor_id is not None
    assert last.changes == {"status": ["Draft", "Voided"]}
    assert last.reason == "entered twice"
