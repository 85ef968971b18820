"""The balance invariant of SPEC section 9, checked over a whole organization.

For every claim: charge = paid + adjustments + patient responsibility + open balance; its lines
add up to its charge; its paid total equals its posted payer payments; its adjustment and patient
responsibility totals equal the CAS rows posted for it, and its written-off total the applied
write-offs. And every reference the bulk-written ledger rows carry without a foreign key
(adjustment -> payment/claim, payment -> claim/remittance, denial -> payment/remittance/payer/
line) names a row that exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from rcm.payments.repository import LedgerRepository
from rcm.tenancy import AuthContext

LIMIT = 100


@dataclass
class LedgerReport:
    ok: bool
    claims_checked: int
    problems: list[dict[str, Any]] = field(default_factory=list)


def check_ledger(session: Session, ctx: AuthContext) -> LedgerReport:
    repo = LedgerRepository(session, ctx)
    problems: list[dict[str, Any]] = []
    row: Any
    for row in repo.claim_mismatches(LIMIT):
        problems.append(
            {
                "claim_id": str(row[0]),
                "patient_control_number": row[1],
                "problem": "charge != paid + adjustments + patient responsibility + balance, "
                "or lines do not add up",
                "charge": row[2],
                "paid": row[3],
                "adjustments": row[4],
                "patient": row[5],
                "balance": row[6],
                "lines_charge": row[7],
                "lines_paid": row[8],
            }
        )
    for row in repo.posting_mismatches(LIMIT):
        problems.append(
            {
                "claim_id": str(row[0]),
                "patient_control_number": row[1],
                "problem": "claim totals differ from posted payments/adjustments/write-offs",
                "paid": row[2],
                "payments": row[3],
                "adjustments": row[4],
                "cas_applied": row[5],
                "patient": row[6],
                "cas_patient": row[7],
                "written_off": row[8],
                "write_offs_applied": row[9],
            }
        )
    for table, row_id, column, missing in repo.orphans(LIMIT):
        problem = f"{table}.{column} names a row that does not exist"
        problems.append({"problem": problem, "table": table, "id": row_id, column: missing})
    return LedgerReport(ok=not problems, claims_checked=repo.claim_count(), problems=problems[:LIMIT])
