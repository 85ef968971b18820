from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Table, Text, cast, select
from sqlalchemy.orm import selectinload

from rcm import bulk
from rcm.claims.models import Claim, ClaimLine
from rcm.claims.state_machine import ClaimStatus
from rcm.errors import NotFound
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository

# What ERA posting writes back: to claims (under the version check) and to their lines.
POSTED_CLAIM_COLUMNS = (
    "id",
    "version",
    "status",
    "allowed_cents",
    "paid_cents",
    "patient_responsibility_cents",
    "adjustment_cents",
    "balance_cents",
    "adjudicated_at",
    "adjudication_count",
    "last_payment_at",
    "payer_claim_control_number",
    "updated_at",
    "updated_by",
    "open_denied_cents",  # an increment: what new denials add (their trigger then finds it done)
)
POSTED_LINE_COLUMNS = (
    "id",
    "allowed_cents",
    "paid_cents",
    "patient_responsibility_cents",
    "adjustment_cents",
    "updated_at",
)


# ERA posting reads thousands of claims per chunk: on PostgreSQL straight through the driver
# (SQLAlchemy's per-row processing cost more than the query), ids as text.
_POSTING_CLAIMS_SQL = """
SELECT id::text, version, status, payer_id, patient_control_number, charge_cents, allowed_cents,
       paid_cents, patient_responsibility_cents, adjustment_cents, balance_cents, first_submitted_at,
       submission_count, rejection_count, adjudication_count, adjudicated_at, last_payment_at,
       payer_claim_control_number
FROM claims WHERE org_id = %s AND patient_control_number = ANY(%s::text[])
"""
_POSTING_LINES_SQL = """
SELECT claim_id::text, id::text, line_number, procedure_code, modifiers::text, service_date,
       charge_cents, allowed_cents, paid_cents, patient_responsibility_cents, adjustment_cents
FROM claim_lines WHERE org_id = %s AND claim_id = ANY(%s::uuid[])
ORDER BY claim_id, line_number
"""


@dataclass(frozen=True, slots=True)
class ClaimFilters:
    status: list[ClaimStatus] | None = None
    payer_id: uuid.UUID | None = None
    patient_id: uuid.UUID | None = None
    rendering_provider_id: uuid.UUID | None = None
    service_from: date | None = None
    service_to: date | None = None
    patient_control_number: str | None = None


class ClaimRepository(OrgRepository[Claim]):
    model = Claim
    not_found = "claim"
    patient_column = "patient_id"

    def _with_lines(self, stmt: Select[Claim]) -> Select[Claim]:
        return stmt.options(selectinload(Claim.lines))

    def get_full(self, claim_id: uuid.UUID, *, for_update: bool = False) -> Claim:
        stmt = self._with_lines(self.base().where(Claim.id == claim_id))
        if for_update:
            stmt = stmt.with_for_update(of=Claim)
        claim = self.session.scalars(stmt).one_or_none()
        if claim is None:
            raise NotFound(f"claim {claim_id} not found", id=str(claim_id))
        return claim

    def by_control_number(self, patient_control_number: str) -> Claim | None:
        stmt = self.base().where(Claim.patient_control_number == patient_control_number)
        return self.session.scalars(stmt).one_or_none()

    def by_control_numbers(self, numbers: list[str]) -> dict[str, Claim]:
        found: dict[str, Claim] = {}
        for start in range(0, len(numbers), 500):
            stmt = self.base().where(Claim.patient_control_number.in_(numbers[start : start + 500]))
            found.update({c.patient_control_number: c for c in self.session.scalars(stmt)})
        return found

    def next_payer_candidates(self, claim_ids: list[uuid.UUID]) -> list[Row[Any]]:
        """(id, patient_id, payer_sequence) of adjudicated primary/secondary claims with a patient share."""
        stmt = select(Claim.id, Claim.patient_id, Claim.payer_sequence).where(
            Claim.org_id == self.ctx.org_id,
            Claim.id.in_(claim_ids),
            Claim.next_payer_claim_id.is_(None),
            Claim.patient_responsibility_cents > 0,
            Claim.payer_sequence.in_(["primary", "secondary"]),
            Claim.status.in_([ClaimStatus.paid, ClaimStatus.partially_paid]),
        )
        return list(self.session.execute(stmt))

    def by_external_id(self, external_claim_id: str) -> Claim | None:
        stmt = self.base().where(Claim.external_claim_id == external_claim_id)
        return self.session.scalars(self._with_lines(stmt)).first()

    def many_full(self, claim_ids: list[uuid.UUID], *, for_update: bool = False) -> list[Claim]:
        found: list[Claim] = []
        for start in range(0, len(claim_ids), 500):
            stmt = self._with_lines(self.base().where(Claim.id.in_(claim_ids[start : start + 500])))
            if for_update:
                stmt = stmt.with_for_update(of=Claim)
            found += self.session.scalars(stmt.order_by(Claim.created_at, Claim.id))
        return found

    def ids_where(self, f: ClaimFilters, limit: int) -> list[uuid.UUID]:
        stmt = select(Claim.id).where(Claim.org_id == self.ctx.org_id, *self._conditions(f))
        return list(self.session.scalars(stmt.order_by(Claim.created_at).limit(limit)))

    def search(self, params: PageParams, f: ClaimFilters) -> Page[Claim]:
        return self.page(params, *self._conditions(f))

    def _conditions(self, f: ClaimFilters) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if f.status:
            conditions.append(Claim.status.in_(f.status))
        if f.payer_id:
            conditions.append(Claim.payer_id == f.payer_id)
        if f.patient_id:
            conditions.append(Claim.patient_id == f.patient_id)
        if f.rendering_provider_id:
            conditions.append(Claim.rendering_provider_id == f.rendering_provider_id)
        if f.service_from:
            conditions.append(Claim.service_date_from >= f.service_from)
        if f.service_to:
            conditions.append(Claim.service_date_from <= f.service_to)
        if f.patient_control_number:
            conditions.append(Claim.patient_control_number == f.patient_control_number)
        return conditions

    def posting_rows(self, numbers: list[str]) -> list[tuple[Any, ...]]:
        """The columns ERA posting reads, for many claims at once, as plain tuples with the id as
        text."""
        if self.postgres:
            # the keys as one array literal: cheaper to send than a list adapted element by element
            return self.driver_rows(
                _POSTING_CLAIMS_SQL, (self.ctx.org_id, bulk.array_literal(numbers)), by_index=True
            )
        cols = [
            Claim.id,
            Claim.version,
            Claim.status,
            Claim.payer_id,
            Claim.patient_control_number,
            Claim.charge_cents,
            Claim.allowed_cents,
            Claim.paid_cents,
            Claim.patient_responsibility_cents,
            Claim.adjustment_cents,
            Claim.balance_cents,
            Claim.first_submitted_at,
            Claim.submission_count,
            Claim.rejection_count,
            Claim.adjudication_count,
            Claim.adjudicated_at,
            Claim.last_payment_at,
            Claim.payer_claim_control_number,
        ]
        stmt = select(*cols).where(Claim.org_id == self.ctx.org_id, Claim.patient_control_number.in_(numbers))
        return [(str(r[0]), *r[1:]) for r in self.session.connection().execute(stmt)]

    def stage_posting(self, batch: bulk.Batch, rows: list[tuple[Any, ...]]) -> None:
        """Stage ERA posting's claim updates (POSTED_CLAIM_COLUMNS), under the version check."""
        table: Table = Claim.__table__  # type: ignore[assignment]  # declarative tables are Tables
        batch.update(
            table,
            POSTED_CLAIM_COLUMNS,
            rows,
            org_id=self.ctx.org_id,
            version_column="version",
            increments=("open_denied_cents",),
        )


class ClaimLineRepository(OrgRepository[ClaimLine]):
    model = ClaimLine
    not_found = "claim line"

    def posting_rows(self, claim_ids: list[str]) -> list[tuple[Any, ...]]:
        """Lines of claims (ids as text), by claim and line number: plain tuples, ids as text,
        modifiers as JSON text."""
        if self.postgres:
            ids = "{" + ",".join(claim_ids) + "}"  # uuids as text need no quoting
            return self.driver_rows(_POSTING_LINES_SQL, (self.ctx.org_id, ids), by_index=True)
        cols = [
            ClaimLine.claim_id,
            ClaimLine.id,
            ClaimLine.line_number,
            ClaimLine.procedure_code,
            cast(ClaimLine.modifiers, Text),  # JSON text: most lines have none, decoded only when set
            ClaimLine.service_date,
            ClaimLine.charge_cents,
            ClaimLine.allowed_cents,
            ClaimLine.paid_cents,
            ClaimLine.patient_responsibility_cents,
            ClaimLine.adjustment_cents,
        ]
        wanted = [uuid.UUID(claim_id) for claim_id in claim_ids]
        stmt = select(*cols).where(ClaimLine.org_id == self.ctx.org_id, ClaimLine.claim_id.in_(wanted))
        stmt = stmt.order_by(ClaimLine.claim_id, ClaimLine.line_number)
        return [(str(r[0]), str(r[1]), *r[2:]) for r in self.session.connection().execute(stmt)]

    def next_payer_candidates(self, claim_ids: list[uuid.UUID]) -> list[Row[Any]]:
        """(id, patient_id, payer_sequence) of adjudicated primary/secondary claims with a patient share."""
        stmt = select(Claim.id, Claim.patient_id, Claim.payer_sequence).where(
            Claim.org_id == self.ctx.org_id,
            Claim.id.in_(claim_ids),
            Claim.next_payer_claim_id.is_(None),
            Claim.patient_responsibility_cents > 0,
            Claim.payer_sequence.in_(["primary", "secondary"]),
            Claim.status.in_([ClaimStatus.paid, ClaimStatus.partially_paid]),
        )
        return list(self.session.execute(stmt))

    def stage_posting(self, batch: bulk.Batch, rows: list[tuple[Any, ...]]) -> None:
        """Stage ERA posting's line updates (POSTED_LINE_COLUMNS)."""
        batch.update(ClaimLine.__table__, POSTED_LINE_COLUMNS, rows, org_id=self.ctx.org_id)  # type: ignore[arg-type]


class ClaimImportRepository(OrgRepository[Claim]):
    model = Claim
    not_found = "claim"
    patient_column = "patient_id"

    def for_import(self, keys: list[str]) -> list[Claim]:
        """Claims a CSV import's claim ids name: by external claim id, or by control number for
        claims born here (no external id), with their lines, row-locked. Two statements, so each
        uses its own index (an OR of both would scan the whole organization)."""
        by_external = self.base().where(Claim.external_claim_id.in_(keys))
        by_control = self.base().where(
            Claim.patient_control_number.in_(keys), Claim.external_claim_id.is_(None)
        )
        found: list[Claim] = []
        for stmt in (by_external, by_control):
            stmt = stmt.options(selectinload(Claim.lines)).with_for_update(of=Claim)
            found += self.session.scalars(stmt.order_by(Claim.created_at, Claim.id))
        return found
