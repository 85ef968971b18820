"""Bulk-load a generated org into the database, inside the caller's transaction.

PostgreSQL gets binary COPY on the session's own connection, SQLite executemany; both write the
same rows in foreign-key order, batch by batch, plus one audit event per created record chained
onto the org's audit log. The caller commits (the CLI does; tests roll back).
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session

import rcm.models  # noqa: F401  (every table in the metadata)
from rcm.db import Base, utcnow
from rcm.errors import Conflict
from rcm.orgs import service as orgs
from rcm.synth import repository
from rcm.synth.audit_chain import AUDIT_FIELDS, ChainAppender
from rcm.synth.generator import SynthConfig, generate
from rcm.synth.pipeline import BackgroundWriter, InlineWriter, Part
from rcm.synth.rows import CLAIM_EVENTS, FIELDS, TABLES, Batch, Row, merge, new_batch
from rcm.synth.seeding import IdMint
from rcm.synth.writers import CopyWriter, RowWriter, SynthSchemaError, writer_for
from rcm.tenancy import AuthContext


class SeedAlreadyLoaded(Conflict):
    """409: this org already holds the claims of this seed (control numbers would collide)."""


class SynthIntegrityError(RuntimeError):
    """The after-load foreign-key check found dangling references: the load must be rolled back."""


class ForeignKeys(StrEnum):
    """How foreign keys are checked on PostgreSQL: by the per-row triggers, or once, set-based, after."""

    per_row = "per-row"
    after_load = "after-load"
    auto = "auto"  # after-load when the role may, else per-row


@dataclass(frozen=True, slots=True)
class LoadReport:
    org_id: uuid.UUID
    claims: int
    rows: dict[str, int]
    audit_events: int
    seconds: float
    foreign_keys: str = "per row"  # or "after the load for N of M tables"
    why_per_row: str = ""  # which tables kept per-row checks, and why
    phases: dict[str, float] = field(default_factory=dict)  # seconds per phase of the load
    copy_seconds: dict[str, float] = field(default_factory=dict)  # PostgreSQL: COPY wall time per table

    @property
    def claims_per_second(self) -> float:
        return self.claims / self.seconds if self.seconds else 0.0


def ensure_org(session: Session, slug: str, name: str | None = None) -> uuid.UUID:
    """The org with this slug, created (with its audit chain) if it does not exist yet."""
    found = orgs.find_by_slug(session, slug)
    if found is not None:
        return found.id
    return orgs.create_organization(session, name=name or f"Synthetic practice {slug}", slug=slug).id


# Tables that keep per-row checks go out in bigger COPYs: their own statement-level triggers (KPI
# rollups, derived claim columns) cost per statement. Their parents are either written earlier or
# in the same round before them; children in unchecked tables are only checked after the load.
HOLD_CLAIMS = 100_000


def load(
    session: Session,
    config: SynthConfig,
    *,
    on_progress: Callable[[int], None] | None = None,
    batch_claims: int = 10_000,
    foreign_keys: ForeignKeys = ForeignKeys.auto,
    hold_claims: int = HOLD_CLAIMS,
) -> LoadReport:
    """Generate and write `config`'s org data in the session's transaction (the caller commits)."""
    clock = _Clock()
    prefix = config.tag + "-"
    config = _prepare(session, config, prefix)
    ids = IdMint(config.seed, config.org_id, "audit", time.time_ns())
    chain = ChainAppender(
        session, AuthContext.system(config.org_id), ids,
        reason=f"rcm synth --seed {config.seed} --claims {config.claims}", source=f"synth:{config.tag}",
    )  # fmt: skip
    tables, writer = _tables(), writer_for(session)
    deferred, why_per_row = _prepare_writer(session, writer, tables, foreign_keys)
    with (BackgroundWriter if isinstance(writer, CopyWriter) else InlineWriter)(writer, on_progress) as sink:
        counts = _write_all(
            sink, tables, chain, _rebatch(generate(config), batch_claims), deferred, hold_claims
        )
        sink.submit([(tables["audit_events"], AUDIT_FIELDS, [_summary_event(chain, config, counts)])], 0)
    counts["audit_events"] += 1
    clock.lap("write")
    if deferred:
        _check_foreign_keys_after_load(session, config.org_id, deferred)
        clock.lap("foreign_key_check")
    chain.finish(session)
    counts["linked_secondary_claims"] = repository.link_next_payer_claims(session, config.org_id, prefix)
    clock.lap("link_secondary")
    keys = f"after the load for {len(deferred)} of {len(tables)} tables" if deferred else "per row"
    copies = dict(writer.seconds) if isinstance(writer, CopyWriter) else {}
    return LoadReport(
        config.org_id, counts["claims"], dict(counts), chain.appended, clock.total,
        foreign_keys=keys, why_per_row=why_per_row, phases=clock.laps, copy_seconds=copies,
    )  # fmt: skip


def _prepare_writer(
    session: Session, writer: RowWriter, tables: dict[str, Table], mode: ForeignKeys
) -> tuple[list[str], str]:
    """Plan every table's writes; on PostgreSQL, pick the tables whose keys are checked after the load."""
    for name, table in tables.items():
        writer.prepare(table, AUDIT_FIELDS if name == "audit_events" else FIELDS[name])
    if not isinstance(writer, CopyWriter):
        return [], ""
    deferred, why_per_row = _unchecked_tables(session, list(tables), mode)
    writer.unchecked = frozenset(deferred)
    return deferred, why_per_row


class _Clock:
    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name], self.last = now - self.last, now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.started


def _prepare(session: Session, config: SynthConfig, prefix: str) -> SynthConfig:
    """Refuse a seed already loaded; reuse the org's payers; flush so the org row exists for COPY."""
    if repository.has_claims_numbered(session, config.org_id, prefix):
        raise SeedAlreadyLoaded(
            f"seed {config.seed} is already loaded into this organization; use another seed", seed=config.seed
        )
    existing = repository.payer_ids_by_code(session, config.org_id)
    session.flush()
    return replace(config, existing_payers=tuple(sorted(existing.items())))


def _unchecked_tables(session: Session, names: list[str], mode: ForeignKeys) -> tuple[list[str], str]:
    """The tables whose keys are checked after the load instead of per row, and why the others are not.

    A table keeps its per-row checks when one of its INSERT triggers would be skipped with them.
    """
    if mode is ForeignKeys.per_row:
        return [], "asked for"
    if not repository.may_skip_row_triggers(session):
        if mode is ForeignKeys.after_load:
            raise SynthIntegrityError("the database role may not set session_replication_role")
        return [], "the database role may not set session_replication_role"
    triggered = repository.insert_triggers_skipped_by_replica(session, names)
    why = "; ".join(f"{table}: insert trigger {', '.join(found)}" for table, found in triggered.items())
    return [name for name in names if name not in triggered], why


def _check_foreign_keys_after_load(session: Session, org_id: uuid.UUID, tables: list[str]) -> None:
    repository.set_replication_role(session, "origin")  # the writer may have left it at replica
    problems = repository.foreign_key_violations(session, org_id, tables)
    if problems:
        raise SynthIntegrityError("; ".join(problems))


def _tables() -> dict[str, Table]:
    return {
        name: Base.metadata.tables[name] for name in (*TABLES, "audit_events") if name in Base.metadata.tables
    }


def _write_all(
    sink: InlineWriter | BackgroundWriter,
    tables: dict[str, Table],
    chain: ChainAppender,
    batches: Iterable[Batch],
    unchecked: list[str],
    hold_claims: int,
) -> Counter[str]:
    """Hand each batch (tables in foreign-key order, then its audit events) to the sink."""
    counts, held, held_claims = Counter[str](), new_batch(), 0
    for batch in batches:
        parts: list[Part] = []
        for name in TABLES:
            rows = batch[name]
            if rows and name not in tables:
                raise SynthSchemaError(f"the schema has no {name} table for {len(rows)} generated rows")
            if rows:
                counts[name] += len(rows)
            if unchecked and name not in unchecked:
                held[name].extend(rows)
            elif rows:
                parts.append((tables[name], FIELDS[name], rows))
        events = chain.batch_events(batch, utcnow())
        parts.append((tables["audit_events"], AUDIT_FIELDS, events))
        counts["audit_events"] += len(events)
        held_claims += len(batch["claims"])
        if held_claims >= hold_claims:
            parts, held, held_claims = parts + _drain(held, tables), new_batch(), 0
        sink.submit(parts, len(batch["claims"]))
    sink.submit(_drain(held, tables), 0)
    return counts


def _drain(held: Batch, tables: dict[str, Table]) -> list[Part]:
    return [(tables[name], FIELDS[name], held[name]) for name in TABLES if held[name]]


def _summary_event(chain: ChainAppender, config: SynthConfig, counts: Counter[str]) -> Row:
    changes: dict[str, Any] = {"seed": [None, config.seed], "as_of": [None, config.as_of.isoformat()]}
    changes |= {table: [None, n] for table, n in sorted(counts.items())}
    return chain.event(utcnow(), "synth.loaded", "organization", config.org_id, changes)


def _rebatch(batches: Iterator[Batch], claims: int) -> Iterator[Batch]:
    """Merge generator blocks into write batches of about `claims` claims."""
    pending: list[Batch] = []
    size = 0
    for batch in batches:
        pending.append(batch)
        size += len(batch[CLAIM_EVENTS])
        if size >= claims:
            yield merge(pending)
            pending, size = [], 0
    if pending:
        yield merge(pending)
