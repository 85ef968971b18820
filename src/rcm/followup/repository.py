"""Follow-up queries. The refresh reads claims and their open follow-up items in one scan each."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Row, case, exists, func, select

from rcm.auth.models import User
from rcm.claims.models import Claim
from rcm.followup.cadence import FOLLOW_UP_STATUSES
from rcm.followup.models import CollectionStrategy, FollowUpAction
from rcm.payers.models import Payer, PayerType
from rcm.tenancy import OrgRepository
from rcm.workqueues.models import AssignmentRule, WorkItem, WorkItemKind, WorkItemStatus

FOLLOW_UP = WorkItemKind.ar_followup


class StrategyRepository(OrgRepository[CollectionStrategy]):
    model = CollectionStrategy
    not_found = "collection strategy"

    def all(self) -> list[CollectionStrategy]:
        stmt = self.base().order_by(CollectionStrategy.name, CollectionStrategy.created_at)
        return list(self.session.scalars(stmt))

    def active(self) -> list[CollectionStrategy]:
        return list(self.session.scalars(self.base().where(CollectionStrategy.is_active.is_(True))))

    def same_scope(
        self, payer_id: uuid.UUID | None, payer_type: PayerType | None
    ) -> list[CollectionStrategy]:
        stmt = self.base().where(
            CollectionStrategy.payer_id.is_(None)
            if payer_id is None
            else CollectionStrategy.payer_id == payer_id,
            CollectionStrategy.payer_type.is_(None)
            if payer_type is None
            else CollectionStrategy.payer_type == payer_type,
        )
        return list(self.session.scalars(stmt))

    def remove(self, strategy: CollectionStrategy) -> None:
        self.session.delete(strategy)
        self.session.flush()


class FollowUpActionRepository(OrgRepository[FollowUpAction]):
    model = FollowUpAction
    not_found = "follow-up action"

    def for_claim(self, claim_id: uuid.UUID) -> list[FollowUpAction]:
        stmt = self.base().where(FollowUpAction.claim_id == claim_id)
        return list(self.session.scalars(stmt.order_by(FollowUpAction.performed_at.desc())))


class FollowUpRuleRepository(OrgRepository[AssignmentRule]):
    """The org's AR follow-up routing rules, active or not (the work queue service lists active only)."""

    model = AssignmentRule
    not_found = "assignment rule"

    def all(self) -> list[AssignmentRule]:
        stmt = self.base().where(AssignmentRule.kind == FOLLOW_UP)
        return list(self.session.scalars(stmt.order_by(AssignmentRule.position, AssignmentRule.created_at)))

    def count(self) -> int:
        stmt = select(func.count()).where(
            AssignmentRule.org_id == self.ctx.org_id, AssignmentRule.kind == FOLLOW_UP
        )
        return int(self.session.scalar(stmt) or 0)

    def get_follow_up(self, rule_id: uuid.UUID) -> AssignmentRule | None:
        stmt = self.base().where(AssignmentRule.id == rule_id, AssignmentRule.kind == FOLLOW_UP)
        return self.session.scalars(stmt).one_or_none()


class AssigneeRepository(OrgRepository[User]):
    model = User
    not_found = "user"


class FollowUpWorkRepository(OrgRepository[WorkItem]):
    model = WorkItem
    not_found = "work item"

    def _open_item(self, claim_id: Any) -> Any:
        return exists().where(
            WorkItem.org_id == self.ctx.org_id,
            WorkItem.entity_id == claim_id,
            WorkItem.kind == FOLLOW_UP,
            WorkItem.status != WorkItemStatus.done,
        )

    def candidates(self) -> list[Row[Any]]:
        """Open-AR claims with a balance and no open follow-up item, with their latest action."""
        org = self.ctx.org_id
        latest = (
            select(FollowUpAction.performed_at, FollowUpAction.next_follow_up_on)
            .where(FollowUpAction.org_id == org, FollowUpAction.claim_id == Claim.id)
            .order_by(FollowUpAction.performed_at.desc())
            .limit(1)
            .correlate(Claim)
        )
        stmt = (
            select(
                Claim.id,
                Claim.patient_control_number,
                Claim.payer_id,
                Payer.name,
                Payer.payer_type,
                Claim.status,
                Claim.balance_cents,
                Claim.service_date_from,
                Claim.submitted_at,
                Claim.adjudicated_at,
                Claim.last_payment_at,
                latest.with_only_columns(FollowUpAction.performed_at).scalar_subquery(),
                latest.with_only_columns(FollowUpAction.next_follow_up_on).scalar_subquery(),
            )
            .join(Payer, Payer.id == Claim.payer_id)
            .where(
                Claim.org_id == org,
                Claim.status.in_(FOLLOW_UP_STATUSES),
                Claim.balance_cents > 0,
                ~self._open_item(Claim.id),
            )
        )
        return list(self.session.execute(stmt))

    def open_with_claims(self) -> list[Row[Any]]:
        """Every open follow-up item with the state of its claim."""
        stmt = (
            select(
                WorkItem.id,
                WorkItem.entity_id,
                WorkItem.amount_cents,
                WorkItem.priority,
                WorkItem.due_at,
                WorkItem.escalated,
                Claim.status,
                Claim.balance_cents,
                Claim.service_date_from,
                Claim.payer_id,
                Payer.payer_type,
            )
            .join(Claim, Claim.id == WorkItem.entity_id)
            .join(Payer, Payer.id == Claim.payer_id)
            .where(
                WorkItem.org_id == self.ctx.org_id,
                WorkItem.kind == FOLLOW_UP,
                WorkItem.status != WorkItemStatus.done,
            )
        )
        return list(self.session.execute(stmt))

    def open_for_claim(self, claim_id: uuid.UUID) -> WorkItem | None:
        stmt = self.base().where(
            WorkItem.entity_id == claim_id, WorkItem.kind == FOLLOW_UP, WorkItem.status != WorkItemStatus.done
        )
        return self.session.scalars(stmt.order_by(WorkItem.created_at.desc()).limit(1)).first()

    def workload(self, kind: WorkItemKind, now: datetime) -> list[Row[Any]]:
        """(queue, assignee, name, items, amount, oldest due, overdue) of open items of a kind."""
        stmt = (
            select(
                WorkItem.queue,
                WorkItem.assignee_id,
                User.full_name,
                func.count(),
                func.coalesce(func.sum(WorkItem.amount_cents), 0),
                func.min(WorkItem.due_at),
                func.coalesce(func.sum(case((WorkItem.due_at < now, 1), else_=0)), 0),
            )
            .outerjoin(User, User.id == WorkItem.assignee_id)
            .where(
                WorkItem.org_id == self.ctx.org_id,
                WorkItem.kind == kind,
                WorkItem.status != WorkItemStatus.done,
            )
            .group_by(WorkItem.queue, WorkItem.assignee_id, User.full_name)
        )
        return list(self.session.execute(stmt))
