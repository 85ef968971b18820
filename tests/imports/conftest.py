"""Helpers for import tests: CSV text builders and a synchronous import run on the test database."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.claims.models import Claim, ClaimLine
from rcm.imports import service as imports
from rcm.imports.runner import execute_import
from rcm.payments.ledger import check_ledger
from rcm.payments.models import Payment, PaymentAdjustment
from rcm.providers.models import Provider
from tests.factories import OrgFixture, make_provider

HEADERS = [
    "Claim ID", "Patient Account", "Patient Name", "DOB", "Payer", "Payer ID", "Member ID", "DOS", "CPT",
    "DX", "Billed", "Paid", "Adjustment", "Patient Resp", "Balance", "Status",
]  # fmt: skip


def row(claim_id: str = "A-1001", **overrides: str) -> dict[str, str]:
    values = {
        "Claim ID": claim_id,
        "Patient Account": "ACC-1",
        "Patient Name": "Doe, Jane",
        "DOB": "1970-03-04",
        "Payer": "Acme Health",
        "Payer ID": "ACME1",
        "Member ID": "M123",
        "DOS": "2026-09-01",
        "CPT": "99213",
        "DX": "E11.9",
        "Billed": "$150.00",
        "Paid": "",
        "Adjustment": "",
        "Patient Resp": "",
        "Balance": "",
        "Status": "Submitted",
    }
    values.update(overrides)
    return values


def csv_text(rows: list[dict[str, str]], headers: list[str] | None = None, delimiter: str = ",") -> str:
    out = io.StringIO()
    names = headers or list(dict.fromkeys(key for r in rows for key in r))
    writer = csv.DictWriter(out, fieldnames=names, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@dataclass
class Imported:
    result: dict[str, Any]
    job_id: Any

    def quarantined_rows(self) -> dict[int, str]:
        return {q["row"]: q["reason"] for q in self.result["quarantine_sample"]}


@pytest.fixture
def billing(session: Session, org: OrgFixture) -> Provider:
    return make_provider(session, org, billing=True)


@pytest.fixture
def run_import(session: Session, org: OrgFixture, billing: Provider) -> Callable[..., Imported]:
    """`run_import(text_or_bytes, of=org)`: the import as the CLI runs it, synchronously."""

    def run(content: str | bytes, *, of: OrgFixture | None = None, filename: str = "claims.csv") -> Imported:
        target = of or org
        data = content.encode() if isinstance(content, str) else content
        job = imports.register_local_import(session, target.ctx, filename, 0)
        session.commit()
        result = execute_import(target.ctx, job.id, filename, io.BytesIO(data))
        session.expire_all()
        return Imported(result, job.id)

    return run


def claims_of(session: Session, org: OrgFixture) -> dict[str, Claim]:
    found = session.scalars(select(Claim).where(Claim.org_id == org.id))
    return {c.external_claim_id or c.patient_control_number: c for c in found}


def lines_of(session: Session, claim: Claim) -> list[ClaimLine]:
    stmt = select(ClaimLine).where(ClaimLine.claim_id == claim.id).order_by(ClaimLine.line_number)
    return list(session.scalars(stmt))


def payments_of(session: Session, claim: Claim) -> list[Payment]:
    return list(
        session.scalars(select(Payment).where(Payment.claim_id == claim.id).order_by(Payment.created_at))
    )


def adjustments_of(session: Session, claim: Claim) -> list[PaymentAdjustment]:
    return list(session.scalars(select(PaymentAdjustment).where(PaymentAdjustment.claim_id == claim.id)))


def assert_ledger_ok(session: Session, org: OrgFixture) -> None:
    report = check_ledger(session, org.ctx)
    assert report.ok, report.problems
