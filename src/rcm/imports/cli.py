"""`rcm import claims FILE --org SLUG`: the API's import, run in this process with a progress bar.

Exit codes: 0 every row imported (created, updated or unchanged); 1 some rows were quarantined
(the rest is imported; see the summary and `--quarantine-out`); 2 the file or organization could
not be read at all (nothing imported), or the import stopped on a database failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rcm import files
from rcm.cli_tools import org_context
from rcm.db import unit_of_work
from rcm.errors import RcmError
from rcm.imports import service
from rcm.imports.quarantine import entries_from, render_csv
from rcm.imports.reader import count_rows
from rcm.imports.runner import Counts, execute_import
from rcm.tenancy import AuthContext

import_app = typer.Typer(help="Import claims from CSV exports", no_args_is_help=True)
console = Console(stderr=True)


def _fail(message: str, code: int) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[Callable[[Counts], None]]:
    if not enabled:
        yield lambda _counts: None
        return
    columns = (TextColumn("[bold]rows"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[note]}"))  # fmt: skip
    with Progress(*columns, console=console, refresh_per_second=4) as progress:
        task = progress.add_task("import", total=total or None, note="")

        def update(counts: Counts) -> None:
            note = f"{counts.created} new, {counts.updated} updated, {counts.quarantined} quarantined"
            progress.update(task, completed=counts.rows, note=note)

        yield update


def _summary(result: dict[str, Any]) -> None:
    table = Table("rows", "created", "updated", "unchanged", "quarantined", "rows/s", title=result["file"])
    table.add_row(*(str(result[k]) for k in ("rows", "created", "updated", "unchanged", "quarantined")),
                  str(result["rows_per_second"]))  # fmt: skip
    console.print(table)
    if result["quarantine_reasons"]:
        reasons = Table("reason", "rows", title="quarantined")
        for code, count in result["quarantine_reasons"].items():
            reasons.add_row(code, str(count))
        console.print(reasons)
        for sample in result["quarantine_sample"][:10]:
            console.print(f"  row {sample['row']}: {sample['reason']}")
    if result["ignored_columns"]:
        console.print(f"ignored columns: {', '.join(result['ignored_columns'])}")


def _run(ctx: AuthContext, file: Path, progress: bool) -> dict[str, Any]:
    with file.open("rb") as stream:
        total = count_rows(stream)
    with unit_of_work() as session:
        job_id = service.register_local_import(session, ctx, file.name, total).id
    with _progress(total, progress) as update, file.open("rb") as stream:
        return execute_import(ctx, job_id, file.name, stream, on_progress=update)


@import_app.command("claims")
def import_claims(
    file: Path,
    org: str = typer.Option(..., "--org", help="organization slug"),
    quarantine_out: Path | None = typer.Option(None, "--quarantine-out", help="write quarantined rows here"),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
) -> None:
    """Import a claims CSV: new claim ids create claims, known ones update them; bad rows are
    quarantined (exit 1), an unreadable file imports nothing (exit 2)."""
    if not file.is_file():
        _fail(f"{file} is not a file", 2)
    try:
        result = _run(org_context(org), file, progress)
    except RcmError as exc:
        _fail(exc.detail, 2)
    _summary(result)
    if quarantine_out is not None and result["quarantine_file"]:
        content = files.read(result["quarantine_file"])
        with quarantine_out.open("w", newline="", encoding="utf-8") as out:
            out.writelines(render_csv(entries_from(content), result["headers"]))
        console.print(f"quarantined rows written to {quarantine_out}")
    raise typer.Exit(1 if result["quarantined"] else 0)
