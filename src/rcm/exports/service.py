"""CSV export of claims, one row per claim, in the columns the importer reads back.

Money is plain decimal dollars, dates ISO, procedure lines in the import grammar
(`99213-25:125.00;97110*2:80.00`). Rows are produced chunk by chunk from a server-side cursor,
so the export's memory does not grow with the number of claims.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO

from sqlalchemy.orm import Session

from rcm.exports.repository import ClaimExportRepository
from rcm.exports.schemas import ClaimExportFilters
from rcm.imports.columns import EXPORT_HEADERS, ImportField
from rcm.imports.values import procedure_token
from rcm.money import to_decimal
from rcm.tenancy import AuthContext

F = ImportField
COLUMNS: tuple[ImportField, ...] = (
    F.external_claim_id, F.patient_control_number, F.patient_account, F.patient_last_name,
    F.patient_first_name, F.birth_date, F.gender, F.payer_name, F.payer_code, F.member_id, F.rendering_npi,
    F.rendering_name, F.billing_npi, F.billing_name, F.billing_tax_id, F.service_from, F.service_to,
    F.procedure_codes, F.diagnosis_codes, F.place_of_service, F.charge, F.paid, F.adjustment,
    F.patient_responsibility, F.balance, F.status, F.submitted_on, F.last_payment_on,
)  # fmt: skip
HEADER = [EXPORT_HEADERS[c] for c in COLUMNS]
CHUNK = 1000
_CENT = Decimal("0.01")


def _money(cents: int) -> str:
    return str(to_decimal(cents).quantize(_CENT))


def _day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def _cells(claim: Any, lines: list[Any]) -> list[str]:
    rendering = ", ".join(n for n in (claim.rendering_last, claim.rendering_first) if n)
    procedures = (procedure_token(ln.procedure_code, ln.modifiers, ln.units, ln.charge_cents) for ln in lines)
    return [
        claim.external_claim_id or claim.patient_control_number, claim.patient_control_number,
        claim.account_number, claim.last_name, claim.first_name, _day(claim.birth_date), str(claim.gender),
        claim.payer_name, claim.payer_code, claim.member_id or "", claim.rendering_npi, rendering,
        claim.billing_npi, claim.billing_name, claim.tax_id, _day(claim.service_date_from),
        _day(claim.service_date_to), ";".join(procedures), ";".join(claim.diagnosis_codes),
        claim.place_of_service, _money(claim.charge_cents), _money(claim.paid_cents),
        _money(claim.adjustment_cents), _money(claim.patient_responsibility_cents),
        _money(claim.balance_cents), str(claim.status), _day(claim.submitted_at), _day(claim.last_payment_at),
    ]  # fmt: skip


def _rows(session: Session, ctx: AuthContext, filters: ClaimExportFilters) -> Iterator[list[list[str]]]:
    repo = ClaimExportRepository(session, ctx)
    for chunk in repo.claim_chunks(filters, CHUNK):
        lines = repo.lines_of([row.id for row in chunk])
        yield [_cells(row, lines.get(row.id, [])) for row in chunk]


def claims_csv(session: Session, ctx: AuthContext, filters: ClaimExportFilters) -> Iterator[str]:
    """The export as CSV text, one chunk of claims at a time (for a streaming response)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    yield buffer.getvalue()
    for rows in _rows(session, ctx, filters):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(rows)
        yield buffer.getvalue()


def write_claims_csv(session: Session, ctx: AuthContext, filters: ClaimExportFilters, out: TextIO) -> int:
    """Write the export to a file; the number of claims written."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    written = 0
    for rows in _rows(session, ctx, filters):
        writer.writerows(rows)
        written += len(rows)
    return written
