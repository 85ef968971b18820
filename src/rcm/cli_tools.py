"""`rcm edi ...` and `rcm era ...`: X12 files from the command line, with clear exit codes.

Exit codes: 0 ok, 1 the input is invalid or a file failed, 2 the input could not be read at all.
"""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from rcm.db import unit_of_work
from rcm.edi.errors import X12Error
from rcm.errors import NotFound, RcmError
from rcm.orgs import service as orgs
from rcm.tenancy import AuthContext

edi_app = typer.Typer(help="Parse, validate and build X12 files", no_args_is_help=True)
era_app = typer.Typer(help="Post ERA 835 remittances", no_args_is_help=True)
console = Console(stderr=True)


def org_context(slug: str) -> AuthContext:
    with unit_of_work() as session:
        org = orgs.find_by_slug(session, slug)
        if org is None:
            raise NotFound(f"no organization with slug {slug!r}")
        return AuthContext.system(org.id)


def _fail(message: str, code: int) -> None:
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(code)


@edi_app.command("parse")
def edi_parse(
    file: Path, lenient: bool = typer.Option(False, help="record envelope count mismatches")
) -> None:
    """Print a JSON summary of an X12 file (claims, amounts, reversals, acknowledgments)."""
    from rcm.edi.summary import summarize

    if not file.is_file():
        _fail(f"{file} is not a file", 2)
    try:
        summary = summarize(file, strict=not lenient)
    except X12Error as exc:
        _fail(exc.detail, 1)
    typer.echo(json.dumps(summary, indent=2, default=str))


@edi_app.command("validate")
def edi_validate(file: Path) -> None:
    """Validate against the implementation guide with pyx12 (exit 1 on any error)."""
    from rcm.edi.validation import validate_x12

    if not file.is_file():
        _fail(f"{file} is not a file", 2)
    try:
        result = validate_x12(file)
    except X12Error as exc:
        _fail(exc.detail, 2)
    typer.echo(json.dumps({"valid": result.valid, "errors": result.errors}, indent=2))
    raise typer.Exit(0 if result.valid else 1)


@edi_app.command("build-837")
def edi_build_837(
    claims: str = typer.Option(..., help="comma-separated claim ids"),
    org: str = typer.Option("demo", help="organization slug"),
    out: Path | None = typer.Option(None, help="write here instead of stdout"),
) -> None:
    """Build the 837 for claims without submitting them (test control numbers, ISA15=T)."""
    from rcm.batches import service as batches

    try:
        ids = [uuid.UUID(c.strip()) for c in claims.split(",") if c.strip()]
        ctx = org_context(org)
        with unit_of_work() as session:
            texts = batches.preview_837(session, ctx, ids)
    except ValueError as exc:
        _fail(f"not a claim id: {exc}", 2)
    except RcmError as exc:
        _fail(exc.detail, 1)
    text = "\n".join(texts)
    if out:
        out.write_text(text)
        console.print(f"wrote {out}")
    else:
        sys.stdout.write(text + "\n")


def _era_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
    return [path] if path.is_file() else []


def _post_one(ctx: AuthContext, path: Path, dry_run: bool) -> dict[str, Any]:
    from rcm.payments import eras

    with unit_of_work() as session:
        content = path.read_bytes()
        if dry_run:
            summary = eras.dry_run(session, ctx, content)
            return {"file": path.name, "status": "dry run", "summary": summary, "error": None}
        result = eras.post_file(session, ctx, path.name, content, source="cli")
        return {
            "file": path.name,
            "status": "duplicate" if result.duplicate else result.batch.status.value,
            "summary": result.summary,
            "error": result.error.detail if result.error else None,
        }


@era_app.command("post")
def era_post(
    path: Path,
    org: str = typer.Option("demo", help="organization slug"),
    dry_run: bool = typer.Option(False, "--dry-run", help="report only; change nothing"),
) -> None:
    """Post an 835 file, or every file of a directory (each in its own transaction)."""
    import rcm.flows  # noqa: F401  (registers the 835 handler)

    files = _era_files(path)
    if not files:
        _fail(f"no files at {path}", 2)
    ctx = org_context(org)
    results = []
    with Progress(console=console) as progress:
        task = progress.add_task("posting", total=len(files))
        for file in files:
            try:
                results.append(_post_one(ctx, file, dry_run))
            except X12Error as exc:
                results.append({"file": file.name, "status": "failed", "summary": {}, "error": exc.detail})
            progress.advance(task)
    _print_results(results)
    raise typer.Exit(1 if any(r["status"] == "failed" for r in results) else 0)


def _print_results(results: list[dict[str, Any]]) -> None:
    table = Table("file", "status", "claims", "matched", "unmatched", "paid", "note")
    for r in results:
        rems = r["summary"].get("remittances", [])
        table.add_row(
            r["file"],
            r["status"],
            str(sum(x["claims"] for x in rems)),
            str(sum(x["matched"] for x in rems)),
            str(sum(x["unmatched"] for x in rems)),
            f"{sum(x['paid_cents'] for x in rems) / 100:,.2f}",
            r["error"] or "",
        )
    console.print(table)
    typer.echo(json.dumps(results, indent=2, default=str))


codesets_app = typer.Typer(help="Load reference code sets (operator)", no_args_is_help=True)


def _load_code_set(kind: str, loader: Any, *args: Any) -> None:
    try:
        with unit_of_work() as session:
            rows = loader(session, *args)
    except (RcmError, OSError) as exc:
        _fail(getattr(exc, "detail", str(exc)), 1)
    console.print(f"loaded {rows:,} {kind} rows")


@codesets_app.command("load-ncci")
def load_ncci(file: Path) -> None:
    """Replace the NCCI procedure-to-procedure pairs with a CMS quarterly PTP file (tab separated)."""
    from rcm.scrubbing import admin

    _load_code_set("NCCI", admin.load_ncci, file)


@codesets_app.command("load-mue")
def load_mue(
    file: Path, effective: str = typer.Option("", help="YYYY-MM-DD the file is effective from")
) -> None:
    """Replace the MUE limits with a CMS quarterly MUE file."""
    from datetime import date

    from rcm.scrubbing import admin

    _load_code_set("MUE", admin.load_mue, file, date.fromisoformat(effective) if effective else None)


@codesets_app.command("load-hcpcs")
def load_hcpcs(file: Path) -> None:
    """Replace the HCPCS Level II codes with the CMS quarterly ANWEB text file."""
    from rcm.scrubbing import admin

    _load_code_set("HCPCS", admin.load_hcpcs, file)


@codesets_app.command("load-cpt")
def load_cpt(file: Path, licensed: bool = typer.Option(False, "--i-have-an-ama-license")) -> None:
    """Load CPT codes (codes only) from your licensed AMA file; descriptors are never stored."""
    from rcm.scrubbing import admin

    if not licensed:
        _fail("CPT is AMA-copyrighted: confirm your license with --i-have-an-ama-license", 2)
    _load_code_set("CPT", admin.load_cpt, file)


@codesets_app.command("load-icd10")
def load_icd10(
    file: Path, effective_from: str = typer.Option(..., help="e.g. 2026-10-01 for FY2027")
) -> None:
    """Add a CDC ICD-10-CM codes file (or CMS order file) as a release valid from a date."""
    from datetime import date

    from rcm.scrubbing import admin

    _load_code_set("ICD-10-CM", admin.load_icd10, file, date.fromisoformat(effective_from))
