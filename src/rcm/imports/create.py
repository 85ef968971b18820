"""A new claim from an import row: the claim and its lines with the status the file reports set
directly (creation is not a transition), and imported ledger rows so the balance invariant holds."""

from __future__ import annotations

import uuid
from typing import Any

from rcm.claims.state_machine import ClaimStatus
from rcm.imports.parties import Parties
from rcm.imports.record import ImportRecord
from rcm.imports.rows import BatchRows, MoneyDelta, at_midnight
from rcm.imports.values import ProcedureEntry, procedure_token

S = ClaimStatus
NOT_SUBMITTED = frozenset({S.draft, S.scrubbed, S.voided})
ADJUDICATED = frozenset({S.denied, S.paid, S.partially_paid, S.written_off})


def inferred_status(rec: ImportRecord, balance: int) -> ClaimStatus:
    """No status column: a claim with money in is (partially) paid, else it is out for payment."""
    if rec.status is not None:
        return rec.status
    if (rec.paid_cents or 0) > 0:
        return S.paid if balance <= 0 else S.partially_paid
    return S.submitted


def line_values(rec: ImportRecord) -> list[dict[str, Any]]:
    pointers = list(range(1, min(4, len(rec.diagnosis_codes)) + 1))
    return [
        {
            "line_number": n,
            "procedure_code": p.code,
            "modifiers": list(p.modifiers),
            "diagnosis_pointers": pointers,
            "units": p.units,
            "service_date": rec.service_from,
            "charge_cents": charge,
        }
        for n, (p, charge) in enumerate(zip(rec.procedures, rec.line_charges, strict=True), start=1)
    ]


def _counters(status: ClaimStatus, rec: ImportRecord) -> dict[str, Any]:
    """What the lifecycle would have stamped on the way to `status` (KPIs read these)."""
    submitted, paid_on = at_midnight(rec.submitted_on), at_midnight(rec.last_payment_on)
    values: dict[str, Any] = {"last_payment_at": paid_on if rec.paid_cents else None}
    if status not in NOT_SUBMITTED:
        values |= {"submitted_at": submitted, "first_submitted_at": submitted, "submission_count": 1}
    if status is S.rejected:
        values["rejection_count"] = 1
    if status in ADJUDICATED:
        values |= {"adjudicated_at": paid_on, "adjudication_count": 1}
    return values


def create_claim(rec: ImportRecord, parties: Parties, control_number: str, rows: BatchRows) -> uuid.UUID:
    paid, adj, patient = rec.paid_cents or 0, rec.adjustment_cents or 0, rec.patient_cents or 0
    balance = rec.charge_cents - paid - adj - patient
    status = inferred_status(rec, balance)
    claim_id = rows.add("claims", {
        "patient_id": parties.patient_id, "coverage_id": parties.coverage_id, "payer_id": parties.payer.id,
        "billing_provider_id": parties.billing_provider_id,
        "rendering_provider_id": parties.rendering_provider_id,
        "claim_type": "professional", "status": status, "patient_control_number": control_number,
        "external_claim_id": rec.external_claim_id, "place_of_service": rec.place_of_service or "11",
        "service_date_from": rec.service_from, "service_date_to": rec.service_to,
        "diagnosis_codes": rec.diagnosis_codes, "charge_cents": rec.charge_cents,
        "allowed_cents": paid + patient, "paid_cents": paid, "adjustment_cents": adj,
        "patient_responsibility_cents": patient, "balance_cents": balance, "version": 1,
        **_counters(status, rec),
    })  # fmt: skip
    for values in line_values(rec):
        rows.add("claim_lines", {"claim_id": claim_id, **values})
    payer = (parties.payer.id, parties.payer.name)
    payment_id = rows.ledger(claim_id, payer, MoneyDelta(paid, adj, patient), rec.last_payment_on)
    changes = _created_changes(rec, status, control_number, balance, payment_id)
    rows.audits.append(rows.draft("claim.imported", claim_id, rec, changes))
    return claim_id


def _created_changes(
    rec: ImportRecord, status: ClaimStatus, control_number: str, balance: int, payment_id: uuid.UUID | None
) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "status": [None, status.value],
        "external_claim_id": [None, rec.external_claim_id],
        "patient_control_number": [None, control_number],
        "lines": [None, tokens(rec.procedures, rec.line_charges)],
        "charge_cents": [None, rec.charge_cents],
        "paid_cents": [None, rec.paid_cents or 0],
        "adjustment_cents": [None, rec.adjustment_cents or 0],
        "patient_responsibility_cents": [None, rec.patient_cents or 0],
        "balance_cents": [None, balance],
    }
    if payment_id is not None:
        changes["payment_id"] = [None, str(payment_id)]
    if rec.aging is not None:
        # Recorded as the source said it, never used: aging is computed from our own dates.
        changes["source_aging_days"] = [None, rec.aging]
    return changes


def tokens(procedures: list[ProcedureEntry], charges: list[int]) -> list[str]:
    return [
        procedure_token(p.code, p.modifiers, p.units, c) for p, c in zip(procedures, charges, strict=True)
    ]
