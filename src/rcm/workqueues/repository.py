from __future__ import annotations

import uuid

from sqlalchemy import func, select

from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository
from rcm.workqueues.models import AssignmentRule, WorkItem, WorkItemKind, WorkItemStatus


class WorkItemRepository(OrgRepository[WorkItem]):
    model = WorkItem
    not_found = "work item"

    def queue_page(self, queue: str, params: PageParams, include_done: bool) -> Page[WorkItem]:
        filters = [WorkItem.queue == queue]
        if not include_done:
            filters.append(WorkItem.status != WorkItemStatus.done)
        return self.page(params, *filters, order_by=WorkItem.priority.desc())

    def open_for_entity(self, entity_id: uuid.UUID) -> list[WorkItem]:
        stmt = self.base().where(WorkItem.entity_id == entity_id, WorkItem.status != WorkItemStatus.done)
        return list(self.session.scalars(stmt))

    def open_of_kind(self, kind: WorkItemKind) -> list[WorkItem]:
        stmt = self.base().where(WorkItem.kind == kind, WorkItem.status != WorkItemStatus.done)
        return list(self.session.scalars(stmt))

    def queue_counts(self) -> list[tuple[str, int, int]]:
        stmt = (
            select(WorkItem.queue, func.count(), func.coalesce(func.sum(WorkItem.amount_cents), 0))
            .where(WorkItem.org_id == self.ctx.org_id, WorkItem.status != WorkItemStatus.done)
            .group_by(WorkItem.queue)
            .order_by(WorkItem.queue)
        )
        return [(q, int(n), int(a)) for q, n, a in self.session.execute(stmt)]


class AssignmentRuleRepository(OrgRepository[AssignmentRule]):
    model = AssignmentRule
    not_found = "assignment rule"

    def active(self, kind: WorkItemKind) -> list[AssignmentRule]:
        stmt = self.base().where(AssignmentRule.kind == kind, AssignmentRule.is_active.is_(True))
        return list(self.session.scalars(stmt.order_by(AssignmentRule.position, AssignmentRule.created_at)))
