"""CSV claim import benchmark: a deterministic, messy 500,000-row AR export imported into a fresh org.

    uv run python bench/bench_import.py                 # PostgreSQL (RCM_BENCH_DATABASE_URL), 500,000 rows
    uv run python bench/bench_import.py --rows 50000    # smaller

The file mixes header aliases, `$1,234.56` / `(12.00)` / blank money, six date formats, quoted
names with commas, a UTF-8 BOM and CRLF; ~1% of rows are broken (quarantined) and ~2% repeat an
earlier claim id with a later status (updated through the state machine). End to end means
parse + validate + find-or-create patients/payers/coverages + claims, lines, imported ledger rows
and the audit chain, one transaction per 1,000-row batch, committed.

References measured in the same run, each in its own process:
- `csv.reader` over the same file (how fast the file can merely be read);
- the same importer with one row per transaction on the first 5,000 rows, extrapolated (what
  batching buys over a row-by-row ORM-style import).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/rcm_bench"
HEADERS = [
    "ClaimID", "Acct No", "Patient Name", "DOB", "Insurance", "Payer ID", "Member ID", "Rendering NPI",
    "Date of Service", "CPT Codes", "DX", "Total Charges", "Ins Paid", "Adjustments", "Pt Resp", "Balance",
    "Claim Status", "Submitted Date", "Last Payment Date", "AgingDays",
]  # fmt: skip
PAYERS = [("Medicare Part B", "MCR01"), ("Medicaid of Ohio", "MCD01"), ("Tricare East", "TRI01")] + [
    (f"Commercial Plan {n}", f"COM{n:02d}") for n in range(22)
]
CODES = [
    ("99213", 12500),
    ("99214", 18500),
    ("85025", 2500),
    ("80053", 4000),
    ("93000", 6500),
    ("97110", 4500),
]
DX = ["E11.9", "I10", "Z00.00", "J06.9", "M54.50", "R51.9"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STATUSES = [("Submitted", 25), ("Billed", 8), ("Pending", 5), ("Accepted", 8), ("In Process", 4),
            ("Paid", 25), ("Partially Paid", 10), ("Denied", 8), ("Rejected", 3), ("Written Off", 2),
            ("Draft", 2)]  # fmt: skip


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


def _money(rng: random.Random, cents: int) -> str:
    text = f"{abs(cents) / 100:,.2f}"
    style = rng.randrange(4)
    if cents < 0:
        return f"({text})" if style < 2 else f"-{text}"
    return ["$" + text, text.replace(",", ""), text, f"USD {text}"][style]


def _date(rng: random.Random, day: date) -> str:
    style = rng.randrange(6)
    if style == 0:
        return day.isoformat()
    if style == 1:
        return f"{day.month:02d}/{day.day:02d}/{day.year}"
    if style == 2:
        return f"{day.month}/{day.day}/{day.year % 100:02d}"
    if style == 3:
        return day.strftime("%Y%m%d")
    if style == 4:
        return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year}"
    return str((day - date(1899, 12, 30)).days)


class Generator:
    def __init__(self, rows: int, seed: int) -> None:
        from tests.factories import luhn_npi

        self.rng, self.rows = random.Random(seed), rows
        self.npis = [luhn_npi(f"1{seed % 100:02d}{n:06d}") for n in range(40)]
        self.patients = max(1, rows // 4)
        self.open: list[list[str]] = []
        words, weights = zip(*STATUSES, strict=True)
        self.statuses, self.weights = list(words), list(weights)

    def _claim(self, n: int) -> list[str]:
        rng = self.rng
        patient = rng.randrange(self.patients)
        dos = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
        codes = rng.sample(CODES, rng.choice((1, 1, 2, 3)))
        charge = sum(c for _, c in codes)
        procedures = codes[0][0] if len(codes) == 1 else ";".join(f"{c}:{p / 100:.2f}" for c, p in codes)
        status = rng.choices(self.statuses, self.weights)[0]
        paid, adj, pr = self._money(status, charge)
        payer, payer_id = PAYERS[patient % len(PAYERS)]
        birth = date(1940, 1, 1) + timedelta(days=patient * 7 % 25000)
        balance = "" if rng.random() < 0.5 else _money(rng, charge - paid - adj - pr)
        paid_on = _date(rng, dos + timedelta(days=40)) if paid else ""
        name, npi = f"Last{patient}, First{patient % 500}", self.npis[patient % len(self.npis)]
        paid_text = _money(rng, paid) if paid else ""
        return [
            f"CLM{n:08d}", f"P{patient:07d}", name, _date(rng, birth), payer, payer_id, f"M{patient:09d}",
            npi, _date(rng, dos), procedures, ";".join(rng.sample(DX, rng.randrange(1, 4))),
            _money(rng, charge), paid_text, _money(rng, adj) if adj else "", _money(rng, pr) if pr else "",
            balance, status,
            _date(rng, dos + timedelta(days=3)), paid_on, str(rng.randrange(0, 400)),
        ]  # fmt: skip

    def _money(self, status: str, charge: int) -> tuple[int, int, int]:
        if status in ("Paid", "Partially Paid", "Written Off"):
            allowed = charge * 7 // 10
            pr = allowed // 5
            adj = charge - allowed if status != "Written Off" else charge - (allowed - pr) - pr
            paid = allowed - pr if status != "Partially Paid" else (allowed - pr) // 2
            return paid, adj, pr
        if status == "Denied" and self.rng.random() < 0.2:
            return 0, -500, 0  # an adjustment reversal, written (5.00) in the file
        return 0, 0, 0

    def _broken(self, cells: list[str]) -> list[str]:
        kind = self.rng.randrange(3)
        if kind == 0:
            cells[12] = "12,34.00"
        elif kind == 1:
            cells[8] = "2026-02-30"
        else:
            cells[0] = ""
        return cells

    def _update(self, cells: list[str]) -> list[str]:
        charge = round(float(cells[11].replace("$", "").replace("USD", "").replace(",", "")) * 100)
        paid, adj, pr = self._money("Paid", charge)
        cells = cells[:]
        cells[12], cells[13], cells[14], cells[15], cells[16] = (
            f"{paid / 100:.2f}", f"{adj / 100:.2f}", f"{pr / 100:.2f}", "0.00", "Paid"
        )  # fmt: skip
        return cells

    def write(self, path: Path) -> None:
        with path.open("w", newline="", encoding="utf-8-sig") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(HEADERS)
            for n in range(self.rows):
                roll = self.rng.random()
                if roll < 0.02 and self.open:
                    writer.writerow(self._update(self.open.pop(self.rng.randrange(len(self.open)))))
                    continue
                cells = self._claim(n)
                if roll > 0.99:
                    cells = self._broken(cells)
                elif cells[16] in ("Submitted", "Billed") and len(self.open) < 5000:
                    self.open.append(cells)
                writer.writerow(cells)


def _setup(tag: str) -> str:
    """A fresh org with one billing provider (rows without a billing NPI use it); its slug."""
    from tests import factories

    from rcm.db import unit_of_work
    from rcm.orgs import service as orgs

    with unit_of_work() as session:
        org = factories.make_org(session, f"Import bench {tag} {uuid.uuid4().hex[:6]}")
        factories.make_provider(session, org, billing=True)
        return orgs.get_organization(session, org.ctx).slug


def child_import(path: str, slug: str, batch_size: str = "1000") -> dict[str, Any]:
    """Runs in its own process: the import as `rcm import claims` runs it (job record, batches)."""
    from _child import peak_rss_mb

    from rcm.cli_tools import org_context
    from rcm.db import unit_of_work
    from rcm.imports import service
    from rcm.imports.runner import execute_import

    ctx = org_context(slug)
    with unit_of_work() as session:
        job_id = service.register_local_import(session, ctx, Path(path).name, 0).id
    start = time.perf_counter()
    with open(path, "rb") as stream:
        result = execute_import(ctx, job_id, Path(path).name, stream, batch_size=int(batch_size))
    seconds = time.perf_counter() - start
    keep = ("rows", "created", "updated", "unchanged", "quarantined", "quarantine_reasons")
    return {
        "seconds": seconds,
        **{k: result[k] for k in keep},
        "peak_rss_mb": peak_rss_mb(),
    }


def child_read(path: str) -> dict[str, Any]:
    start = time.perf_counter()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = sum(1 for _ in csv.reader(handle)) - 1
    return {"seconds": time.perf_counter() - start, "rows": rows}


def child_validate(path: str) -> dict[str, Any]:
    """Our reader and row rules without a database (what the import spends before SQL)."""
    from rcm.imports.reader import open_csv
    from rcm.imports.record import RowRejected, parse_record

    start, rows = time.perf_counter(), 0
    with open(path, "rb") as stream:
        source = open_csv(stream)
        for row, cells in source.rows:
            rows += 1
            with contextlib.suppress(RowRejected):
                parse_record(row, cells, source.header)
    return {"seconds": time.perf_counter() - start, "rows": rows}


def _in_child(function: str, *args: str) -> dict[str, Any]:
    from _child import in_child

    return in_child("bench_import", function, *args)


def _head(path: Path, rows: int, out: Path) -> None:
    with path.open("rb") as source, out.open("wb") as target:
        for n, line in enumerate(source):
            if n > rows:
                break
            target.write(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference-rows", type=int, default=5_000)
    parser.add_argument("--database-url", default=os.environ.get("RCM_BENCH_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    sys.path[:0] = [".", "bench"]
    _database(args.database_url)
    with tempfile.TemporaryDirectory() as tmp:
        path, head = Path(tmp) / "ar-export.csv", Path(tmp) / "ar-export-head.csv"
        started = time.perf_counter()
        Generator(args.rows, args.seed).write(path)
        _head(path, args.reference_rows, head)
        print(f"file: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, "
              f"generated in {time.perf_counter() - started:.1f}s", flush=True)  # fmt: skip
        read = _in_child("child_read", str(path))
        validate = _in_child("child_validate", str(path))
        imported = _in_child("child_import", str(path), _setup("batched"))
        row_by_row = _in_child("child_import", str(head), _setup("row-by-row"), "1")
    _report(args, read, validate, imported, row_by_row)


def _report(args: Any, read: dict[str, Any], validate: dict[str, Any], imported: dict[str, Any],
            row_by_row: dict[str, Any]) -> None:  # fmt: skip
    rate = imported["rows"] / imported["seconds"]
    read_rate = read["rows"] / read["seconds"]
    validate_rate = validate["rows"] / validate["seconds"]
    single_rate = row_by_row["rows"] / row_by_row["seconds"]
    print(json.dumps({"database": args.database_url.split("@")[-1], **imported}, indent=2))
    print(f"csv.reader only          : {read_rate:>10,.0f} rows/s ({read['seconds']:.2f}s)")
    print(f"read + row rules, no DB  : {validate_rate:>10,.0f} rows/s ({validate['seconds']:.2f}s)")
    print(f"import, 1,000-row batches: {rate:>10,.0f} rows/s ({imported['seconds']:.1f}s), "
          f"quarantined {imported['quarantined']:,}, peak RSS {imported['peak_rss_mb']:.0f} MB")  # fmt: skip
    extrapolated = args.rows / single_rate
    print(f"import, 1 row per txn    : {single_rate:>10,.0f} rows/s on {row_by_row['rows']:,} rows "
          f"(extrapolated to {args.rows:,} rows: {extrapolated / 60:.0f} min)")  # fmt: skip
    print(f"ratio import / csv.reader: {rate / read_rate:.3f}")
    print(f"ratio batched / row-by-row: {rate / single_rate:.1f}x")


if __name__ == "__main__":
    main()
