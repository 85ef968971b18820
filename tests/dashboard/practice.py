"""A committed practice for the browser tests, built through the real services and the payer simulator.

Three payers behave differently so the dashboard has something to show: Harbor Mutual denies most
claims, Lakeside Health pays (with some front-end rejections and partial payments), Summit Care
accepts and sits on its claims (open AR in every aging bucket). Users act under their own names, so
the claim timelines show who did what.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import yaml
from sqlalchemy.orm import Session

from rcm.auth.models import User
from rcm.batches import service as batches
from rcm.batches.tasks import poll_clearinghouse
from rcm.batches.transport import clearinghouse_dir
from rcm.claims.models import Claim
from rcm.db import unit_of_work, utcnow
from rcm.followup import actions, queues, refresh
from rcm.followup.models import FollowUpChannel, FollowUpOutcome
from rcm.followup.schemas import FollowUpCreate, WorkItemUpdate
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from tests import factories

PAYERS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("Harbor Mutual (test)", "HARBOR01", {"denial_rate": 0.6, "rejection_rate": 0.0}),
    (
        "Lakeside Health (test)",
        "LAKESIDE1",
        {"denial_rate": 0.05, "rejection_rate": 0.15, "partial_payment_rate": 0.2},
    ),
    (
        "Summit Care (test)",
        "SUMMIT01",
        {"denial_rate": 0.0, "rejection_rate": 0.0, "adjudication_delay_days": 365},
    ),
)
AGES = (5, 20, 40, 70, 100, 150)  # days since the date of service: one per aging bucket and more
ROLES = ("billing_manager", "biller", "front_desk")
FOLLOW_UP_IN_DAYS = 20


@dataclass(frozen=True)
class Practice:
    org_id: uuid.UUID
    emails: dict[str, str]  # role -> e-mail; every user's password is factories.TEST_PASSWORD
    payer_ids: dict[str, uuid.UUID]  # payer name -> id
    claim_ids: list[uuid.UUID]
    draft_ids: list[uuid.UUID]
    followed_up_claim_id: uuid.UUID  # the biller phoned the payer about it


def _configure_simulator(org_id: uuid.UUID) -> None:
    folder = clearinghouse_dir(org_id)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "seed": 20261123,
        "default": {"adjudication_delay_days": 0, "reversal_delay_days": 0, "reversal_rate": 0.0},
        "payers": {code: behaviour for _, code, behaviour in PAYERS},
    }
    (folder / "simulator.yaml").write_text(yaml.safe_dump(settings))


def _users(session: Session, org: factories.OrgFixture, tag: str) -> dict[str, User]:
    return {
        role: factories.make_user(
            session,
            org,
            role,
            email=f"{role.replace('_', '.')}.{tag}@dashboard.test",
            full_name=f"{role.replace('_', ' ').title()} {tag.upper()}",
        )
        for role in ROLES
    }


def _claims(
    session: Session, org: factories.OrgFixture, world: factories.ClaimWorld, per_payer: int
) -> list[uuid.UUID]:
    today = date.today()
    made = []
    for n in range(per_payer):
        dos = today - timedelta(days=AGES[n % len(AGES)])
        claim = factories.make_claim(session, org, lines=1 + n % 3, world=world, dos=dos)
        made.append(claim.id)
    return made


def seed_practice(per_payer: int = 12) -> Practice:
    """Commit the practice, submit its claims as the billing manager and let the simulator answer."""
    tag = uuid.uuid4().hex[:6]
    with unit_of_work() as session:
        org = factories.make_org(session, f"Dashboard Practice {tag}")
        users = _users(session, org, tag)
        as_biller = factories.OrgFixture(org.id, org.name, factories.ctx_for(users["biller"]))
        worlds = [factories.make_world(session, org, name=n, payer_code=c) for n, c, _ in PAYERS]
        by_payer = [_claims(session, as_biller, w, per_payer) for w in worlds]
        drafts = [factories.make_claim(session, as_biller, world=worlds[0]).id for _ in range(2)]
        submitted = [cid for ids in by_payer for cid in ids]
        for claim_id in submitted:
            factories.scrubbed(session, as_biller, session.get_one(Claim, claim_id))
    _configure_simulator(org.id)
    with unit_of_work() as session:  # the 837 is sent once this commits
        batches.submit_claims(session, factories.ctx_for(users["billing_manager"]), submitted)
    poll_clearinghouse(org_id=str(org.id))  # 999 and 277CA, then the 835s that are due
    poll_clearinghouse(org_id=str(org.id))
    followed_up = _follow_up(factories.ctx_for(users["billing_manager"]), factories.ctx_for(users["biller"]))
    return Practice(
        org.id,
        {role: u.email for role, u in users.items()},
        {w.payer.name: w.payer.id for w in worlds},
        submitted,
        drafts,
        followed_up,
    )


def _follow_up(manager: AuthContext, biller: AuthContext) -> uuid.UUID:
    """Run the AR follow-up refresh, hand every other item to the biller, who phones about one claim."""
    with unit_of_work() as session:
        # The claims were submitted today: follow-up falls due after the strategy's cadence (14 days).
        refresh.refresh(session, manager, now=utcnow() + timedelta(days=FOLLOW_UP_IN_DAYS))
        items = workqueues.open_items_of_kind(session, manager, WorkItemKind.ar_followup)
        for item in items[::2]:
            queues.update_work_item(session, manager, item.id, WorkItemUpdate(assignee_id=biller.user_id))
        claim_id = items[0].claim_id
        assert claim_id is not None
        call = FollowUpCreate(
            channel=FollowUpChannel.phone,
            outcome=FollowUpOutcome.promised_payment_date,
            promised_payment_on=date.today() + timedelta(days=10),
            note="Rep confirmed receipt; payment promised within ten days",
        )
        actions.log_follow_up(session, biller, claim_id, call)
    return claim_id
