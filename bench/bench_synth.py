"""Bulk-load N synthetic claims (with adjudication history) into a fresh org on PostgreSQL.

    uv run python bench/bench_synth.py --claims 1000000

Prints claims/s, seconds, rows per table and peak RSS, and a ratio to a reference measured in the
same run: the first `--reference` claims' rows inserted through the ORM one row at a time (add +
flush), extrapolated to N. The database comes from RCM_BENCH_DATABASE_URL (created and migrated
when missing).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import uuid
from datetime import date
from typing import Any

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/rcm_bench"
AS_OF = date(2026, 11, 1)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reference", type=int, default=5_000, help="claims inserted row by row (0: skip)")
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--foreign-keys", default="auto", choices=("auto", "per-row", "after-load"))
    parser.add_argument("--no-progress", action="store_true")
    parser.add_argument(
        "--reset-database", action="store_true", help="drop and recreate the bench database first"
    )
    return parser.parse_args()


def prepare_database(url: str, reset: bool) -> None:
    """Create the database if missing (or anew) and bring it to the latest migration."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if reset:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": target.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    from rcm.db import database, make_engine
    from rcm.migrations import upgrade_to_head

    database.configure(make_engine(url))
    with database.engine.begin() as conn:
        upgrade_to_head(conn)


def orm_reference(claims: int, seed: int) -> float:
    """Seconds to insert the rows of `claims` claims through the ORM, one add + flush per row."""
    from rcm.db import Base, database
    from rcm.synth.generator import SynthConfig, generate
    from rcm.synth.loader import ensure_org
    from rcm.synth.rows import TABLES, as_dicts

    models = {m.local_table.name: m.class_ for m in Base.registry.mappers}
    session = database.session()
    try:
        org_id = ensure_org(session, f"bench-orm-{uuid.uuid4().hex[:8]}")
        session.flush()
        config = SynthConfig(org_id=org_id, claims=claims, as_of=AS_OF, seed=seed)
        started = time.perf_counter()
        for batch in generate(config):
            for table in TABLES:
                for values in as_dicts(batch, table):
                    session.add(models[table](**_known(models[table], values)))
                    session.flush()
        return time.perf_counter() - started
    finally:
        session.rollback()
        session.close()


def _known(model: Any, values: dict[str, Any]) -> dict[str, Any]:
    columns = model.__table__.c
    return {key: value for key, value in values.items() if key in columns}


def bulk_load(claims: int, seed: int, batch: int, progress: bool, foreign_keys: str) -> tuple[Any, float]:
    from rcm.db import unit_of_work
    from rcm.synth.generator import SynthConfig
    from rcm.synth.loader import ForeignKeys, ensure_org, load
    from rcm.synth.progress import claim_progress

    started = time.perf_counter()
    with unit_of_work() as session:
        org_id = ensure_org(session, f"bench-{uuid.uuid4().hex[:8]}")
        config = SynthConfig(org_id=org_id, claims=claims, as_of=AS_OF, seed=seed)
        with claim_progress(claims, enabled=progress) as advance:
            report = load(
                session,
                config,
                on_progress=advance,
                batch_claims=batch,
                foreign_keys=ForeignKeys(foreign_keys),
            )
    return report, time.perf_counter() - started


def print_results(args: argparse.Namespace, url: str, report: Any, seconds: float, reference: float) -> None:
    rows = {k: v for k, v in report.rows.items() if k != "linked_secondary_claims"}
    where = url.rsplit("@", 1)[-1]
    why = f" ({report.why_per_row})" if report.why_per_row else ""
    print(f"\nsynthetic bulk load into PostgreSQL ({where}), foreign keys checked {report.foreign_keys}{why}")
    for table, count in rows.items():
        print(f"  {table:<24} {count:>12,}")
    print(f"  {'total rows':<24} {sum(rows.values()):>12,}")
    rate = report.claims / seconds
    print(f"claims: {report.claims:,} in {seconds:.1f} s (commit included): {rate:,.0f} claims/s")
    phases = ", ".join(f"{name} {secs:.1f} s" for name, secs in report.phases.items())
    print(f"phases: {phases}, commit {seconds - report.seconds:.1f} s")
    copies = ", ".join(
        f"{name} {secs:.0f} s" for name, secs in sorted(report.copy_seconds.items(), key=lambda i: -i[1])
    )
    print(f"COPY wall time by table (writer thread, server work included): {copies}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    if reference:
        estimate = reference * args.claims / args.reference
        ref_rate = args.reference / reference
        print(
            f"reference: ORM row by row, {args.reference:,} claims in {reference:.1f} s ({ref_rate:,.0f}/s)"
        )
        print(f"ratio: {estimate / seconds:,.1f}x faster than the reference extrapolated ({estimate:,.0f} s)")


def main() -> int:
    args = parse_args()
    url = os.environ.get("RCM_BENCH_DATABASE_URL", DEFAULT_URL)
    os.environ["RCM_DATABASE_URL"] = url
    prepare_database(url, args.reset_database)
    reference = orm_reference(args.reference, args.seed) if args.reference else 0.0
    report, seconds = bulk_load(args.claims, args.seed, args.batch, not args.no_progress, args.foreign_keys)
    print_results(args, url, report, seconds, reference)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    raise SystemExit(main())
