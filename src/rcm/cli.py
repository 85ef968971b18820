"""The `rcm` command line: migrate, seed the demo, serve the API, and the bulk tools."""

from __future__ import annotations

import typer

from rcm.cli_tools import codesets_app, edi_app, era_app
from rcm.exports.cli import export_app
from rcm.imports.cli import import_app
from rcm.logging_setup import configure_logging
from rcm.synth.cli import synth_app

app = typer.Typer(help="RCM engine command line", no_args_is_help=True, pretty_exceptions_enable=False)
app.add_typer(edi_app, name="edi")
app.add_typer(era_app, name="era")
app.add_typer(codesets_app, name="codesets")
app.add_typer(synth_app, name="synth")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")


@app.command()
def migrate() -> None:
    """Apply database migrations (SQLite or PostgreSQL, from RCM_DATABASE_URL)."""
    from rcm.migrations import upgrade_to_head

    upgrade_to_head()
    typer.echo("database is at the latest migration")


@app.command("seed-demo")
def seed_demo(claims: int = typer.Option(300, help="how many demo claims to create")) -> None:
    """Create the demo organization, one user per role, payers, providers, patients and claims."""
    from rcm.demo import seed

    created, users = seed(claims=claims)
    if not created:
        typer.echo("demo organization already present; its users:")
    typer.echo("demo users (e-mail / password):")
    for email, password, role in users:
        typer.echo(f"  {role:<16} {email:<34} {password}")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1"), port: int = typer.Option(8000), reload: bool = False
) -> None:
    """Serve the API (docs at /docs, dashboard at /)."""
    import uvicorn

    configure_logging()
    typer.echo(f"RCM engine on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    uvicorn.run("rcm.app:create_app", factory=True, host=host, port=port, reload=reload, log_config=None)


def main() -> None:
    from rcm.jobs.registry import load_all_tasks

    load_all_tasks()  # every command may enqueue jobs (submission sends, batch posting)
    app()


if __name__ == "__main__":
    main()
