"""Hand-computed KPI vectors (SPEC section 7): each fixture is small enough to work out by hand.

The same assertions run on SQLite locally and on PostgreSQL in CI, so the numbers agree on both.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from rcm.analytics import service
from rcm.analytics.repository import KpiFilters
from rcm.claims.models import Claim, PayerSequence
from rcm.claims.state_machine import ClaimStatus as S
from rcm.denials.models import Denial
from rcm.payments.models import AdjustmentKind, Payment, PaymentAdjustment, PaymentMethod, PaymentSource
from tests.factories import ClaimWorld, OrgFixture, make_claim, make_world

AS_OF = date(2026, 11, 20)
ALL = KpiFilters()


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)


@pytest.fixture
def put(session: Session, org: OrgFixture) -> Callable[..., Claim]:
    """`put(world, status, age=..., charge=..., **columns)` -> a claim in exactly that state (test setup)."""

    def make(world: ClaimWorld, status: S, *, age: int = 10, charge: int = 10_000, **columns: Any) -> Claim:
        claim = make_claim(session, org, lines=1, world=world, dos=AS_OF - timedelta(days=age))
        claim.lines[0].charge_cents = claim.charge_cents = charge
        columns.setdefault(
            "balance_cents",
            charge
            - columns.get("paid_cents", 0)
            - columns.get("adjustment_cents", 0)
            - columns.get("patient_responsibility_cents", 0),
        )
        for key, value in {"status": status, **columns}.items():
            setattr(claim, key, value)
        session.flush()
        return claim

    return make


class TestDenialRate:
    def test_spec_vectors_payer_a_50_payer_b_100(
        self, session: Session, org: OrgFixture, put: Callable
    ) -> None:
        a = make_world(session, org, name="Payer A")
        b = make_world(session, org, name="Payer B")
        put(a, S.denied)
        put(a, S.paid, paid_cents=10_000)
        put(a, S.draft)  # not adjudicated: only the all-claims variant counts it
        put(b, S.denied)
        result = service.denial_rate(session, org.ctx, ALL)
        by_payer = {r["payer"]: r for r in result["by_payer"]}
        assert by_payer["Payer A"]["denial_rate"] == 50.0
        assert by_payer["Payer B"]["denial_rate"] == 100.0
        assert by_payer["Payer A"]["denial_rate_all_claims"] == 33.3
        assert (result["denied"], result["adjudicated"], result["denial_rate"]) == (2, 3, 66.7)
        assert [r["payer"] for r in result["by_payer"]] == ["Payer B", "Payer A"]  # most denying first

    def test_payer_filter_and_empty_denominator(
        self, session: Session, org: OrgFixture, put: Callable
    ) -> None:
        a = make_world(session, org)
        put(a, S.draft)
        result = service.denial_rate(session, org.ctx, KpiFilters(payer_id=a.payer.id))
        assert result["denial_rate"] is None and result["claims"] == 1


class TestAging:
    def test_15_45_75_days_one_per_bucket(self, session: Session, org: OrgFixture, put: Callable) -> None:
        world = make_world(session, org)
        for age in (15, 45, 75):
            put(world, S.accepted, age=age, charge=1_000)
        buckets = {b["bucket"]: b for b in service.aging(session, org.ctx, ALL, AS_OF)["buckets"]}
        assert [buckets[k]["claims"] for k in ("0-30", "31-60", "61-90", "91-120", "120+")] == [1, 1, 1, 0, 0]
        assert buckets["31-60"]["balance_cents"] == 1_000

    @pytest.mark.parametrize(
        ("age", "bucket"),
        [
            (0, "0-30"),
            (30, "0-30"),
            (31, "31-60"),
            (60, "31-60"),
            (61, "61-90"),
            (90, "61-90"),
            (91, "91-120"),
            (120, "91-120"),
            (121, "120+"),
        ],
    )
    def test_bucket_edges(
        self, session: Session, org: OrgFixture, put: Callable, age: int, bucket: str
    ) -> None:
        put(make_world(session, org), S.submitted, age=age)
        found = {b["bucket"]: b["claims"] for b in service.aging(session, org.ctx, ALL, AS_OF)["buckets"]}
        assert found[bucket] == 1 and sum(found.values()) == 1

    def test_closed_and_zero_balances_are_not_aged(
        self, session: Session, org: OrgFixture, put: Callable
    ) -> None:
        world = make_world(session, org)
        put(world, S.paid, paid_cents=10_000)
        put(world, S.draft)  # unbilled, not AR
        put(world, S.partially_paid, paid_cents=6_000, adjustment_cents=4_000)  # balance 0
        assert service.aging(session, org.ctx, ALL, AS_OF)["total_balance_cents"] == 0

    def test_by_submission_date(self, session: Session, org: OrgFixture, put: Callable) -> None:
        put(make_world(session, org), S.accepted, age=100, first_submitted_at=at(AS_OF - timedelta(days=20)))
        found = service.aging(session, org.ctx, ALL, AS_OF, by_submission=True)["buckets"]
        assert found[0]["claims"] == 1  # 20 days since submission, though 100 since service


class TestSubmissionQuality:
    def test_clean_claim_and_first_pass(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w, sent = make_world(session, org), at(AS_OF - timedelta(days=5))
        put(w, S.paid, paid_cents=10_000, first_submitted_at=sent, submission_count=1, adjudication_count=1)
        put(
            w,
            S.paid,
            paid_cents=10_000,
            first_submitted_at=sent,
            submission_count=2,
            rejection_count=1,
            adjudication_count=1,
        )
        put(w, S.submitted, first_submitted_at=sent, submission_count=1)
        put(w, S.denied, first_submitted_at=sent, submission_count=1, adjudication_count=1)
        put(
            w,
            S.partially_paid,
            paid_cents=5_000,
            first_submitted_at=sent,
            submission_count=1,
            adjudication_count=1,
        )
        put(w, S.paid, paid_cents=10_000, first_submitted_at=sent, submission_count=1, adjudication_count=2)
        result = service.submission_quality(session, org.ctx, ALL)
        # clean (first submission, no rejection, answered): 1st, 4th, 5th, 6th of the 6 submitted;
        # paid on the first adjudication: 1st and 2nd of the 5 adjudicated (the 6th was adjudicated twice)
        assert (result["clean_claims"], result["submitted"], result["clean_claim_rate"]) == (4, 6, 66.7)
        assert (result["paid_first_time"], result["adjudicated"]) == (2, 5)
        assert result["first_pass_resolution_rate"] == 40.0


class TestMoney:
    def test_days_in_ar_and_days_to_pay(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w = make_world(session, org)
        put(w, S.accepted, age=10, charge=9_000)  # open AR 9,000
        put(
            w,
            S.paid,
            age=20,
            charge=9_000,
            paid_cents=9_000,
            first_submitted_at=at(AS_OF - timedelta(days=18)),
            last_payment_at=at(AS_OF - timedelta(days=8)),
        )  # 10 days to pay
        put(
            w,
            S.paid,
            age=40,
            charge=9_000,
            paid_cents=9_000,
            first_submitted_at=at(AS_OF - timedelta(days=38)),
            last_payment_at=at(AS_OF - timedelta(days=18)),
        )  # 20 days to pay
        put(w, S.accepted, age=200, charge=5_000)  # outside the 90-day window; still AR
        result = service.days_in_ar(session, org.ctx, ALL, AS_OF)
        assert result["outstanding_ar_cents"] == 14_000
        assert result["average_daily_charges_cents"] == 300  # 27,000 over 90 days
        assert result["days_in_ar"] == 46.7  # 14,000 / 300
        assert result["days_to_pay"] == 15.0 and result["paid_claims"] == 2

    def test_days_to_pay_counts_calendar_days(self, session: Session, org: OrgFixture, put: Callable) -> None:
        """An 835 dated the day of submission is 0 days, not -0.4 (its date is midnight, the
        submission later that day); submitted 23:00, paid next day is 1 day."""
        w = make_world(session, org)
        day = AS_OF - timedelta(days=30)
        for submitted, paid in (
            (timedelta(hours=14), timedelta(0)),
            (timedelta(hours=23), timedelta(days=1)),
        ):
            put(
                w,
                S.paid,
                age=31,
                charge=9_000,
                paid_cents=9_000,
                first_submitted_at=at(day) + submitted,
                last_payment_at=at(day) + paid,
            )
        result = service.days_to_pay(session, org.ctx, ALL)
        assert (result["days_to_pay"], result["paid_claims"]) == (0.5, 2)

    def test_gross_and_net_collection(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w = make_world(session, org)
        primary = put(
            w,
            S.paid,
            charge=10_000,
            paid_cents=6_000,
            adjustment_cents=2_000,
            patient_responsibility_cents=2_000,
        )
        put(
            w,
            S.paid,
            charge=10_000,
            paid_cents=1_000,
            payer_sequence=PayerSequence.secondary,
            adjustment_cents=9_000,
        )  # its charges repeat the primary's: not counted again
        payment = Payment(
            org_id=org.id,
            claim_id=primary.id,
            payer_name="x",
            amount_cents=6_000,
            method=PaymentMethod.eft,
            source=PaymentSource.era,
            posted_at=at(AS_OF),
        )
        session.add(payment)
        session.flush()
        session.add(
            PaymentAdjustment(
                org_id=org.id,
                payment_id=payment.id,
                claim_id=primary.id,
                group_code="CO",
                carc="45",
                amount_cents=2_000,
                kind=AdjustmentKind.contractual,
            )
        )
        session.flush()
        result = service.collection_rate(session, org.ctx, ALL, AS_OF)
        assert (result["payments_cents"], result["charges_cents"]) == (7_000, 10_000)
        assert result["gross_collection_rate"] == 70.0
        assert result["net_collection_rate"] == 87.5  # 7,000 / (10,000 - 2,000)

    def test_time_to_cash_median_and_p90(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w = make_world(session, org)
        for days in (10, 20, 30, 40):
            put(w, S.paid, age=50, paid_cents=10_000, last_payment_at=at(AS_OF - timedelta(days=50 - days)))
        put(w, S.partially_paid, age=50, paid_cents=1_000, last_payment_at=at(AS_OF))  # not final: excluded
        result = service.time_to_cash(session, org.ctx, ALL)
        assert (result["paid_claims"], result["median_days"], result["p90_days"]) == (4, 25.0, 37.0)

    def test_revenue_at_risk(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w = make_world(session, org)
        put(w, S.accepted, age=130, charge=5_000)  # aged: 5,000
        denied = put(w, S.denied, age=40, charge=3_000)
        partial = put(w, S.partially_paid, age=40, charge=4_000, paid_cents=2_000)
        put(w, S.accepted, age=50, charge=4_000)  # neither aged nor denied
        for claim, amount in ((denied, 3_000), (partial, 1_500)):
            session.add(
                Denial(
                    org_id=org.id,
                    claim_id=claim.id,
                    payer_id=w.payer.id,
                    group_code="CO",
                    carc="50",
                    amount_cents=amount,
                    category="MEDICAL_NECESSITY",
                )
            )
        session.flush()
        result = service.revenue_at_risk(session, org.ctx, ALL, AS_OF)
        assert (result["older_than_120_days_cents"], result["open_denied_cents"]) == (5_000, 4_500)
        assert result["revenue_at_risk_cents"] == 9_500


class TestBreakdowns:
    def test_denial_reasons_by_payer_and_root_cause(
        self, session: Session, org: OrgFixture, put: Callable
    ) -> None:
        w = make_world(session, org, name="Payer A")
        claim = put(w, S.denied)
        for carc, category, root in (
            ("50", "MEDICAL_NECESSITY", "MedicalNecessity"),
            ("50", "MEDICAL_NECESSITY", "MedicalNecessity"),
            ("197", "AUTHORIZATION", "MissingAuth"),
        ):
            session.add(
                Denial(
                    org_id=org.id,
                    claim_id=claim.id,
                    payer_id=w.payer.id,
                    group_code="CO",
                    carc=carc,
                    amount_cents=1_000,
                    category=category,
                    root_cause=root,
                )
            )
        session.flush()
        result = service.denial_reasons(session, org.ctx, ALL)
        assert [(r["carc"], r["denials"], r["amount_cents"]) for r in result["by_payer_and_reason"]] == [
            ("50", 2, 2_000),
            ("197", 1, 1_000),
        ]
        assert result["by_root_cause"][0] == {
            "root_cause": "MedicalNecessity",
            "denials": 2,
            "amount_cents": 2_000,
        }

    def test_payer_scorecards(self, session: Session, org: OrgFixture, put: Callable) -> None:
        w = make_world(session, org, name="Payer A")
        put(w, S.denied, age=100)
        put(w, S.paid, paid_cents=10_000)
        (card,) = service.payer_scorecards(session, org.ctx, ALL, AS_OF)["payers"]
        assert (card["payer"], card["claims"], card["denial_rate"]) == ("Payer A", 2, 50.0)
        assert (card["open_ar_cents"], card["ar_over_90_days_cents"]) == (10_000, 10_000)
        assert card["gross_collection_rate"] == 50.0

    def test_kpis_never_see_another_org(
        self, session: Session, org: OrgFixture, other_org: OrgFixture, put: Callable
    ) -> None:
        make_claim(session, other_org)
        assert service.denial_rate(session, org.ctx, ALL)["claims"] == 0


class TestApi:
    def test_dashboard_and_csv(
        self, session: Session, org: OrgFixture, put: Callable, as_role: Callable
    ) -> None:
        w = make_world(session, org, name="Payer A")
        put(w, S.denied)
        put(w, S.paid, paid_cents=10_000)
        session.commit()
        manager = as_role("billing_manager")
        board = manager.get("/analytics/dashboard", params={"as_of": AS_OF.isoformat()}).json()
        assert board["denial_rate"]["denial_rate"] == 50.0
        assert {
            "clean_claim_rate",
            "days_in_ar",
            "aging",
            "gross_collection_rate",
            "time_to_cash",
            "revenue_at_risk",
        } <= set(board)
        csv_text = manager.get("/analytics/denial-rate", params={"format": "csv"}).text
        assert csv_text.splitlines()[0].startswith("payer_id,payer,denied,adjudicated")
        assert "Payer A" in csv_text
        assert as_role("front_desk").get("/analytics/dashboard").status_code == 403

    def test_staff_productivity_and_error_rate(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        from rcm.batches import inbound
        from rcm.batches.models import Batch
        from tests.batches.test_acknowledgments import _999
        from tests.factories import scrubbed

        world = make_world(session, org)
        claims = [scrubbed(session, org, make_claim(session, org, world=world)) for _ in range(2)]
        session.commit()
        manager = as_role("billing_manager", full_name="Ravi Okafor")
        batches = [manager.post(f"/claims/{c.id}/submit", json={}).json()[0] for c in claims]
        session.expire_all()  # the API changed these claims through its own session
        rejected = session.get(Batch, uuid.UUID(batches[0]["id"]))
        result = inbound.ingest(session, org.ctx, "r.999", _999(rejected, "R"), source="test")  # type: ignore[arg-type]
        assert result.error is None and result.summary["rejected"] == 1, result.summary
        session.commit()
        today = date.today()
        report = (
            as_role("billing_manager")
            .get(
                "/analytics/staff-productivity",
                params={"since": today.isoformat(), "until": today.isoformat()},
            )
            .json()
        )
        (user,) = [u for u in report["users"] if u["submissions"]]
        assert (user["submissions"], user["rejected_after_submission"], user["error_rate"]) == (2, 1, 50.0)
        assert user["actions"] >= 2 and user["active_days"] == 1
        assert user["name"] == "Ravi Okafor"
