"""`rcm import claims` and `rcm export claims` with CliRunner on the test database: exit codes."""

from __future__ import annotations

from pathlib import Path

import typer
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from rcm.exports.cli import export_app
from rcm.imports.cli import import_app
from rcm.orgs import service as orgs
from rcm.providers.models import Provider
from tests.factories import OrgFixture
from tests.imports.conftest import claims_of, csv_text, row


def run(*args: str) -> tuple[int, str]:
    app = typer.Typer()
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
    result = CliRunner().invoke(app, list(args))
    failure = (
        "" if result.exception is None or isinstance(result.exception, SystemExit) else repr(result.exception)
    )
    return result.exit_code, result.output + failure


def _slug(session: Session, org: OrgFixture) -> str:
    slug = orgs.get_organization(session, org.ctx).slug
    session.commit()
    return slug


class TestImportCommand:
    def test_exit_0_when_every_row_imports(
        self, session: Session, org: OrgFixture, billing: Provider, tmp_path: Path
    ) -> None:
        file = tmp_path / "ar.csv"
        file.write_text(csv_text([row("A1"), row("A2")]))
        code, output = run("import", "claims", str(file), "--org", _slug(session, org), "--no-progress")
        assert code == 0, output
        assert "created" in output and set(claims_of(session, org)) == {"A1", "A2"}

    def test_exit_1_when_rows_are_quarantined_and_they_are_written_out(
        self, session: Session, org: OrgFixture, billing: Provider, tmp_path: Path
    ) -> None:
        file, out = tmp_path / "ar.csv", tmp_path / "quarantine.csv"
        file.write_text(csv_text([row("A1"), row("A2", DOS="someday")]))
        slug = _slug(session, org)
        code, output = run("import", "claims", str(file), "--org", slug, "--quarantine-out", str(out))
        assert code == 1, output
        assert "row 3: DOS: not a date: 'someday'" in output
        assert out.read_text().splitlines()[1].startswith('3,"DOS: not a date')
        assert set(claims_of(session, org)) == {"A1"}

    def test_exit_2_when_the_file_is_unreadable(
        self, session: Session, org: OrgFixture, tmp_path: Path
    ) -> None:
        file = tmp_path / "ar.csv"
        file.write_text("Patient,Billed\nDoe,1.00\n")
        slug = _slug(session, org)
        code, output = run("import", "claims", str(file), "--org", slug)
        assert code == 2 and "no claim id column" in output
        assert run("import", "claims", str(tmp_path / "missing.csv"), "--org", slug)[0] == 2
        assert run("import", "claims", str(file), "--org", "no-such-org")[0] == 2


def test_export_command_writes_what_import_reads(
    session: Session, org: OrgFixture, billing: Provider, tmp_path: Path
) -> None:
    source = tmp_path / "ar.csv"
    source.write_text(csv_text([row("A1", Status="Paid", Paid="150.00"), row("A2")]))
    slug = _slug(session, org)
    assert run("import", "claims", str(source), "--org", slug, "--no-progress")[0] == 0
    out = tmp_path / "export.csv"
    code, output = run("export", "claims", "--org", slug, "--out", str(out), "--status", "Paid")
    assert code == 0 and "wrote 1 claims" in output, output
    lines = out.read_text().splitlines()
    assert len(lines) == 2 and lines[1].startswith("A1,A1,ACC-1,Doe,Jane,1970-03-04,U,Acme Health,ACME1,M123")
    code, _ = run("import", "claims", str(out), "--org", slug, "--no-progress")
    assert code == 0
