from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, or_, select

from rcm.alerts.models import AlertEvent, AlertRule, DeliveryStatus
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository


class AlertRuleRepository(OrgRepository[AlertRule]):
    model = AlertRule
    not_found = "alert rule"

    def all(self) -> list[AlertRule]:
        return list(self.session.scalars(self.base().order_by(AlertRule.name)))

    def active(self) -> list[AlertRule]:
        stmt = self.base().where(AlertRule.is_active.is_(True)).order_by(AlertRule.name)
        return list(self.session.scalars(stmt))

    def by_name(self, name: str) -> AlertRule | None:
        return self.session.scalars(self.base().where(AlertRule.name == name)).one_or_none()

    def remove(self, rule: AlertRule) -> None:
        self.session.delete(rule)
        self.session.flush()


class AlertEventRepository(OrgRepository[AlertEvent]):
    model = AlertEvent
    not_found = "alert event"

    def search(
        self, params: PageParams, rule_id: uuid.UUID | None, status: DeliveryStatus | None
    ) -> Page[AlertEvent]:
        filters = []
        if rule_id is not None:
            filters.append(AlertEvent.rule_id == rule_id)
        if status is not None:
            filters.append(AlertEvent.status == status)
        return self.page(params, *filters, order_by=AlertEvent.fired_at.desc())

    def count_for_rule(self, rule_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(AlertEvent.org_id == self.ctx.org_id, AlertEvent.rule_id == rule_id)
        return int(self.session.scalar(stmt) or 0)

    def due_ids(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Pending events whose next attempt is due (NULL: never scheduled, so due now)."""
        stmt = (
            select(AlertEvent.id)
            .where(
                AlertEvent.org_id == self.ctx.org_id,
                AlertEvent.status == DeliveryStatus.pending,
                or_(AlertEvent.next_attempt_at.is_(None), AlertEvent.next_attempt_at <= now),
            )
            .order_by(AlertEvent.fired_at)
            .limit(limit)
        )
        return list(self.session.scalars(stmt))
