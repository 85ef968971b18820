"""Turn planned postings into rows and write them in bulk (one chunk of claims at a time)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.audit.service import AuditDraft
from rcm.claims import service as claims
from rcm.denials import service as denials
from rcm.denials.mapping import Override
from rcm.edi.remittance import ClaimPayment, RemittanceHeader
from rcm.edi.remittance import ProviderAdjustment as PlbPair
from rcm.money import to_cents as cents
from rcm.payers.models import Payer
from rcm.payments.clp_json import to_json
from rcm.payments.models import (
    Payment,
    PaymentAdjustment,
    PaymentMethod,
    PaymentSource,
    ProviderAdjustment,
    Remittance,
    UnmatchedRemittanceClaim,
    UnmatchedStatus,
)
from rcm.payments.planner import ClaimPlan, ClaimState
from rcm.payments.repository import PaymentRepository, RemittanceRepository
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from rcm.workqueues.service import ItemDraft

if TYPE_CHECKING:
    from rcm.payments.posting import RemittanceReport

# BPR04 payment method -> ours.
METHODS = {
    "ACH": PaymentMethod.eft,
    "FWT": PaymentMethod.eft,
    "BOP": PaymentMethod.eft,
    "CHK": PaymentMethod.check,
    "NON": PaymentMethod.non_payment,
}
CLAIM_COLUMNS = (
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
)
LINE_COLUMNS = ("allowed_cents", "paid_cents", "patient_responsibility_cents", "adjustment_cents")


def mapping_overrides(
    session: Session, ctx: AuthContext
) -> dict[tuple[uuid.UUID | None, str, str], Override]:
    return denials.mapping_overrides(session, ctx)


def _stamp(ctx: AuthContext, now: datetime) -> dict[str, Any]:
    return {
        "org_id": ctx.org_id,
        "created_at": now,
        "updated_at": now,
        "created_by": ctx.user_id,
        "updated_by": ctx.user_id,
    }


def create_remittance(
    session: Session,
    ctx: AuthContext,
    header: RemittanceHeader,
    report: RemittanceReport,
    batch_id: uuid.UUID | None,
    now: datetime,
) -> uuid.UUID:
    payment = header.payment
    remittance = Remittance(
        batch_id=batch_id,
        payer_id=report.payer_id,
        payer_name=report.payer_name[:100],
        payer_identifier=report.payer_identifier,
        trace_number=header.trace_number[:50],
        payment_method=payment.method[:3],
        credit_debit=payment.credit_debit or "C",
        payment_cents=cents(payment.signed_amount),
        payment_date=payment.payment_date,
        receiver_account_last4=payment.receiver_account_number[-4:],
        posted_at=now,
    )
    RemittanceRepository(session, ctx).add(remittance)
    session.flush()
    return remittance.id


def finish_remittance(
    session: Session, ctx: AuthContext, report: RemittanceReport, plb: list[PlbPair], now: datetime
) -> None:
    assert report.remittance_id is not None
    rows = [
        {
            "id": uuid.uuid4(),
            **_stamp(ctx, now),
            "remittance_id": report.remittance_id,
            "provider_identifier": p.provider_id[:50],
            "fiscal_period_date": p.fiscal_period_date,
            "reason_code": p.reason[:2],
            "reference": p.reference[:50],
            "amount_cents": cents(p.amount),
        }
        for p in plb
    ]
    PaymentRepository(session, ctx).insert_many(ProviderAdjustment.__table__, rows)  # type: ignore[arg-type]
    remittance = RemittanceRepository(session, ctx).get_or_raise(report.remittance_id)
    remittance.claim_count, remittance.claims_paid_cents = report.claims, report.paid_cents
    remittance.provider_adjustment_cents, remittance.balanced = (
        report.provider_adjustment_cents,
        report.balanced,
    )
    remittance.matched_count, remittance.unmatched_count = report.matched, report.unmatched
    audit.record(
        session,
        ctx,
        "remittance.posted",
        remittance,
        source_document_id=remittance.batch_id or "",
        changes={
            "trace": [None, report.trace_number],
            "claims": [None, report.claims],
            "paid_cents": [None, report.paid_cents],
            "plb_cents": [None, report.provider_adjustment_cents],
            "unmatched": [None, report.unmatched],
            "balanced": [None, report.balanced],
        },
    )


def _native(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class ChunkWriter:
    """Collects the rows of one chunk of CLPs, then writes them in dependency order."""

    def __init__(
        self,
        ctx: AuthContext,
        report: RemittanceReport,
        header: RemittanceHeader,
        now: datetime,
        payers: dict[uuid.UUID, Payer],
    ) -> None:
        self.ctx, self.report, self.header, self.now, self.payers = ctx, report, header, now, payers
        self.stamp = _stamp(ctx, now)
        self.method = METHODS.get(header.payment.method, PaymentMethod.eft)
        self.source = str(report.remittance_id or "")
        self.states: dict[uuid.UUID, ClaimState] = {}
        self.payments: list[dict[str, Any]] = []
        self.adjustments: list[dict[str, Any]] = []
        self.denials: list[dict[str, Any]] = []
        self.unmatched_rows: list[dict[str, Any]] = []
        self.items: list[ItemDraft] = []
        self.audits: list[AuditDraft] = []
        self.reversed: list[uuid.UUID] = []

    def claim(self, state: ClaimState, plan: ClaimPlan) -> None:
        self.states[state.id] = state
        payment_id = uuid.uuid4()
        self.payments.append(
            {
                "id": payment_id,
                **self.stamp,
                "claim_id": state.id,
                "payer_id": state.payer_id,
                "payer_name": self.report.payer_name[:100],
                "currency": "USD",
                "method": self.method,
                "source": PaymentSource.era,
                "era_trace_number": self.report.trace_number[:50],
                "posted_at": self.now,
                "remittance_id": self.report.remittance_id,
                **plan.payment,
            }
        )
        for adj in plan.adjustments:
            self.adjustments.append(
                {"id": uuid.uuid4(), **self.stamp, "payment_id": payment_id, "claim_id": state.id, **adj}
            )
        for draft in plan.denials:
            self._denial(state, draft, payment_id)
        if plan.reversal:
            self.reversed.append(state.id)
        reason = f"835 trace {self.report.trace_number} CLP02={plan.payment['claim_status_code']}"
        # One event per posted CLP: the transitions it caused (from -> to, in order) and the money moved.
        changes: dict[str, Any] = {
            k: [v, _native(getattr(state, k))] for k, v in state.started.items() if v != getattr(state, k)
        }
        if plan.events:
            changes["transitions"] = [[e.value, b.value, a.value] for e, b, a in plan.events]
        changes["payment_id"] = [None, str(payment_id)]
        changes["payment_cents"] = [None, plan.payment["amount_cents"]]
        self.audits.append(
            AuditDraft("claim.remittance_posted", "claim", state.id, changes, reason, self.source)
        )
        state.started = {k: getattr(state, k) for k in state.started}
        state.started["status"] = state.status.value

    def _denial(self, state: ClaimState, draft: Any, payment_id: uuid.UUID) -> None:
        row = denials.denial_row(
            state.id,
            state.payer_id,
            self.payers[state.payer_id],
            draft,
            payment_id,
            self.report.remittance_id,
            self.header.payment.payment_date or self.now.date(),
            self.stamp,
        )
        self.denials.append(row)
        self.items.append(denials.work_item_for(row))
        self.audits.append(
            AuditDraft(
                "denial.created",
                "denial",
                row["id"],
                {
                    "carc": [None, row["carc"]],
                    "category": [None, row["category"]],
                    "amount_cents": [None, row["amount_cents"]],
                },
                f"{row['group_code']}-{row['carc']}",
                self.source,
            )
        )

    def unmatched(self, clp: ClaimPayment, reason: str) -> None:
        row_id = uuid.uuid4()
        patient = clp.patient.name if clp.patient else ""
        self.unmatched_rows.append(
            {
                "id": row_id,
                **self.stamp,
                "remittance_id": self.report.remittance_id,
                "patient_control_number": clp.patient_control_number[:38],
                "payer_claim_control_number": clp.payer_claim_control_number[:50],
                "claim_status_code": clp.status_code[:2],
                "charge_cents": cents(clp.total_charge),
                "paid_cents": cents(clp.paid),
                "patient_name": patient[:100],
                "reason": reason,
                "clp": to_json(clp),
                "status": UnmatchedStatus.open,
                "matched_claim_id": None,
                "resolved_at": None,
                "resolved_by": None,
            }
        )
        self.report.unmatched_claims.append(
            {"patient_control_number": clp.patient_control_number, "reason": reason}
        )
        self.items.append(
            ItemDraft(
                WorkItemKind.unmatched_remittance,
                row_id,
                None,
                f"Unmatched ERA claim {clp.patient_control_number}: {reason}",
                abs(cents(clp.paid)),
                None,
                {"payer_type": ""},
            )
        )

    def _claim_rows(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        claim_rows = [
            {
                "id": s.id,
                "version": s.version,
                **{c: getattr(s, c) for c in CLAIM_COLUMNS},
                "updated_at": self.now,
                "updated_by": self.ctx.user_id,
            }
            for s in self.states.values()
        ]
        line_rows = [
            {"id": ln.id, **{c: getattr(ln, c) for c in LINE_COLUMNS}, "updated_at": self.now}
            for s in self.states.values()
            for ln in s.lines
            if ln.changed
        ]
        return claim_rows, line_rows

    def write(self, session: Session) -> None:
        claim_rows, line_rows = self._claim_rows()
        claims.update_posted(session, self.ctx, claim_rows, line_rows)
        for state in self.states.values():
            state.version += 1
        repo = PaymentRepository(session, self.ctx)
        repo.insert_many(Payment.__table__, self.payments)  # type: ignore[arg-type]
        repo.insert_many(PaymentAdjustment.__table__, self.adjustments)  # type: ignore[arg-type]
        repo.insert_many(UnmatchedRemittanceClaim.__table__, self.unmatched_rows)  # type: ignore[arg-type]
        denials.insert_denials(session, self.ctx, self.denials)
        if self.reversed:
            self.audits += denials.close_for_reversal(
                session, self.ctx, self.reversed, self.report.remittance_id, self.now
            )
        workqueues.open_items(session, self.ctx, self.items, today=self.now.date())
        audit.append_many(session, self.ctx, self.audits)
