"""The import loop: stream rows, batch them, one transaction per batch, quarantine what fails.

A batch that fails in the database is retried row by row (each in its own transaction), so one
bad row never costs the others. The same runner serves the API job and the CLI.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from rcm import files, housekeeping
from rcm.auth.permissions import Role
from rcm.db import unit_of_work
from rcm.errors import RcmError
from rcm.imports import service
from rcm.imports.batch import BatchResult, process_batch
from rcm.imports.columns import HeaderMap, ImportField
from rcm.imports.parties import PartyResolver
from rcm.imports.quarantine import QuarantineEntry, QuarantineSink
from rcm.imports.reader import open_csv
from rcm.imports.record import ImportRecord, RowRejected, parse_record, raw_values
from rcm.imports.repository import refresh_statistics
from rcm.imports.rows import ImportSource
from rcm.jobs import service as jobs
from rcm.jobs.models import JobStatus
from rcm.tenancy import AuthContext

BATCH_SIZE = 1000
ANALYZE_FIRST = 5000  # claims created; then at every doubling


@dataclass
class Counts:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0

    def add(self, result: BatchResult) -> None:
        self.created += result.created
        self.updated += result.updated
        self.unchanged += result.unchanged


ProgressFn = Callable[[Counts], None]


@dataclass
class Chunk:
    """Parsed rows of one batch (claim ids unique within it), the refused ones, and the raw cells."""

    records: list[ImportRecord] = field(default_factory=list)
    refused: list[QuarantineEntry] = field(default_factory=list)
    cells: dict[int, list[str]] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.cells)


# A lost or locked database, or a schema the code does not match: no row is to blame, and
# retrying row by row would only quarantine every row. (psycopg's own errors come from COPY.)
SYSTEMIC = frozenset({"OperationalError", "InterfaceError", "ProgrammingError", "InternalError"})
# A batch whose rows all fail again one by one has a systemic problem too.
ALL_FAILED_STOPS = 5


class ImportStopped(RcmError):
    """The database refused the import itself, not a row of it; the committed batches stay."""

    status_code = 503


def _systemic(exc: Exception) -> bool:
    return any(cls.__name__ in SYSTEMIC for cls in type(exc).__mro__)


def _entry(row: int, cells: list[str], header: HeaderMap, exc: RowRejected, claim_id: str) -> QuarantineEntry:
    return QuarantineEntry(row, exc.code, exc.reason, exc.column, claim_id, raw_values(cells, header))


class ClaimImporter:
    def __init__(
        self,
        ctx: AuthContext,
        source: ImportSource,
        *,
        batch_size: int = BATCH_SIZE,
        on_progress: ProgressFn | None = None,
    ) -> None:
        self.ctx, self.source, self.batch_size = ctx, source, batch_size
        self.on_progress = on_progress or (lambda _counts: None)
        self.resolver = PartyResolver(ctx)
        self.sink = QuarantineSink()
        self.counts = Counts()
        self.header: HeaderMap | None = None
        self.analyze_at = ANALYZE_FIRST

    def run(self, stream: BinaryIO) -> dict[str, Any]:
        """Import every row of `stream`; returns the job result (counts, quarantine file, header map)."""
        started = time.perf_counter()
        csv_source = open_csv(stream, self.source.filename)
        self.header = csv_source.header
        with unit_of_work() as session:
            self.resolver.load(session)
        try:
            with housekeeping.fewer_collections():
                for chunk in self._chunks(csv_source.rows, csv_source.header):
                    self._run(chunk, csv_source.header)
                    self.counts.rows += len(chunk)
                    self.on_progress(self.counts)
            key = self.sink.store(self.ctx.org_id, f"import-{self.source.job_id}-quarantine.jsonl")
        finally:
            self.sink.close()
        seconds = time.perf_counter() - started
        return self._result(key, csv_source.delimiter, csv_source.encoding, seconds)

    def _chunks(self, rows: Iterator[tuple[int, list[str]]], header: HeaderMap) -> Iterator[Chunk]:
        chunk = Chunk()
        for row, cells in rows:
            try:
                rec = parse_record(row, cells, header)
            except RowRejected as exc:
                position = header.positions[ImportField.external_claim_id]
                claim_id = cells[position].strip()[:64] if position < len(cells) else ""
                chunk.refused.append(_entry(row, cells, header, exc, claim_id))
                chunk.cells[row] = cells
                continue
            # A claim id seen again in the same batch starts a new one: the second row updates the first.
            if rec.external_claim_id in chunk.keys or len(chunk.records) >= self.batch_size:
                yield chunk
                chunk = Chunk()
            chunk.records.append(rec)
            chunk.keys.add(rec.external_claim_id)
            chunk.cells[row] = cells
        if len(chunk):
            yield chunk

    def _run(self, chunk: Chunk, header: HeaderMap) -> None:
        refused = list(chunk.refused)
        for rec, exc in self._commit(chunk.records, header):
            refused.append(_entry(rec.row, chunk.cells[rec.row], header, exc, rec.external_claim_id))
        refused.sort(key=lambda e: e.row)
        self.sink.add(refused)
        self.counts.quarantined += len(refused)

    def _commit(
        self, records: list[ImportRecord], header: HeaderMap
    ) -> list[tuple[ImportRecord, RowRejected]]:
        if not records:
            return []
        try:
            with unit_of_work() as session:
                result = process_batch(session, self.ctx, self.source, self.resolver, records)
        except Exception as exc:
            self.resolver.discard()
            return self._retry(records, header, exc)
        self.resolver.commit()
        self.counts.add(result)
        if self.counts.created >= self.analyze_at:
            self.analyze_at *= 2
            with unit_of_work() as session:
                refresh_statistics(session)
        return result.rejected

    def _retry(
        self, records: list[ImportRecord], header: HeaderMap, exc: Exception
    ) -> list[tuple[ImportRecord, RowRejected]]:
        """Each row of a failed batch on its own; a row that fails alone is quarantined."""
        if _systemic(exc):
            raise self._stopped(exc) from exc
        if len(records) == 1:
            return [
                (records[0], RowRejected("database_error", f"refused by the database: {_first_line(exc)}"))
            ]
        failed = [f for rec in records for f in self._commit([rec], header)]
        if len(failed) == len(records) >= ALL_FAILED_STOPS:
            raise self._stopped(exc) from exc
        return failed

    def _stopped(self, exc: Exception) -> ImportStopped:
        return ImportStopped(
            f"the import stopped after {self.counts.rows} rows: {_first_line(exc)}",
            rows_done=self.counts.rows,
        )

    def _result(self, key: str | None, delimiter: str, encoding: str, seconds: float) -> dict[str, Any]:
        assert self.header is not None
        c = self.counts
        return {
            "file": self.source.filename,
            "rows": c.rows,
            "created": c.created,
            "updated": c.updated,
            "unchanged": c.unchanged,
            "quarantined": c.quarantined,
            "quarantine_file": key,
            "quarantine_reasons": dict(self.sink.by_code.most_common()),
            "quarantine_sample": self.sink.sample,
            "headers": self.header.headers,
            **self.header.as_dict(),
            "delimiter": delimiter,
            "encoding": encoding,
            "seconds": round(seconds, 3),
            "rows_per_second": round(c.rows / seconds) if seconds else None,
        }


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return (text.splitlines() or [type(exc).__name__])[0][:300]


def execute_import(
    ctx: AuthContext,
    job_id: uuid.UUID,
    filename: str,
    stream: BinaryIO,
    on_progress: ProgressFn | None = None,
    *,
    batch_size: int = BATCH_SIZE,
) -> dict[str, Any]:
    """Run an import for its job record: running, progress per batch, then succeeded or failed."""
    system = AuthContext.system(ctx.org_id)

    def progress(counts: Counts) -> None:
        jobs.report_progress(system, job_id, progress=counts.rows)
        if on_progress is not None:
            on_progress(counts)

    jobs.report_progress(system, job_id, status=JobStatus.running)
    importer = ClaimImporter(ctx, ImportSource(filename, job_id), batch_size=batch_size, on_progress=progress)
    try:
        result = importer.run(stream)
    except RcmError as exc:
        jobs.report_progress(system, job_id, status=JobStatus.failed, error=exc.detail, result=exc.to_dict())
        raise
    except Exception as exc:
        jobs.report_progress(
            system, job_id, status=JobStatus.failed, error=f"import stopped: {_first_line(exc)}"
        )
        raise
    with unit_of_work() as session:
        service.record_finished(session, ctx, job_id, result)
    jobs.report_progress(system, job_id, status=JobStatus.succeeded, result=result)
    return result


def run_import_job(org_id: uuid.UUID, job_id: uuid.UUID) -> dict[str, Any]:
    """The `imports.claims` job: the stored upload, imported as the user who uploaded it."""
    with unit_of_work() as session:
        job = jobs.get_job(session, AuthContext.system(org_id), job_id)
        status, params, result = job.status, dict(job.params), dict(job.result)
    if status in (JobStatus.succeeded, JobStatus.failed):
        return result  # a redelivered job: it already ran
    ctx = AuthContext(
        org_id, uuid.UUID(params["user_id"]) if params.get("user_id") else None, Role(params["role"])
    )
    try:
        path = files.path_of(params["file_key"])
    except RcmError as exc:
        jobs.report_progress(AuthContext.system(org_id), job_id, status=JobStatus.failed, error=exc.detail)
        return exc.to_dict()
    with path.open("rb") as stream:
        try:
            return execute_import(ctx, job_id, params["filename"], stream)
        except RcmError as exc:
            return exc.to_dict()
