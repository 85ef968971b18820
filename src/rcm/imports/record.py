"""One CSV row read into an `ImportRecord`, or refused with a `RowRejected` naming the column and why.

Pure: the row rules that need no database (required fields, money, dates, codes, balance).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from rcm.claims.state_machine import ClaimStatus
from rcm.imports.columns import EXPORT_HEADERS, HeaderMap, ImportField
from rcm.imports.status import parse_status
from rcm.imports.values import (
    BadValue,
    ProcedureEntry,
    parse_aging,
    parse_date,
    parse_diagnoses,
    parse_gender,
    parse_money,
    parse_npi_text,
    parse_place_of_service,
    parse_procedures,
)

F = ImportField
T = TypeVar("T")


class RowRejected(Exception):
    """The row goes to quarantine: `code` groups reasons in the summary, `reason` is for people."""

    def __init__(self, code: str, reason: str, column: str = "") -> None:
        super().__init__(reason)
        self.code, self.reason, self.column = code, reason, column


@dataclass(slots=True)
class ImportRecord:
    row: int
    external_claim_id: str
    control_number: str | None
    patient_account: str | None
    first_name: str | None
    last_name: str | None
    birth_date: date | None
    gender: str
    payer_name: str | None
    payer_code: str | None
    member_id: str | None
    rendering_npi: str | None
    rendering_name: str | None
    billing_npi: str | None
    billing_name: str | None
    billing_tax_id: str | None
    service_from: date
    service_to: date
    procedures: list[ProcedureEntry]
    line_charges: list[int]
    diagnosis_codes: list[str]
    place_of_service: str | None
    charge_cents: int
    paid_cents: int | None
    adjustment_cents: int | None
    patient_cents: int | None
    balance_cents: int | None
    status: ClaimStatus | None
    submitted_on: date | None
    last_payment_on: date | None
    aging: int | str | None


class _Cells:
    """The row's cells by field, with parsers that turn a BadValue into a RowRejected."""

    def __init__(self, cells: list[str], header: HeaderMap) -> None:
        self.header = header
        count = len(cells)
        self.values = {f: cells[i].strip() for f, i in header.positions.items() if i < count}

    def text(self, fld: ImportField) -> str:
        return self.values.get(fld, "")

    def column(self, fld: ImportField) -> str:
        position = self.header.positions.get(fld)
        return self.header.headers[position] if position is not None else EXPORT_HEADERS[fld]

    def parse(self, fld: ImportField, parser: Callable[[str], T], code: str) -> T:
        try:
            return parser(self.values.get(fld, ""))
        except BadValue as exc:
            raise RowRejected(code, f"{self.column(fld)}: {exc}", self.column(fld)) from exc

    def optional(self, fld: ImportField, limit: int) -> str | None:
        value = self.text(fld)
        if len(value) > limit:
            raise RowRejected(
                "too_long", f"{self.column(fld)}: longer than {limit} characters", self.column(fld)
            )
        return value or None

    def required(self, fld: ImportField, what: str) -> None:
        if not self.text(fld):
            raise RowRejected("missing_field", f"{self.column(fld)}: {what} is required", self.column(fld))


def _names(c: _Cells) -> tuple[str | None, str | None]:
    first, last = c.optional(F.patient_first_name, 35), c.optional(F.patient_last_name, 60)
    full = c.text(F.patient_name)
    if full and not (first and last):
        if "," in full:
            last_part, _, first_part = full.partition(",")
        else:
            first_part, _, last_part = full.rpartition(" ")
        first, last = first or first_part.strip()[:35] or None, last or last_part.strip()[:60] or None
    return first, last


def _lines(c: _Cells, procedures: list[ProcedureEntry], charge: int | None) -> tuple[list[int], int]:
    """Each line's charge and the claim's; refuses what cannot be split or does not add up."""
    given = [p.charge_cents for p in procedures]
    column = c.column(F.charge)
    if all(g is not None for g in given):
        total = sum(g for g in given if g is not None)
        if charge is not None and charge != total:
            raise RowRejected(
                "charge_mismatch",
                f"{column}: {charge / 100:.2f} but the per-code charges add up to {total / 100:.2f}",
            )
        return [g or 0 for g in given], total
    if any(g is not None for g in given):
        raise RowRejected("charge_split", "some procedure codes carry a charge and others do not")
    if charge is None:
        raise RowRejected("missing_field", f"{column}: the billed charge is required", column)
    if len(procedures) > 1:
        raise RowRejected(
            "charge_split",
            f"{len(procedures)} procedure codes without per-code charges:"
            " write them as 99213:125.00;85025:25.00",
            c.column(F.procedure_codes),
        )
    return [charge], charge


def _balance(c: _Cells, charge: int, money: list[int | None], balance: int | None) -> int | None:
    """charge = paid + adjustment + patient + balance when the balance is given (blank: computed later)."""
    if charge < 0:
        raise RowRejected("bad_money", f"{c.column(F.charge)}: a negative charge", c.column(F.charge))
    if balance is None:
        return None
    total = sum(m or 0 for m in money) + balance
    if total != charge:
        paid, adj, patient = (m or 0 for m in money)
        raise RowRejected(
            "balance_mismatch",
            f"charge {charge / 100:.2f} != paid {paid / 100:.2f} + adjustment {adj / 100:.2f}"
            f" + patient {patient / 100:.2f} + balance {balance / 100:.2f}"
            f" (off by {(charge - total) / 100:.2f})",
        )
    return balance


def parse_record(row: int, cells: list[str], header: HeaderMap) -> ImportRecord:
    c = _Cells(cells, header)
    c.required(F.external_claim_id, "the claim id")
    external = c.optional(F.external_claim_id, 64) or ""
    service_from = c.parse(F.service_from, parse_date, "bad_date")
    if service_from is None:
        raise RowRejected("missing_field", f"{c.column(F.service_from)}: the date of service is required")
    service_to = c.parse(F.service_to, parse_date, "bad_date") or service_from
    if service_to < service_from:
        raise RowRejected("bad_date", f"{c.column(F.service_to)}: ends before the service starts")
    procedures = c.parse(F.procedure_codes, parse_procedures, "bad_code")
    if not procedures:
        raise RowRejected(
            "missing_field", f"{c.column(F.procedure_codes)}: at least one procedure code is required"
        )
    charge = c.parse(F.charge, parse_money, "bad_money")
    line_charges, charge_cents = _lines(c, procedures, charge)
    money = [c.parse(f, parse_money, "bad_money") for f in (F.paid, F.adjustment, F.patient_responsibility)]
    balance = _balance(c, charge_cents, money, c.parse(F.balance, parse_money, "bad_money"))
    first, last = _names(c)
    return ImportRecord(
        row=row,
        external_claim_id=external,
        control_number=c.optional(F.patient_control_number, 38),
        patient_account=c.optional(F.patient_account, 38),
        first_name=first,
        last_name=last,
        birth_date=c.parse(F.birth_date, parse_date, "bad_date"),
        gender=c.parse(F.gender, parse_gender, "bad_value"),
        payer_name=c.optional(F.payer_name, 60),
        payer_code=c.optional(F.payer_code, 80),
        member_id=c.optional(F.member_id, 80),
        rendering_npi=c.parse(F.rendering_npi, parse_npi_text, "bad_npi"),
        rendering_name=c.optional(F.rendering_name, 60),
        billing_npi=c.parse(F.billing_npi, parse_npi_text, "bad_npi"),
        billing_name=c.optional(F.billing_name, 60),
        billing_tax_id=c.optional(F.billing_tax_id, 10),
        service_from=service_from,
        service_to=service_to,
        procedures=procedures,
        line_charges=line_charges,
        diagnosis_codes=c.parse(F.diagnosis_codes, parse_diagnoses, "bad_code"),
        place_of_service=c.parse(F.place_of_service, parse_place_of_service, "bad_code"),
        charge_cents=charge_cents,
        paid_cents=money[0],
        adjustment_cents=money[1],
        patient_cents=money[2],
        balance_cents=balance,
        status=c.parse(F.status, parse_status, "bad_status"),
        submitted_on=c.parse(F.submitted_on, parse_date, "bad_date"),
        last_payment_on=c.parse(F.last_payment_on, parse_date, "bad_date"),
        aging=parse_aging(c.text(F.aging_days)),
    )


def raw_values(cells: list[str], header: HeaderMap) -> dict[str, Any]:
    """The row as the file had it, by header (what a quarantine entry keeps)."""
    values = {
        h or f"column {i + 1}": (cells[i] if i < len(cells) else "") for i, h in enumerate(header.headers)
    }
    for extra, value in enumerate(cells[len(header.headers) :], start=len(header.headers) + 1):
        values[f"column {extra}"] = value
    return values
