"""AR follow-up routing as data: the default rules, seeded per organization, and their edits.

Rules are tried in `position` order and the first match wins; the conditions are rule-engine
expressions over the item's facts (see `rcm.workqueues.priority.FIELDS`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from rcm import records
from rcm.auth.permissions import Action, is_allowed
from rcm.errors import InvalidInput, NotFound
from rcm.followup.repository import AssigneeRepository, FollowUpRuleRepository
from rcm.followup.schemas import AssignmentRuleCreate, AssignmentRuleUpdate
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import AssignmentRule, WorkItemKind
from rcm.workqueues.priority import compile_condition


@dataclass(frozen=True, slots=True)
class DefaultRule:
    position: int
    condition: str
    queue: str
    sla_hours: int


# High value -> senior agent; aged -> escalation team; government payers -> specialist; else general.
DEFAULT_RULES = (
    DefaultRule(100, "amount_cents > 100000", "senior_agent", 48),
    DefaultRule(200, "age_days > 90", "escalation_team", 24),
    DefaultRule(300, "payer_type in ['medicare', 'medicaid']", "government_specialist", 72),
    DefaultRule(400, "true", "general", 72),
)


class AssigneeInvalid(InvalidInput):
    """The user may not be given work items (inactive, or a role that cannot work queues)."""


def check_assignee(session: Session, ctx: AuthContext, user_id: uuid.UUID | None) -> None:
    if user_id is None:
        return
    user = AssigneeRepository(session, ctx).get_or_raise(user_id)  # another org's user is a 404
    if not user.is_active or not is_allowed(user.role, Action.workqueues_work):
        raise AssigneeInvalid(
            f"user {user_id} cannot be assigned work items", user_id=str(user_id), role=user.role.value
        )


def ensure_default_rules(session: Session, ctx: AuthContext) -> int:
    """Seed the default rules for an org that has no follow-up rules yet (active or not)."""
    if FollowUpRuleRepository(session, ctx).count():
        return 0
    for rule in DEFAULT_RULES:
        workqueues.create_rule(
            session,
            ctx,
            {
                "kind": WorkItemKind.ar_followup,
                "position": rule.position,
                "condition": rule.condition,
                "queue": rule.queue,
                "sla_hours": rule.sla_hours,
                "is_active": True,
            },
        )
    return len(DEFAULT_RULES)


def list_rules(session: Session, ctx: AuthContext) -> list[AssignmentRule]:
    """The org's follow-up rules in evaluation order, seeding the defaults on first use."""
    ensure_default_rules(session, ctx)
    return FollowUpRuleRepository(session, ctx).all()


def create_rule(session: Session, ctx: AuthContext, data: AssignmentRuleCreate) -> AssignmentRule:
    ensure_default_rules(session, ctx)  # a first custom rule joins the defaults, not replaces them
    check_assignee(session, ctx, data.assignee_id)
    return workqueues.create_rule(session, ctx, {"kind": WorkItemKind.ar_followup, **data.model_dump()})


def update_rule(
    session: Session, ctx: AuthContext, rule_id: uuid.UUID, data: AssignmentRuleUpdate
) -> AssignmentRule:
    rule = FollowUpRuleRepository(session, ctx).get_follow_up(rule_id)
    if rule is None:
        raise NotFound(f"assignment rule {rule_id} not found", id=str(rule_id))
    values: dict[str, Any] = data.model_dump(exclude_unset=True)
    values = {k: v for k, v in values.items() if v is not None or k == "assignee_id"}
    if "condition" in values:
        compile_condition(values["condition"] or "true")
    if "assignee_id" in values:
        check_assignee(session, ctx, values["assignee_id"])
    return records.update(session, ctx, rule, values, "assignment_rule.updated")
