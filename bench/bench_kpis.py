"""KPI benchmark: every `/analytics` endpoint over a year of a busy billing company's data.

    uv run python bench/bench_kpis.py                       # 1,000,000 synthetic claims (loaded once)
    uv run python bench/bench_kpis.py --claims 200000 --org kpi200k

The data is loaded with `rcm synth` (claims with their adjudication history) into
RCM_BENCH_DATABASE_URL the first time; later runs reuse it. Each endpoint is called through the
real ASGI app (JSON included) several times and the p50 is printed beside the same KPI computed the
naive way (one query per payer, or the rows pulled into Python) in the same run.
Targets: dashboard p50 < 300 ms, each single KPI endpoint p50 < 150 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/rcm_kpi"
AS_OF = date(2026, 11, 20)
ENDPOINTS = [
    "denial-rate",
    "clean-claim-rate",
    "first-pass-resolution",
    "days-in-ar",
    "days-to-pay",
    "aging",
    "collection-rate",
    "time-to-cash",
    "revenue-at-risk",
    "denial-reasons",
    "payer-scorecards",
]


def _environment(url: str) -> None:
    os.environ["RCM_DATABASE_URL"] = url
    os.environ.setdefault("RCM_JWT_SECRET", "bench-secret-bench-secret-bench-secret-0123")
    os.environ.setdefault("RCM_ENV", "test")
    os.environ["RCM_LOG_LEVEL"] = "WARNING"
    os.environ["RCM_SCHEDULER_ENABLED"] = "false"


def _ensure_data(url: str, slug: str, claims: int) -> None:
    import psycopg

    base, name = url.replace("+psycopg", "").rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    from rcm.migrations import upgrade_to_head

    upgrade_to_head()
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        row = conn.execute(
            "SELECT count(*) FROM claims c JOIN organizations o ON o.id = c.org_id WHERE o.slug = %s", (slug,)
        ).fetchone()
    have = row[0] if row else 0
    if have >= claims:
        print(f"data: {have:,} claims already loaded in org {slug}", flush=True)
        return
    print(f"data: loading {claims:,} claims with history (rcm synth)...", flush=True)
    import subprocess

    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "rcm.cli",
            "synth",
            "--claims",
            str(claims),
            "--seed",
            "7",
            "--org",
            slug,
            "--as-of",
            AS_OF.isoformat(),
            "--no-progress",
        ],
        check=True,
    )
    print(f"data: loaded in {time.perf_counter() - started:.0f}s", flush=True)
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def _client(slug: str) -> tuple[Any, dict[str, str], Any]:
    from fastapi.testclient import TestClient

    from rcm.app import create_app
    from rcm.auth.models import User
    from rcm.auth.permissions import Role
    from rcm.auth.security import create_access_token, hash_password
    from rcm.cli_tools import org_context
    from rcm.db import unit_of_work

    ctx = org_context(slug)
    with unit_of_work() as session:
        user = User(
            org_id=ctx.org_id,
            email=f"bench-{time.time_ns()}@example.com",
            full_name="Bench",
            role=Role.billing_manager,
            password_hash=hash_password("bench-password-0"),
        )
        session.add(user)
        session.flush()
        token = create_access_token(user.id, ctx.org_id, user.role)[0]
    return TestClient(create_app()), {"Authorization": f"Bearer {token}"}, ctx


def _p50(call: Callable[[], Any], runs: int) -> float:
    call()  # warm caches and plans once
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _naive(ctx: Any) -> dict[str, Callable[[], Any]]:
    """The same figures the way a spreadsheet-era report computes them: per payer, or in Python."""
    from sqlalchemy import func, select

    from rcm.claims.models import Claim
    from rcm.db import unit_of_work
    from rcm.payers.models import Payer

    def denial_rate_per_payer() -> Any:
        with unit_of_work() as s:
            payers = s.scalars(select(Payer.id).where(Payer.org_id == ctx.org_id)).all()
            return [
                (
                    s.scalar(
                        select(func.count()).where(
                            Claim.org_id == ctx.org_id, Claim.payer_id == p, Claim.status == "Denied"
                        )
                    ),
                    s.scalar(
                        select(func.count()).where(
                            Claim.org_id == ctx.org_id,
                            Claim.payer_id == p,
                            Claim.status.in_(["Accepted", "Denied", "Paid", "PartiallyPaid"]),
                        )
                    ),
                )
                for p in payers
            ]

    def aging_in_python() -> Any:
        buckets = [0] * 5
        with unit_of_work() as s:
            rows = s.execute(
                select(Claim.service_date_from, Claim.balance_cents).where(
                    Claim.org_id == ctx.org_id,
                    Claim.balance_cents != 0,
                    Claim.status.in_(["Submitted", "Rejected", "Accepted", "PartiallyPaid", "Denied"]),
                )
            )
            for day, balance in rows:
                age = (AS_OF - day).days
                buckets[min(4, max(0, (age - 1) // 30))] += balance
        return buckets

    def collection_in_python() -> Any:
        with unit_of_work() as s:
            rows = s.execute(
                select(Claim.charge_cents, Claim.paid_cents).where(Claim.org_id == ctx.org_id)
            ).all()
        return sum(r[1] for r in rows) / max(1, sum(r[0] for r in rows))

    return {
        "denial-rate": denial_rate_per_payer,
        "aging": aging_in_python,
        "collection-rate": collection_in_python,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--org", default="kpibench")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=os.environ.get("RCM_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    _environment(args.database_url)
    _ensure_data(args.database_url, args.org, args.claims)
    client, headers, ctx = _client(args.org)
    params = {"as_of": AS_OF.isoformat()}
    naive = _naive(ctx)
    print(f"{'endpoint':<24}{'p50 ms':>10}{'naive ms':>12}{'ratio':>8}")
    results = {}
    for name in [*ENDPOINTS, "dashboard"]:
        url = f"/analytics/{name}"

        def call(url: str = url) -> Any:
            response = client.get(url, params=params, headers=headers)
            assert response.status_code == 200, response.text
            return response

        ms = results[name] = _p50(call, args.runs)
        slow = _p50(naive[name], 3) if name in naive else None
        ratio = f"{slow / ms:>7.1f}x" if slow else ""
        print(f"{name:<24}{ms:>10.1f}{(f'{slow:.1f}' if slow else '-'):>12}{ratio:>8}", flush=True)
    single = max(v for k, v in results.items() if k != "dashboard")
    print(
        f"dashboard p50 {results['dashboard']:.0f} ms (target < 300); slowest single KPI p50 {single:.0f} ms "
        "(target < 150)"
    )
    print(f"as_of {AS_OF}, window {timedelta(days=365)}: one year of service dates")


if __name__ == "__main__":
    sys.path[:0] = [".", "src"]
    main()
