"""ERA posting benchmark: a 100,000-claim 835 posted end to end against matching submitted claims.

    uv run python bench/bench_posting.py                 # PostgreSQL (RCM_BENCH_DATABASE_URL), 100,000 claims
    uv run python bench/bench_posting.py --claims 20000  # smaller

End to end means parse + match + post payments/adjustments + open denials and work items + audit
chain, in one transaction, committed. The reference figure is the parse-only rate of the same file
in the same run (what posting adds on top of reading the X12). Posting runs in a subprocess so its
peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/rcm_bench"


def _database(url: str) -> None:
    """Create the bench database if missing and migrate it."""
    os.environ["RCM_DATABASE_URL"] = url
    os.environ.setdefault("RCM_JWT_SECRET", "bench-secret-bench-secret-bench-secret-0123")
    os.environ.setdefault("RCM_ENV", "test")
    if url.startswith("postgresql"):
        import psycopg

        base, name = url.replace("+psycopg", "").rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    from rcm.migrations import upgrade_to_head

    upgrade_to_head()


BenchLine = tuple[str, int, str, date]  # line control number, charge cents, procedure code, date
BenchClaim = tuple[str, list[BenchLine]]


def _setup(claims: int, seed: int) -> tuple[str, list[BenchClaim]]:
    """A fresh org with `claims` Submitted claims (2 lines each), bulk-inserted: its slug and the claims."""
    from tests import factories

    from rcm import bulk
    from rcm.claims.models import Claim, ClaimLine
    from rcm.db import unit_of_work
    from rcm.orgs import service as orgs
    from rcm.tenancy import AuthContext

    rng = random.Random(seed)
    with unit_of_work() as session:
        org = factories.make_org(session, f"Bench {uuid.uuid4().hex[:6]}")
        world = factories.make_world(session, org, payer_code=f"BENCH{seed}", name="Bench Payer")
        slug = orgs.get_organization(session, org.ctx).slug
    ctx = AuthContext.system(org.id)
    now = datetime.now(UTC)
    out: list[BenchClaim] = []
    claim_rows: list[dict[str, Any]] = []
    line_rows: list[dict[str, Any]] = []
    for n in range(claims):
        claim_id, pcn = uuid.uuid4(), f"B{seed}{n:08d}"
        dos = date(2026, 9, 1) + timedelta(days=rng.randrange(60))
        lines = [
            (uuid.uuid4(), "99213", rng.randrange(90, 200) * 100, dos),
            (uuid.uuid4(), "85025", 3500, dos),
        ]
        charge = sum(c for _, _, c, _ in lines)
        claim_rows.append(_claim_row(claim_id, org.id, world, pcn, dos, charge, now))
        for number, (line_id, code, cents, day) in enumerate(lines, start=1):
            line_rows.append(_line_row(line_id, org.id, claim_id, number, code, cents, day, now))
        out.append((pcn, [(lid.hex, cents, code, day) for lid, code, cents, day in lines]))
    with unit_of_work() as session:
        for start in range(0, claims, 20_000):
            bulk.insert_rows(session, Claim.__table__, claim_rows[start : start + 20_000])  # type: ignore[arg-type]
        for start in range(0, len(line_rows), 40_000):
            bulk.insert_rows(session, ClaimLine.__table__, line_rows[start : start + 40_000])  # type: ignore[arg-type]
    _checkpoint()
    del ctx
    return slug, out


def _checkpoint() -> None:
    """Write the setup's pages out now (PostgreSQL, if allowed): submitted claims were saved long
    before their remittance arrives, so posting should not pay for flushing the load. Statistics
    are left as they are: posting refreshes them itself when they are stale."""
    from sqlalchemy import text

    from rcm.db import database

    if database.engine.dialect.name != "postgresql":
        return
    with database.engine.connect() as conn:
        try:
            conn.execute(text("CHECKPOINT"))
        except Exception as exc:  # not a superuser (or pg_checkpoint): measure as is
            print(f"setup: no CHECKPOINT ({type(exc).__name__})", flush=True)


def _claim_row(
    claim_id: uuid.UUID, org_id: uuid.UUID, world: Any, pcn: str, dos: date, charge: int, now: datetime
) -> dict[str, Any]:
    return {
        "id": claim_id,
        "org_id": org_id,
        "created_at": now,
        "updated_at": now,
        "created_by": None,
        "updated_by": None,
        "patient_id": world.patient.id,
        "encounter_id": None,
        "coverage_id": world.coverage.id,
        "payer_id": world.payer.id,
        "payer_sequence": "primary",
        "billing_provider_id": world.billing.id,
        "rendering_provider_id": world.rendering.id,
        "referring_provider_id": None,
        "claim_type": "professional",
        "status": "Submitted",
        "frequency_code": "1",
        "patient_control_number": pcn,
        "external_claim_id": None,
        "place_of_service": "11",
        "type_of_bill": "",
        "admission_date": None,
        "admission_type_code": "",
        "admission_source_code": "",
        "patient_status_code": "",
        "service_date_from": dos,
        "service_date_to": dos,
        "diagnosis_codes": ["E119"],
        "prior_authorization_number": "",
        "currency": "USD",
        "balance_cents": charge,
        "payer_claim_control_number": "",
        "clearinghouse_tracking_id": "",
        "original_claim_id": None,
        "primary_claim_id": None,
        "next_payer_claim_id": None,
        "signed_off_at": None,
        "signed_off_by": None,
        "first_submitted_at": now,
        "submitted_at": now,
        "adjudicated_at": None,
        "last_payment_at": None,
        "submission_count": 1,
        "rejection_count": 0,
        "adjudication_count": 0,
        "version": 1,
        "charge_cents": charge,
        "allowed_cents": 0,
        "paid_cents": 0,
        "patient_responsibility_cents": 0,
        "adjustment_cents": 0,
    }


def _line_row(
    line_id: uuid.UUID,
    org_id: uuid.UUID,
    claim_id: uuid.UUID,
    number: int,
    code: str,
    cents: int,
    day: date,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": line_id,
        "org_id": org_id,
        "created_at": now,
        "updated_at": now,
        "created_by": None,
        "updated_by": None,
        "claim_id": claim_id,
        "line_number": number,
        "procedure_code": code,
        "modifiers": [],
        "diagnosis_pointers": [1],
        "units": Decimal(1),
        "unit_type": "UN",
        "service_date": day,
        "place_of_service": None,
        "revenue_code": "",
        "ndc": "",
        "rendering_provider_id": None,
        "charge_cents": cents,
        "allowed_cents": 0,
        "paid_cents": 0,
        "patient_responsibility_cents": 0,
        "adjustment_cents": 0,
    }


def _write_835(path: Path, payer_code: str, claims: list[BenchClaim], seed: int) -> None:
    """10% of claims denied (CO-197), 10% with a denied line (CO-50), the rest paid with CO-45 + PR-2."""
    from rcm.edi.build_835 import write_835
    from rcm.edi.common import Address, Adjustment, Entity, Procedure, Reference
    from rcm.edi.remittance import ClaimPayment, Party, PaymentInfo, RemittanceHeader, ServicePayment
    from rcm.edi.x12.writer import EnvelopeSpec

    rng = random.Random(seed)

    def d(cents: int) -> Decimal:
        return Decimal(cents) / 100

    def clp(pcn: str, lines: list[tuple[str, int, str, date]]) -> ClaimPayment:
        roll = rng.random()
        services = []
        for n, (control, cents, code, day) in enumerate(lines):
            if roll < 0.1 or (roll < 0.2 and n == 1):
                paid, cas = 0, [Adjustment("CO", "197" if roll < 0.1 else "50", d(cents))]
            else:
                allowed = cents * 7 // 10
                patient = allowed // 5
                paid, cas = (
                    allowed - patient,
                    [Adjustment("CO", "45", d(cents - allowed)), Adjustment("PR", "2", d(patient))],
                )
            services.append(
                ServicePayment(
                    Procedure(code, "HC"),
                    d(cents),
                    d(paid),
                    service_date=day,
                    adjustments=cas,
                    references=[Reference("6R", control)],
                )
            )
        total = sum(s.paid for s in services)
        pr = sum((a.amount for s in services for a in s.adjustments if a.group == "PR"), Decimal(0))
        return ClaimPayment(
            pcn,
            "4" if roll < 0.1 else "1",
            sum(d(c) for _, c, _, _ in lines),
            total,
            pr,
            filing_indicator="CI",
            payer_claim_control_number="P" + pcn,
            patient=Entity("QC", "1", "DOE", "PAT"),
            services=services,
        )

    payments = [clp(pcn, lines) for pcn, lines in claims]
    total = sum((c.paid for c in payments), Decimal(0))
    header = RemittanceHeader(
        PaymentInfo(
            "I", total, "C", "ACH", payment_date=date(2026, 11, 20), receiver_account_number="9876543210"
        ),
        trace_number=f"BENCH{seed}",
        trace_originator="1" + payer_code,
        payer=Party("PR", "BENCH PAYER", "XV", payer_code, Address("1 PAYER WAY", "COLUMBUS", "OH", "43215")),
        payee=Party("PE", "BENCH CLINIC", "XX", "1234567893"),
    )
    envelope = EnvelopeSpec(
        sender_id="BENCHPAYER",
        receiver_id="BENCHCLINIC",
        interchange_control_number=seed,
        group_control_number=seed,
        transaction_set_control_number=seed,
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    with path.open("w", encoding="ascii") as out:
        write_835(out, header, iter(payments), [], envelope)


def child_post(path: str, slug: str) -> dict[str, Any]:
    """Runs in its own process: post the file in one transaction and commit."""
    from _child import peak_rss_mb

    import rcm.flows  # noqa: F401
    from rcm.cli_tools import org_context
    from rcm.db import unit_of_work
    from rcm.payments.posting import post_era

    ctx = org_context(slug)
    start = time.perf_counter()
    with unit_of_work() as session:
        report = post_era(session, ctx, Path(path))
    seconds = time.perf_counter() - start
    rem = report.remittances[0]
    return {
        "seconds": seconds,
        "claims": rem.claims,
        "matched": rem.matched,
        "denials": rem.denials,
        "statuses": rem.as_dict()["statuses"],
        "peak_rss_mb": peak_rss_mb(),
    }


def child_parse(path: str) -> dict[str, Any]:
    from rcm.edi import ClaimPayment, stream_835

    start = time.perf_counter()
    claims = sum(1 for e in stream_835(Path(path)) if isinstance(e, ClaimPayment))
    return {"seconds": time.perf_counter() - start, "claims": claims}


def _in_child(function: str, *args: str) -> dict[str, Any]:
    from _child import in_child

    return in_child("bench_posting", function, *args)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("RCM_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    sys.path[:0] = [".", "bench"]
    _database(args.database_url)
    seed = random.randrange(1, 10**6)
    started = time.perf_counter()
    slug, claims = _setup(args.claims, seed)
    print(
        f"setup: {args.claims:,} submitted claims inserted in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.835"
        _write_835(path, f"BENCH{seed}", claims, seed)
        print(f"835: {path.stat().st_size / 1e6:.1f} MB", flush=True)
        parse = _in_child("child_parse", str(path))
        post = _in_child("child_post", str(path), slug)
    parse_rate = parse["claims"] / parse["seconds"]
    post_rate = post["claims"] / post["seconds"]
    print(json.dumps({"database": args.database_url.split("@")[-1], **post}, indent=2))
    print(f"parse only : {parse_rate:>10,.0f} claims/s ({parse['seconds']:.2f}s)")
    rss = post["peak_rss_mb"]
    print(f"end to end : {post_rate:>10,.0f} claims/s ({post['seconds']:.2f}s), peak RSS {rss:.0f} MB")
    print(
        f"ratio end-to-end / parse-only: {post_rate / parse_rate:.3f}  (target: >= 5,000 claims/s end to end)"
    )


if __name__ == "__main__":
    main()
