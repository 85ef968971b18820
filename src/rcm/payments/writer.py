"""Turn planned postings into rows and write them in bulk (one chunk of claims at a time)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from rcm import bulk
from rcm.audit import service as audit
from rcm.audit.service import AuditDraft
from rcm.claims import service as claims
from rcm.denials import service as denials
from rcm.denials.mapping import Override
from rcm.edi.remittance import ClaimPayment, RemittanceHeader
from rcm.edi.remittance import ProviderAdjustment as PlbPair
from rcm.ids import uuid7_text, uuid7_texts
from rcm.money import to_cents as cents
from rcm.payers.models import Payer
from rcm.payments.clp_json import to_json
from rcm.payments.models import (
    PaymentMethod,
    PaymentSource,
    ProviderAdjustment,
    Remittance,
    UnmatchedStatus,
)
from rcm.payments.planner import ClaimPlan, ClaimState
from rcm.payments.repository import (
    AdjustmentRepository,
    PaymentRepository,
    RemittanceRepository,
    UnmatchedRepository,
)
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


# Ledger rows in COPY column order (see ChunkWriter.claim).
PAYMENT_COLUMNS = (
    "id", "org_id", "created_at", "updated_at", "created_by", "updated_by", "claim_id", "payer_id",
    "payer_name", "currency", "method", "source", "era_trace_number", "posted_at", "remittance_id",
    "amount_cents", "claim_status_code", "payer_claim_control_number", "is_reversal",
)  # fmt: skip
ADJUSTMENT_COLUMNS = (
    "id", "org_id", "created_at", "updated_at", "created_by", "updated_by", "payment_id", "claim_id",
    "claim_line_id", "group_code", "carc", "amount_cents", "quantity", "kind",
)  # fmt: skip


class ChunkWriter:
    """Collects the rows of one chunk of CLPs as tuples; `stage` turns them into one bulk batch
    (written in dependency order: claims, payments, adjustments, denials, work items, audit)."""

    def __init__(
        self,
        ctx: AuthContext,
        report: RemittanceReport,
        header: RemittanceHeader,
        now: datetime,
        payers: dict[uuid.UUID, Payer],
        rules: dict[Any, Any] | None = None,
    ) -> None:
        self.ctx, self.report, self.header, self.now, self.payers = ctx, report, header, now, payers
        self.rules: dict[Any, Any] = {} if rules is None else rules  # work item routing, cached by the caller
        self.stamp = _stamp(ctx, now)
        # Ids as text in the tuple rows: COPY takes text as is (a UUID object goes through a
        # Python-level dumper for every row).
        user, at = (str(ctx.user_id) if ctx.user_id else None), now.isoformat()  # timestamps too
        self.head = (str(ctx.org_id), at, at, user, user)  # org + audit columns of a row
        self.user = user
        method = METHODS.get(header.payment.method, PaymentMethod.eft).value
        remittance = str(report.remittance_id) if report.remittance_id else None
        # payer_name, currency, method, source, era_trace_number, posted_at, remittance_id
        self.payment_common = (
            report.payer_name[:100], "USD", method, PaymentSource.era.value,
            report.trace_number[:50], at, remittance,
        )  # fmt: skip
        self.payer_texts = {payer_id: str(payer_id) for payer_id in payers}
        self.reason_prefix = f"835 trace {report.trace_number} CLP02="
        self.source = str(report.remittance_id or "")
        self.states: dict[str, ClaimState] = {}  # by claim id (text)
        self.versions: dict[str, int] = {}
        self.opened: dict[str, int] = {}  # open denied cents added by this chunk, by claim
        self.planned: list[tuple[ClaimState, ClaimPlan, dict[str, Any]]] = []
        self.denials: list[dict[str, Any]] = []
        self.unmatched_rows: list[dict[str, Any]] = []
        self.items: list[ItemDraft] = []
        self.audits: list[AuditDraft] = []
        self.reversed: list[str] = []

    @property
    def has_reversals(self) -> bool:
        return bool(self.reversed)

    def claim(self, state: ClaimState, plan: ClaimPlan) -> None:
        """One planned CLP. A claim may be posted twice in a chunk (reversal, then correction): it is
        written once, with its final state, under the version it had when the chunk began."""
        if state.id not in self.states:
            self.states[state.id] = state
            self.versions[state.id] = state.version
            self.opened[state.id] = 0
        # What the open-denial trigger would add to the claim: open denials outside group PR.
        self.opened[state.id] += sum(d.amount_cents for d in plan.denials if d.group_code != "PR")
        if plan.reversal:
            self.reversed.append(state.id)
        # One audit event per posted CLP: the transitions it caused (in order) and the money moved.
        changes = state.changes()
        if plan.events:
            changes["transitions"] = [[e.value, b.value, a.value] for e, b, a in plan.events]
        self.planned.append((state, plan, changes))

    def _rows(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Payment and adjustment rows of every planned CLP; collects their denials and audit drafts."""
        head, common = self.head, self.payment_common
        payments: list[tuple[Any, ...]] = []
        adjustments: list[tuple[Any, ...]] = []
        ids = iter(uuid7_texts(len(self.planned) + sum(len(p.adjustments) for _, p, _ in self.planned)))
        for state, plan, changes in self.planned:
            payment_id, pay = next(ids), plan.payment
            payments.append(
                (payment_id, *head, state.id, self.payer_texts[state.payer_id], *common, pay["amount_cents"],
                 pay["claim_status_code"], pay["payer_claim_control_number"], pay["is_reversal"])
            )  # fmt: skip
            adjustments += [(next(ids), *head, payment_id, state.id, *adj) for adj in plan.adjustments]
            for draft in plan.denials:
                self._denial(state, draft, payment_id)
            changes["payment_id"] = [None, payment_id]
            changes["payment_cents"] = [None, pay["amount_cents"]]
            self.audits.append(
                AuditDraft(
                    "claim.remittance_posted",
                    "claim",
                    state.id,
                    changes,
                    self.reason_prefix + pay["claim_status_code"],
                    self.source,
                )
            )
        return payments, adjustments

    def _claim_rows(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """Claims and changed lines as updates; the states move to their new version."""
        now, user = self.now, self.user
        claim_rows, line_rows = [], []
        for s in self.states.values():
            claim_rows.append(
                (s.id, self.versions[s.id], s.status.value, s.allowed_cents, s.paid_cents,
                 s.patient_responsibility_cents, s.adjustment_cents, s.balance_cents, s.adjudicated_at,
                 s.adjudication_count, s.last_payment_at, s.payer_claim_control_number, now, user,
                 self.opened[s.id])
            )  # fmt: skip
            s.version = self.versions[s.id] + 1
            for ln in s.lines:
                if ln.changed:
                    line_rows.append(
                        (ln.id, ln.allowed_cents, ln.paid_cents, ln.patient_responsibility_cents,
                         ln.adjustment_cents, now)
                    )  # fmt: skip
                    ln.changed = False
        return claim_rows, line_rows

    def _denial(self, state: ClaimState, draft: Any, payment_id: str) -> None:
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
        row_id = uuid7_text()
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

    def stage(self, session: Session) -> bulk.Batch:
        """The chunk as one batch. Runs what needs the session now: closing the denials of reversed
        claims (call it with no earlier batch pending), routing work items, chaining the audit."""
        batch = bulk.Batch()
        payments, adjustments = self._rows()
        claims.stage_posted(session, self.ctx, batch, *self._claim_rows())
        repo = PaymentRepository(session, self.ctx)
        repo.stage_insert(batch, payments, PAYMENT_COLUMNS)
        AdjustmentRepository(session, self.ctx).stage_insert(batch, adjustments, ADJUSTMENT_COLUMNS)
        UnmatchedRepository(session, self.ctx).stage_insert(batch, self.unmatched_rows)
        denials.stage_denials(session, self.ctx, self.denials, batch)
        if self.reversed:
            reversed_ids = [uuid.UUID(claim_id) for claim_id in self.reversed]
            self.audits += denials.close_for_reversal(
                session, self.ctx, reversed_ids, self.report.remittance_id, self.now
            )
        workqueues.stage_items(session, self.ctx, self.items, batch, today=self.now.date(), rules=self.rules)
        audit.stage_many(session, self.ctx, self.audits, batch)
        return batch

    def write(self, session: Session) -> None:
        """Stage and write at once (posting by hand)."""
        bulk.run(session, self.stage(session))
