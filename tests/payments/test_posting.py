"""ERA posting: statuses, payments, adjustments, patient responsibility, denials, safety."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rcm.audit.repository import AuditRepository
from rcm.audit.service import verify_chain
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.denials.models import Denial
from rcm.payments.ledger import check_ledger
from rcm.payments.models import (
    Payment,
    PaymentAdjustment,
    ProviderAdjustment,
    Remittance,
    UnmatchedRemittanceClaim,
)
from rcm.payments.posting import post_era
from rcm.workqueues.models import WorkItem
from tests.factories import OrgFixture
from tests.payments.era import Clp, Line, era

Submitted = Callable[..., Claim]


def _count(session: Session, model: type, **where: object) -> int:
    stmt = select(func.count()).select_from(model).filter_by(**where)
    return int(session.scalar(stmt) or 0)


def _fresh(session: Session, claim: Claim) -> Claim:
    session.expire_all()
    stmt = select(Claim).where(Claim.id == claim.id).options(selectinload(Claim.lines))
    return session.scalars(stmt).one()


class TestFullPayment:
    def test_paid_with_contractual_and_coinsurance(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=2)  # lines 10000 + 12500
        content = era(
            [
                Clp(
                    claim,
                    [
                        Line(7000, [("CO", "45", 1500), ("PR", "2", 1500)]),
                        Line(9000, [("CO", "45", 1000), ("PR", "3", 2500)]),
                    ],
                )
            ]
        )
        report = post_era(session, org.ctx, content)
        rem = report.remittances[0]
        assert (rem.status, rem.claims, rem.matched, rem.unmatched, rem.denials) == ("posted", 1, 1, 0, 0)
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.paid
        assert (
            claim.paid_cents,
            claim.adjustment_cents,
            claim.patient_responsibility_cents,
            claim.balance_cents,
        ) == (16000, 2500, 4000, 0)
        assert claim.allowed_cents == 20000
        assert [
            (ln.paid_cents, ln.adjustment_cents, ln.patient_responsibility_cents) for ln in claim.lines
        ] == [(7000, 1500, 1500), (9000, 1000, 2500)]
        assert claim.payer_claim_control_number == "PCCN" + claim.patient_control_number
        assert claim.adjudication_count == 1 and claim.last_payment_at is not None
        assert _count(session, PaymentAdjustment, claim_id=claim.id) == 4
        posted = AuditRepository(session, org.ctx).for_entity("claim", claim.id)[-1]
        assert posted.action == "claim.remittance_posted"
        assert posted.changes["status"] == ["Submitted", "Paid"]
        assert posted.changes["transitions"] == [
            ["accept", "Submitted", "Accepted"],
            ["pay_full", "Accepted", "Paid"],
        ]
        assert posted.changes["paid_cents"] == [0, 16000]
        assert check_ledger(session, org.ctx).ok
        assert verify_chain(session, org.ctx).ok  # bulk-appended events chain like single ones

    def test_zero_pay_deductible_is_paid_and_patient_owes(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(session, org.ctx, era([Clp(claim, [Line(0, [("CO", "45", 2000), ("PR", "1", 8000)])])]))
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.paid
        assert (claim.paid_cents, claim.patient_responsibility_cents, claim.balance_cents) == (0, 8000, 0)
        assert _count(session, Denial, claim_id=claim.id) == 0
        assert _count(session, Payment, claim_id=claim.id, amount_cents=0) == 1


class TestDenials:
    def test_line_denial_leaves_balance_open_and_partially_paid(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=2)
        content = era(
            [Clp(claim, [Line(8000, [("CO", "45", 2000)]), Line(0, [("CO", "50", 12500)], remarks=["N115"])])]
        )
        post_era(session, org.ctx, content)
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.partially_paid
        assert claim.balance_cents == 12500  # the denied amount stays recoverable
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert (denial.carc, denial.group_code, denial.amount_cents) == ("50", "CO", 12500)
        assert (denial.category, denial.root_cause, denial.recommended_action) == (
            "MEDICAL_NECESSITY",
            "LcdNcdNotMet",
            "appeal",
        )
        assert denial.rarcs == ["N115"]
        assert denial.claim_line_id == claim.lines[1].id
        assert (
            denial.appeal_deadline is not None
            and (denial.appeal_deadline - denial.adjudication_date).days == 180
        )
        item = session.scalars(select(WorkItem).where(WorkItem.entity_id == denial.id)).one()
        assert item.queue == "clinical_documentation" and item.amount_cents == 12500

    def test_fully_denied_claim(self, session: Session, org: OrgFixture, submitted: Submitted) -> None:
        claim = submitted(lines=1)
        post_era(session, org.ctx, era([Clp(claim, [Line(0, [("CO", "197", 10000)])], status="4")]))
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.denied
        assert (claim.paid_cents, claim.balance_cents) == (0, 10000)
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert (denial.category, denial.root_cause, denial.owning_team) == (
            "AUTHORIZATION",
            "MissingAuth",
            "authorizations",
        )

    def test_rarc_refines_generic_carc_16(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(
            session,
            org.ctx,
            era([Clp(claim, [Line(0, [("CO", "16", 10000)], remarks=["MA130"])], status="4")]),
        )
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert (denial.category, denial.root_cause, denial.recommended_action) == (
            "MISSING_INFO",
            "UnprocessableClaim",
            "correct_and_resubmit",
        )

    def test_patient_liable_non_covered_is_a_denial_billed_to_the_patient(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(session, org.ctx, era([Clp(claim, [Line(0, [("PR", "204", 10000)])])]))
        claim = _fresh(session, claim)
        assert claim.patient_responsibility_cents == 10000 and claim.balance_cents == 0
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert (denial.category, denial.recommended_action) == ("NON_COVERED", "bill_patient")

    def test_contractual_and_cost_share_are_not_denials(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(
            session,
            org.ctx,
            era(
                [
                    Clp(
                        claim,
                        [
                            Line(
                                5000,
                                [("CO", "45", 3000), ("PR", "1", 1000), ("PR", "2", 500), ("PR", "3", 500)],
                            )
                        ],
                    )
                ]
            ),
        )
        assert _count(session, Denial, claim_id=claim.id) == 0


class TestReversal:
    def test_reversal_and_correction_in_a_later_era(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(session, org.ctx, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])], trace="T1"))
        claim = _fresh(session, claim)
        original = [Line(8000, [("CO", "45", 2000)])]
        corrected = [Line(6000, [("CO", "45", 2000), ("PR", "2", 2000)])]
        post_era(
            session, org.ctx, era([Clp(claim, original, reversal=True), Clp(claim, corrected)], trace="T2")
        )
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.paid
        assert (claim.paid_cents, claim.adjustment_cents, claim.patient_responsibility_cents) == (
            6000,
            2000,
            2000,
        )
        assert [
            p.amount_cents
            for p in session.scalars(
                select(Payment)
                .where(Payment.claim_id == claim.id)
                .order_by(Payment.created_at, Payment.amount_cents)
            )
        ] in ([8000, -8000, 6000], [8000, 6000, -8000], [-8000, 6000, 8000])
        events = [
            e.changes.get("transitions", [])
            for e in AuditRepository(session, org.ctx).for_entity("claim", claim.id)
        ]
        done = [t[0] for transitions in events for t in transitions]
        assert done[-4:] == ["accept", "pay_full", "reverse", "pay_full"]
        assert check_ledger(session, org.ctx).ok

    def test_reversal_closes_the_old_denial(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        post_era(
            session, org.ctx, era([Clp(claim, [Line(0, [("CO", "50", 10000)])], status="4")], trace="T1")
        )
        claim = _fresh(session, claim)
        post_era(
            session,
            org.ctx,
            era(
                [
                    Clp(claim, [Line(0, [("CO", "50", 10000)])], reversal=True),
                    Clp(claim, [Line(7000, [("CO", "45", 3000)])]),
                ],
                trace="T2",
            ),
        )
        claim = _fresh(session, claim)
        assert claim.status is ClaimStatus.paid
        denial = session.scalars(select(Denial).where(Denial.claim_id == claim.id)).one()
        assert not denial.is_open and denial.resolution == "reversed by the payer"


class TestSafety:
    def test_same_era_twice_posts_once(self, session: Session, org: OrgFixture, submitted: Submitted) -> None:
        claim = submitted(lines=1)
        content = era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])])
        post_era(session, org.ctx, content)
        again = post_era(session, org.ctx, content)
        assert again.duplicate and again.remittances[0].status == "already_posted"
        assert _count(session, Payment, claim_id=claim.id) == 1
        assert _fresh(session, claim).paid_cents == 8000

    def test_dry_run_reports_and_changes_nothing(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        report = post_era(
            session, org.ctx, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])]), dry_run=True
        )
        rem = report.remittances[0]
        assert (rem.status, rem.matched, rem.paid_cents) == ("dry_run", 1, 8000)
        assert rem.as_dict()["statuses"] == {"Paid": 1}
        assert (
            _count(session, Payment, org_id=org.id) == 0 and _count(session, Remittance, org_id=org.id) == 0
        )
        assert _fresh(session, claim).status is ClaimStatus.submitted

    def test_unmatched_clp_goes_to_the_queue_whole(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        content = era([Clp(claim, [Line(8000, [("CO", "45", 2000)])], pcn="NOBODY-42")])
        report = post_era(session, org.ctx, content)
        assert report.remittances[0].unmatched == 1
        row = session.scalars(select(UnmatchedRemittanceClaim).filter_by(org_id=org.id)).one()
        assert (row.patient_control_number, row.paid_cents, row.reason) == (
            "NOBODY-42",
            8000,
            "no claim with this patient control number",
        )
        assert Decimal(row.clp["services"][0]["paid"]) == Decimal("80.00")
        assert _count(session, WorkItem, queue="payment_posting", org_id=org.id) == 1
        assert _fresh(session, claim).status is ClaimStatus.submitted

    def test_plb_is_recorded_on_the_remittance_not_a_claim(
        self, session: Session, org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        content = era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])], plb=[("WO", 1500), ("L6", -250)])
        report = post_era(session, org.ctx, content)
        rem = report.remittances[0]
        assert rem.balanced and rem.payment_cents == 8000 - 1500 + 250
        plbs = session.scalars(
            select(ProviderAdjustment).filter_by(org_id=org.id).order_by(ProviderAdjustment.amount_cents)
        ).all()
        assert [(p.reason_code, p.amount_cents) for p in plbs] == [("L6", -250), ("WO", 1500)]
        assert _fresh(session, claim).paid_cents == 8000

    def test_a_claim_not_awaiting_payment_is_not_posted(self, session: Session, org: OrgFixture) -> None:
        from tests.factories import make_claim

        draft = make_claim(session, org)
        report = post_era(session, org.ctx, era([Clp(draft, [Line(1000), Line(1000)])]))
        assert (
            report.remittances[0].unmatched_claims[0]["reason"] == "the claim is Draft, not awaiting payment"
        )

    def test_other_orgs_claims_are_never_matched(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, submitted: Submitted
    ) -> None:
        claim = submitted(lines=1)
        report = post_era(session, other_org.ctx, era([Clp(claim, [Line(8000, [("CO", "45", 2000)])])]))
        assert report.remittances[0].unmatched == 1
        assert _fresh(session, claim).paid_cents == 0


class TestLineMatching:
    @pytest.mark.parametrize("returned", [("59",), ()])
    def test_dropped_or_reordered_modifier_without_control_number(
        self, session: Session, org: OrgFixture, submitted: Submitted, returned: tuple[str, ...]
    ) -> None:
        claim = submitted(lines=1)
        claim.lines[0].modifiers = ["25", "59"] if returned else ["59", "25"]
        session.flush()
        mods = ("59", "25") if returned == ("59",) else ()
        post_era(
            session,
            org.ctx,
            era([Clp(claim, [Line(8000, [("CO", "45", 2000)], modifiers=mods, control_number=False)])]),
        )
        line = _fresh(session, claim).lines[0]
        assert line.paid_cents == 8000


class TestLedgerCheck:
    def test_reports_a_ledger_row_whose_payment_is_missing(self, session: Session, org: OrgFixture) -> None:
        import uuid

        from rcm.payments.models import AdjustmentKind

        assert check_ledger(session, org.ctx).ok
        missing = uuid.uuid4()
        session.add(
            PaymentAdjustment(
                org_id=org.id,
                payment_id=missing,
                claim_id=uuid.uuid4(),
                group_code="CO",
                carc="45",
                amount_cents=100,
                kind=AdjustmentKind.contractual,
            )
        )
        session.flush()
        report = check_ledger(session, org.ctx)
        assert not report.ok
        found = [p for p in report.problems if p.get("table") == "payment_adjustments"]
        assert {p["problem"] for p in found} == {
            "payment_adjustments.payment_id names a row that does not exist",
            "payment_adjustments.claim_id names a row that does not exist",
        }
        assert any(p.get("payment_id") == str(missing) for p in found)
