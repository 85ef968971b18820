"""The rows one batch inserts (patients, coverages, claims, lines, imported payments and
adjustments) and its audit drafts, written in dependency order in one go."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.audit.service import AuditDraft
from rcm.imports.repository import ORDER, ImportRepository, full_row
from rcm.payments.models import AdjustmentKind, PaymentMethod, PaymentSource
from rcm.tenancy import AuthContext

if TYPE_CHECKING:
    from rcm.imports.record import ImportRecord

# Imported balances carry the usual CAS pairs: CO-45 (charge exceeds the fee schedule) for the
# contractual adjustment, PR-1 (deductible) for the patient's share. The source files do not say more.
CONTRACTUAL = ("CO", "45", AdjustmentKind.contractual)
PATIENT = ("PR", "1", AdjustmentKind.patient)


def at_midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(0), tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ImportSource:
    """Where the rows come from, as the audit trail names it."""

    filename: str
    job_id: uuid.UUID

    def reason(self, row: int) -> str:
        return f"imported from {self.filename} row {row}"

    @property
    def trace(self) -> str:
        return f"IMPORT-{self.job_id.hex[:12].upper()}"


@dataclass(slots=True)
class MoneyDelta:
    paid: int
    adjustment: int
    patient: int

    def __bool__(self) -> bool:
        return bool(self.paid or self.adjustment or self.patient)


@dataclass
class BatchRows:
    ctx: AuthContext
    source: ImportSource
    now: datetime
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {name: [] for name in ORDER})
    audits: list[AuditDraft] = field(default_factory=list)

    def _stamp(self) -> dict[str, Any]:
        who = self.ctx.user_id
        return {"org_id": self.ctx.org_id, "created_at": self.now, "updated_at": self.now,
                "created_by": who, "updated_by": who}  # fmt: skip

    def add(self, table: str, values: dict[str, Any]) -> uuid.UUID:
        row_id = uuid.uuid4()
        self.tables[table].append(full_row(table, {"id": row_id, **self._stamp(), **values}))
        return row_id

    def patient(self, rec: ImportRecord, account_number: str) -> uuid.UUID:
        assert rec.first_name and rec.last_name and rec.birth_date
        values = {"account_number": account_number, "first_name": rec.first_name, "last_name": rec.last_name,
                  "birth_date": rec.birth_date, "gender": rec.gender}  # fmt: skip
        patient_id = self.add("patients", values)
        changes = {k: [None, str(v)] for k, v in values.items()}
        self.audits.append(
            AuditDraft("patient.created", "patient", patient_id, changes, self.source.reason(rec.row))
        )
        return patient_id

    def coverage(
        self, patient_id: uuid.UUID, payer_id: uuid.UUID, member_id: str, priority: str
    ) -> uuid.UUID:
        values = {
            "patient_id": patient_id,
            "payer_id": payer_id,
            "member_id": member_id,
            "priority": priority,
        }
        coverage_id = self.add("coverages", values)
        changes = {k: [None, str(v)] for k, v in values.items()}
        self.audits.append(AuditDraft("coverage.created", "coverage", coverage_id, changes, "imported"))
        return coverage_id

    def draft(
        self, action: str, claim_id: uuid.UUID, rec: ImportRecord, changes: dict[str, Any]
    ) -> AuditDraft:
        return AuditDraft(
            action, "claim", claim_id, changes, self.source.reason(rec.row), str(self.source.job_id)
        )

    def ledger(
        self, claim_id: uuid.UUID, payer: tuple[uuid.UUID, str], delta: MoneyDelta, posted_on: date | None
    ) -> uuid.UUID | None:
        """An imported payment for the paid delta, with CO/PR adjustments for the other deltas."""
        if not delta:
            return None
        payment_id = self.add("payments", {
            "claim_id": claim_id, "payer_id": payer[0], "payer_name": payer[1][:100],
            "amount_cents": delta.paid,
            "method": PaymentMethod.eft if delta.paid else PaymentMethod.non_payment,
            "source": PaymentSource.imported, "era_trace_number": self.source.trace,
            "posted_at": at_midnight(posted_on) or self.now, "is_reversal": delta.paid < 0,
        })  # fmt: skip
        for (group, carc, kind), amount in ((CONTRACTUAL, delta.adjustment), (PATIENT, delta.patient)):
            if amount:
                values = {"group_code": group, "carc": carc, "amount_cents": amount, "kind": kind}
                self.add("payment_adjustments", {"payment_id": payment_id, "claim_id": claim_id, **values})
        return payment_id

    def write(self, session: Session) -> None:
        session.flush()  # payers and providers created through their services come first
        repo = ImportRepository(session, self.ctx)
        for name in ORDER:
            for start in range(0, len(self.tables[name]), 5000):
                repo.insert(name, self.tables[name][start : start + 5000])
        audit.append_many(session, self.ctx, self.audits)
