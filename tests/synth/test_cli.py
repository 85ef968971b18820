"""`rcm synth` mounted into a Typer app, run with CliRunner on the test database."""

from __future__ import annotations

import uuid

import typer
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcm.audit.service import verify_chain
from rcm.claims.models import Claim
from rcm.orgs import service as orgs
from rcm.synth.cli import synth_app
from rcm.tenancy import AuthContext


def cli() -> typer.Typer:
    app = typer.Typer()
    app.add_typer(synth_app, name="synth")
    return app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli(), ["synth", *args, "--as-of", "2026-11-01", "--no-progress"])
    failure = "" if result.exception is None or result.exit_code == 1 else repr(result.exception)
    return result.exit_code, result.output + failure


class TestSynthCommand:
    def test_creates_the_org_and_loads_claims_with_a_summary(self, session: Session) -> None:
        slug = f"synth-{uuid.uuid4().hex[:8]}"
        code, output = run("--claims", "150", "--seed", "11", "--org", slug, "--months", "6")
        assert code == 0, output
        org = orgs.find_by_slug(session, slug)
        assert org is not None
        total = session.scalar(select(func.count()).select_from(Claim).where(Claim.org_id == org.id))
        assert total == 150
        assert "claims/s" in output and "claim_lines" in output
        assert verify_chain(session, AuthContext.system(org.id)).ok

    def test_refuses_to_load_the_same_seed_twice(self, session: Session) -> None:
        slug = f"synth-{uuid.uuid4().hex[:8]}"
        assert run("--claims", "20", "--seed", "12", "--org", slug)[0] == 0
        code, output = run("--claims", "20", "--seed", "12", "--org", slug)
        assert code == 1 and "already loaded" in output

    def test_without_history_claims_are_drafts(self, session: Session) -> None:
        slug = f"synth-{uuid.uuid4().hex[:8]}"
        assert run("--claims", "30", "--seed", "13", "--org", slug, "--no-history")[0] == 0
        org = orgs.find_by_slug(session, slug)
        assert org is not None
        statuses = set(session.scalars(select(Claim.status).where(Claim.org_id == org.id)))
        assert statuses == {"Draft"}
