"""`rcm export claims --org SLUG --out FILE`: the claims CSV the importer reads back."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console

from rcm.claims.state_machine import ClaimStatus
from rcm.cli_tools import org_context
from rcm.db import unit_of_work
from rcm.errors import RcmError
from rcm.exports import service
from rcm.exports.schemas import ClaimExportFilters

export_app = typer.Typer(help="Export claims as CSV", no_args_is_help=True)
console = Console(stderr=True)


@export_app.command("claims")
def export_claims(
    org: str = typer.Option(..., "--org", help="organization slug"),
    out: Path = typer.Option(..., "--out", help="the CSV file to write"),
    status: list[ClaimStatus] | None = typer.Option(None, "--status", help="repeat for several"),
    payer_id: str | None = typer.Option(None, "--payer-id"),
    service_from: datetime | None = typer.Option(None, "--service-from", formats=["%Y-%m-%d"]),
    service_to: datetime | None = typer.Option(None, "--service-to", formats=["%Y-%m-%d"]),
) -> None:
    """Write the organization's claims (filtered) as CSV, one row per claim."""
    try:
        filters = ClaimExportFilters(
            status or None,
            uuid.UUID(payer_id) if payer_id else None,
            service_from.date() if service_from else None,
            service_to.date() if service_to else None,
        )
        ctx = org_context(org)
        with unit_of_work() as session, out.open("w", newline="", encoding="utf-8") as handle:
            written = service.write_claims_csv(session, ctx, filters, handle)
    except ValueError as exc:
        console.print(f"[red]error:[/red] not a payer id: {exc}")
        raise typer.Exit(2) from exc
    except RcmError as exc:
        console.print(f"[red]error:[/red] {exc.detail}")
        raise typer.Exit(2) from exc
    console.print(f"wrote {written} claims to {out}")
