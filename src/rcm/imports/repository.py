"""The import's bulk writes: new patients, coverages, claims, lines and the imported ledger rows.

Rows are dicts already stamped with the caller's org (asserted), written with `rcm.bulk`
(COPY on PostgreSQL). Every column gets a value: COPY does not apply the models' Python defaults,
so `full_row` fills them in from the table definition.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Table, text
from sqlalchemy.orm import Session

from rcm import bulk
from rcm.claims.models import Claim, ClaimLine
from rcm.patients.models import Coverage, Patient
from rcm.payments.models import Payment, PaymentAdjustment
from rcm.tenancy import AuthContext

TABLES: dict[str, Table] = {
    "patients": Patient.__table__,  # type: ignore[dict-item]
    "coverages": Coverage.__table__,  # type: ignore[dict-item]
    "claims": Claim.__table__,  # type: ignore[dict-item]
    "claim_lines": ClaimLine.__table__,  # type: ignore[dict-item]
    "payments": Payment.__table__,  # type: ignore[dict-item]
    "payment_adjustments": PaymentAdjustment.__table__,  # type: ignore[dict-item]
}
# Dependency order: a row's foreign keys point at rows of an earlier table.
ORDER = ("patients", "coverages", "claims", "claim_lines", "payments", "payment_adjustments")


@cache
def _defaults(table_name: str) -> tuple[dict[str, Any], tuple[tuple[str, Any], ...]]:
    """(scalar defaults, callable defaults) of a table's columns, from the models' `default=`."""
    scalars: dict[str, Any] = {}
    callables: list[tuple[str, Any]] = []
    for column in TABLES[table_name].columns:
        default = column.default
        if default is None:
            scalars[column.name] = None
        elif getattr(default, "is_callable", False):
            callables.append((column.name, default.arg))  # type: ignore[attr-defined]
        else:
            scalars[column.name] = getattr(default, "arg", None)
    return scalars, tuple(callables)


def full_row(table_name: str, values: dict[str, Any]) -> dict[str, Any]:
    """`values` plus every other column at its model default (callables called once per row)."""
    scalars, callables = _defaults(table_name)
    row = {**scalars, **values}
    for name, make in callables:
        if name not in values:
            row[name] = make(None)
    return row


class ImportRepository:
    def __init__(self, session: Session, ctx: AuthContext) -> None:
        self.session, self.ctx = session, ctx

    def insert(self, table_name: str, rows: Sequence[dict[str, Any]]) -> int:
        assert all(row["org_id"] == self.ctx.org_id for row in rows)
        return bulk.insert_rows(self.session, TABLES[table_name], rows)


def refresh_statistics(session: Session) -> None:
    """ANALYZE claims (PostgreSQL). Statistics taken while the org was small make the per-batch
    claim lookups scan the whole org instead of using their index; refreshed each time the import
    doubles the org's claims, they stay right for a few ANALYZEs per import (about a second each:
    ANALYZE samples a fixed number of rows, whatever the table's size)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE claims"))
