"""The whole path in process: claims -> real 837 -> payer simulator -> 999/277CA -> 835 -> posting.

Every claim must end in the state the simulator decided, and the ledger must balance.
(`test_celery_pipeline.py` runs the same path through a real Celery worker on PostgreSQL/Redis.)
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from rcm.batches import service as batches
from rcm.batches.tasks import poll_clearinghouse
from rcm.claims import service as claims
from rcm.payments.ledger import check_ledger
from tests.e2e.pipeline import EXPECTED, configure_simulator, decisions
from tests.factories import OrgFixture, make_claim, make_world, scrubbed


def test_claims_end_where_the_simulator_decided(session: Session, org: OrgFixture) -> None:
    configure_simulator(
        org.id, rejection_rate=0.15, denial_rate=0.15, partial_payment_rate=0.15, reversal_rate=0.1
    )
    world = make_world(session, org)
    made = [scrubbed(session, org, make_claim(session, org, lines=2, world=world)) for _ in range(60)]
    batches.submit_claims(session, org.ctx, [c.id for c in made])
    session.commit()  # the send job runs after commit (eagerly in tests)
    poll_clearinghouse(org_id=str(org.id))  # 999 + 277CA, then the 835s that are due
    poll_clearinghouse(org_id=str(org.id))  # reversals released after the first payment
    decided = decisions(org.id)
    final = claims.by_control_numbers(session, org.ctx, [c.patient_control_number for c in made])
    session.expire_all()
    outcomes = Counter(d.outcome.value for d in decided.values())
    assert len(outcomes) >= 4, outcomes  # the seed exercises rejections, denials, partials, payments
    for pcn, claim in final.items():
        assert claim.status is EXPECTED[decided[pcn].outcome], (pcn, decided[pcn].outcome, claim.status)
        if decided[pcn].outcome.value in ("paid", "partial", "reversed"):
            assert claim.paid_cents == int(decided[pcn].paid * 100)
    assert check_ledger(session, org.ctx).ok
    # the trigger-maintained rollups followed every bulk update the pipeline made
    from datetime import date

    from rcm.analytics import service as kpis
    from rcm.analytics.repository import KpiFilters

    kpis.USE_ROLLUPS = False
    raw = kpis.dashboard(session, org.ctx, KpiFilters(), date.today())
    kpis.USE_ROLLUPS = True
    assert kpis.dashboard(session, org.ctx, KpiFilters(), date.today()) == raw
