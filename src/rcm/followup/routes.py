"""AR follow-up: work queues, follow-up actions on claims, collection strategies, routing rules."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from rcm.auth.permissions import Action
from rcm.followup import actions, assignment, queues, refresh, strategies
from rcm.followup.models import CollectionStrategy, FollowUpAction
from rcm.followup.schemas import (
    AssignmentRuleCreate,
    AssignmentRuleRead,
    AssignmentRuleUpdate,
    FollowUpCreate,
    FollowUpRead,
    QueueSummary,
    RefreshResult,
    StrategyCreate,
    StrategyRead,
    StrategyUpdate,
    WorkItemRead,
    WorkItemUpdate,
    Workload,
)
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext
from rcm.workqueues.models import AssignmentRule, WorkItem, WorkItemKind

router = APIRouter(tags=["ar-follow-up"])
Work = Annotated[AuthContext, permission(Action.workqueues_work)]
Configure = Annotated[AuthContext, permission(Action.org_configure)]
WorkOrConfigure = Annotated[AuthContext, permission(Action.workqueues_work, Action.org_configure)]
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read)]
Queue = Annotated[str, Query(min_length=1, max_length=40)]


@router.get("/workqueues", response_model=list[QueueSummary])
def list_queues(ctx: Work, session: SessionDep) -> list[QueueSummary]:
    """Every queue with open items: how many and how much money they hold."""
    return queues.queue_summary(session, ctx)


@router.get("/workqueues/{queue}/items", response_model=PageOut[WorkItemRead])
def queue_items(
    queue: str, ctx: Work, session: SessionDep, page: PageDep, include_done: bool = False
) -> object:
    """A queue's items, most urgent first (priority = deadline urgency + recoverable amount)."""
    return queues.queue_items(session, ctx, queue, page, include_done)


@router.patch("/workqueues/items/{item_id}", response_model=WorkItemRead)
def update_item(item_id: uuid.UUID, body: WorkItemUpdate, ctx: Work, session: SessionDep) -> WorkItem:
    """Assign (or unassign) an item, change its status, or replace its note."""
    return queues.update_work_item(session, ctx, item_id, body)


@router.get("/followup/workload", response_model=Workload)
def workload(ctx: Work, session: SessionDep, kind: WorkItemKind = WorkItemKind.ar_followup) -> Workload:
    """Per queue and per assignee: open items, amount, oldest due time, overdue items."""
    return queues.workload(session, ctx, kind)


@router.post("/followup/refresh", response_model=RefreshResult)
def refresh_queues(ctx: Work, session: SessionDep) -> RefreshResult:
    """Run the daily refresh now: open items for claims due, close settled ones, escalate aged ones."""
    return refresh.refresh(session, ctx)


@router.post("/claims/{claim_id}/follow-ups", response_model=FollowUpRead, status_code=201)
def log_follow_up(
    claim_id: uuid.UUID, body: FollowUpCreate, ctx: Work, session: SessionDep
) -> FollowUpAction:
    """Log a follow-up with the payer; the claim's work item is snoozed to the next date (or closed)."""
    return actions.log_follow_up(session, ctx, claim_id, body)


@router.get("/claims/{claim_id}/follow-ups", response_model=list[FollowUpRead])
def claim_follow_ups(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> list[FollowUpAction]:
    """A claim's follow-up actions, newest first."""
    return actions.follow_ups_of_claim(session, ctx, claim_id)


@router.get("/followup/strategies", response_model=list[StrategyRead])
def list_strategies(ctx: WorkOrConfigure, session: SessionDep) -> list[CollectionStrategy]:
    """Collection strategies: per payer, per payer type, and the org default."""
    return strategies.list_strategies(session, ctx)


@router.post("/followup/strategies", response_model=StrategyRead, status_code=201)
def create_strategy(body: StrategyCreate, ctx: Configure, session: SessionDep) -> CollectionStrategy:
    """A strategy for one payer, one payer type, or (neither given) the org default."""
    return strategies.create_strategy(session, ctx, body)


@router.get("/followup/strategies/{strategy_id}", response_model=StrategyRead)
def get_strategy(strategy_id: uuid.UUID, ctx: WorkOrConfigure, session: SessionDep) -> CollectionStrategy:
    """One collection strategy with its script."""
    return strategies.get_strategy(session, ctx, strategy_id)


@router.patch("/followup/strategies/{strategy_id}", response_model=StrategyRead)
def update_strategy(
    strategy_id: uuid.UUID, body: StrategyUpdate, ctx: Configure, session: SessionDep
) -> CollectionStrategy:
    """Change a strategy's cadence, channel, escalation age or script."""
    return strategies.update_strategy(session, ctx, strategy_id, body)


@router.delete("/followup/strategies/{strategy_id}", status_code=204)
def delete_strategy(strategy_id: uuid.UUID, ctx: Configure, session: SessionDep) -> Response:
    """Delete a strategy; its payers fall back to the next broader one."""
    strategies.delete_strategy(session, ctx, strategy_id)
    return Response(status_code=204)


@router.get("/followup/assignment-rules", response_model=list[AssignmentRuleRead])
def list_rules(ctx: WorkOrConfigure, session: SessionDep) -> list[AssignmentRule]:
    """Routing rules in evaluation order (first match wins); the defaults are seeded on first use."""
    return assignment.list_rules(session, ctx)


@router.post("/followup/assignment-rules", response_model=AssignmentRuleRead, status_code=201)
def create_rule(body: AssignmentRuleCreate, ctx: Configure, session: SessionDep) -> AssignmentRule:
    """Add a routing rule, e.g. `payer_type == 'tricare'` -> `military` at position 50."""
    return assignment.create_rule(session, ctx, body)


@router.patch("/followup/assignment-rules/{rule_id}", response_model=AssignmentRuleRead)
def update_rule(
    rule_id: uuid.UUID, body: AssignmentRuleUpdate, ctx: Configure, session: SessionDep
) -> AssignmentRule:
    """Edit a routing rule (deactivate with `is_active: false`)."""
    return assignment.update_rule(session, ctx, rule_id, body)
