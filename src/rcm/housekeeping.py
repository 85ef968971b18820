"""Housekeeping around bulk work: the planner's statistics on PostgreSQL, and Python's cyclic
garbage collector while hundreds of thousands of rows wait to be written (ERA posting, imports)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy.orm import Session

STALE_FRACTION = 0.2  # of a table's rows changed since its last ANALYZE
STALE_MINIMUM = 5000


def refresh_statistics(session: Session, tables: Sequence[str]) -> list[str]:
    """ANALYZE those of `tables` (PostgreSQL) whose statistics are missing or older than a fifth of
    their rows: the planner would take a freshly loaded organization for a handful of rows and
    scan all of them for every batch lookup instead of using the index. Autovacuum normally keeps
    them; a bulk load (or a server with autovacuum off) can outrun it.

    Runs on its own autocommit connection, so that no lock is held for the caller's transaction
    (two postings would queue behind each other's ANALYZE); a table busy with another ANALYZE is
    skipped. Returns the tables analyzed."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    conn = session.connection()
    conn.exec_driver_sql("SELECT pg_stat_clear_snapshot()")  # else read once per transaction
    rows = conn.exec_driver_sql(
        "SELECT relname, n_live_tup, n_mod_since_analyze, "
        "COALESCE(last_analyze, last_autoanalyze) IS NULL "
        "FROM pg_stat_user_tables WHERE relname = ANY(%(tables)s)",
        {"tables": list(tables)},
    )
    stale = [
        name
        for name, live, changed, never in rows
        if changed >= STALE_MINIMUM and (never or changed > STALE_FRACTION * live)
    ]
    done: list[str] = []
    if stale:
        with session.get_bind().engine.connect() as conn:  # the bind may be a Connection (tests)
            raw: Any = conn.connection.driver_connection
            raw.autocommit = True
            try:
                raw.execute("SET lock_timeout = '2s'")
                for name in stale:
                    try:
                        raw.execute(f'ANALYZE "{name}"')
                        done.append(name)
                    except psycopg.errors.LockNotAvailable:
                        continue
                raw.execute("RESET lock_timeout")
            finally:
                raw.autocommit = False
    return done


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Bulk work allocates hundreds of thousands of small tuples, dicts and lists that live until
    they are written: at the default thresholds the cyclic collector re-scans them over and over
    (a third of the Python time). Collect young objects less often meanwhile (process-wide,
    restored after)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class Collector:
    """Young-generation collections on the caller's schedule (see `batch_collections`)."""

    def __init__(self, every: int) -> None:
        self.every, self.ticks = every, 0

    def tick(self) -> None:
        """One batch done: every `every` batches, collect what was allocated since (young only)."""
        self.ticks += 1
        if self.ticks % self.every == 0:
            gc.collect(0)


@contextmanager
def batch_collections(every: int = 20) -> Iterator[Collector]:
    """Automatic collection off while a pipeline of batches runs, a young collection every `every`
    batches instead. Even at the thresholds of `fewer_collections`, ERA posting spent an eighth of
    its Python time (2.5 s of 100,000 claims) re-scanning the rows of the batches in flight, which
    are freed by reference counting once written and never form cycles; the periodic collection
    bounds whatever cyclic garbage does appear. Process-wide, restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield Collector(every)
    finally:
        if enabled:
            gc.enable()
