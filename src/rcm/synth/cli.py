"""`rcm synth`: generate an org's synthetic data and bulk-load it in one transaction."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime

import typer
from rich.console import Console
from rich.table import Table

from rcm.errors import Conflict
from rcm.synth.generator import SynthConfig
from rcm.synth.loader import ForeignKeys, LoadReport, SynthIntegrityError, ensure_org, load
from rcm.synth.progress import claim_progress

synth_app = typer.Typer(help="Synthetic claims, remittances and denials (no PHI).")


@synth_app.callback(invoke_without_command=True)
def synth(
    claims: int = typer.Option(10_000, "--claims", min=0, help="how many claims to create"),
    seed: int = typer.Option(1, "--seed", min=0, help="same seed, same data"),
    org: str = typer.Option("synthetic", "--org", help="organization slug; created when missing"),
    months: int = typer.Option(12, "--months", min=1, max=120, help="service dates span this many months"),
    history: bool = typer.Option(True, "--history/--no-history", help="adjudication history or fresh drafts"),
    as_of: datetime | None = typer.Option(
        None, "--as-of", formats=["%Y-%m-%d"], help="the data's 'today' (default: today, UTC)"
    ),
    database_url: str | None = typer.Option(None, "--database-url", help="default: RCM_DATABASE_URL"),
    migrate: bool = typer.Option(False, "--migrate", help="apply migrations to the database first"),
    batch: int = typer.Option(10_000, "--batch", min=100, help="claims per COPY round"),
    foreign_keys: ForeignKeys = typer.Option(
        ForeignKeys.auto, "--foreign-keys", help="PostgreSQL: check keys per row, or once after the load"
    ),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
) -> None:
    """Generate and load synthetic data into an organization."""
    from rcm.db import database, make_engine, unit_of_work

    if database_url:
        database.configure(make_engine(database_url))
    if migrate:
        _migrate()
    day = as_of.date() if as_of else datetime.now(UTC).date()
    console = Console()
    started = time.perf_counter()
    try:
        with unit_of_work() as session:
            config = SynthConfig(ensure_org(session, org), claims, day, seed, months, history)
            with claim_progress(claims, enabled=progress, console=console) as advance:
                report = load(
                    session, config, on_progress=advance, batch_claims=batch, foreign_keys=foreign_keys
                )
    except (Conflict, SynthIntegrityError) as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    print_summary(console, report, org, day, time.perf_counter() - started)


def _migrate() -> None:
    from rcm.db import database
    from rcm.migrations import upgrade_to_head

    with database.engine.begin() as connection:
        upgrade_to_head(connection)


def print_summary(console: Console, report: LoadReport, org: str, as_of: date, total_seconds: float) -> None:
    table = Table(title=f"synthetic data loaded into {org} (as of {as_of})")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in report.rows.items():
        table.add_row(name, f"{rows:,}")
    console.print(table)
    rate = report.claims / total_seconds if total_seconds else 0.0
    console.print(
        f"{report.claims:,} claims in {total_seconds:.1f} s (load {report.seconds:.1f} s + commit): "
        f"{rate:,.0f} claims/s; foreign keys checked {report.foreign_keys}"
        + (f" ({report.why_per_row})" if report.why_per_row else "")
    )
    console.print("phases: " + ", ".join(f"{name} {secs:.1f} s" for name, secs in report.phases.items()))
