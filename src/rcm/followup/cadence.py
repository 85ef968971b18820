"""When a claim is due for follow-up, and which collection strategy applies. Pure.

A payer's own strategy beats its payer type's, which beats the org default, which beats the
built-in default (every 14 days by phone, escalate past 90 days from the date of service).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from rcm.claims.state_machine import ClaimStatus
from rcm.followup.models import FollowUpChannel

# Billed claims still waiting for money from a payer: what AR follow-up chases.
FOLLOW_UP_STATUSES = (
    ClaimStatus.submitted,
    ClaimStatus.accepted,
    ClaimStatus.partially_paid,
    ClaimStatus.denied,
)


@dataclass(frozen=True, slots=True)
class Strategy:
    cadence_days: int
    channel: FollowUpChannel
    escalate_after_days: int
    notes: str = ""
    strategy_id: uuid.UUID | None = None
    payer_id: uuid.UUID | None = None
    payer_type: str | None = None


BUILT_IN = Strategy(cadence_days=14, channel=FollowUpChannel.phone, escalate_after_days=90)


class StrategyBook:
    """The org's active strategies, indexed for resolution per claim."""

    def __init__(self, strategies: Iterable[Strategy]) -> None:
        self.by_payer: dict[uuid.UUID, Strategy] = {}
        self.by_type: dict[str, Strategy] = {}
        self.default = BUILT_IN
        for s in strategies:
            if s.payer_id is not None:
                self.by_payer[s.payer_id] = s
            elif s.payer_type is not None:
                self.by_type[s.payer_type] = s
            else:
                self.default = s

    def resolve(self, payer_id: uuid.UUID | None, payer_type: str | None) -> Strategy:
        if payer_id is not None and payer_id in self.by_payer:
            return self.by_payer[payer_id]
        if payer_type is not None and payer_type in self.by_type:
            return self.by_type[payer_type]
        return self.default


def age_days(service_date: date, today: date) -> int:
    return (today - service_date).days


def due_on(
    cadence_days: int,
    touches: Iterable[datetime | None],
    last_action_at: datetime | None,
    next_follow_up_on: date | None,
    fallback: date,
) -> date:
    """The day a claim comes back for follow-up.

    The latest follow-up action's own date wins when that action is the claim's latest touch;
    otherwise the cadence runs from the latest touch (submission, adjudication, payment, action).
    A claim never touched is due from `fallback` (its date of service).
    """
    seen = [t for t in (*touches, last_action_at) if t is not None]
    if not seen:
        return fallback
    latest = max(seen)
    if next_follow_up_on is not None and last_action_at is not None and last_action_at >= latest:
        return next_follow_up_on
    return latest.date() + timedelta(days=cadence_days)
