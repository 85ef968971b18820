"""Work item priority and routing. Pure.

priority = urgency(days to the deadline) + value(recoverable dollars): a $40 denial due tomorrow
outranks a $900 one due in three months, and at equal deadlines the larger amount comes first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import rule_engine

from rcm.errors import InvalidInput

NO_DEADLINE_DAYS = 90


def priority(amount_cents: int, deadline: date | None, today: date) -> int:
    days_left = (deadline - today).days if deadline else NO_DEADLINE_DAYS
    urgency = 1000 if days_left <= 0 else max(0, 500 - 5 * days_left)
    value = int(200 * math.log10(1 + max(amount_cents, 0) / 100))
    return urgency + value


# What a routing condition may look at.
FIELDS: dict[str, rule_engine.DataType] = {
    "kind": rule_engine.DataType.STRING,
    "category": rule_engine.DataType.STRING,
    "root_cause": rule_engine.DataType.STRING,
    "recommended_action": rule_engine.DataType.STRING,
    "owning_team": rule_engine.DataType.STRING,
    "payer_type": rule_engine.DataType.STRING,
    "payer": rule_engine.DataType.STRING,
    "status": rule_engine.DataType.STRING,
    "amount_cents": rule_engine.DataType.FLOAT,
    "days_to_deadline": rule_engine.DataType.FLOAT,
    "age_days": rule_engine.DataType.FLOAT,
}
_CONTEXT = rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict(FIELDS))


class RoutingConditionInvalid(InvalidInput):
    """A routing rule's condition does not compile against the work item fields."""


@lru_cache(maxsize=512)
def compile_condition(text: str) -> rule_engine.Rule:
    try:
        return rule_engine.Rule(text or "true", context=_CONTEXT)
    except rule_engine.errors.EngineError as exc:
        raise RoutingConditionInvalid(f"condition {text!r}: {exc.message}", fields=sorted(FIELDS)) from exc


@dataclass(frozen=True, slots=True)
class Route:
    queue: str
    assignee_id: Any
    sla_hours: int


def route(item: dict[str, Any], rules: list[tuple[str, Route]], default: Route) -> Route:
    """The first rule (in position order) whose condition matches, else the default."""
    facts = {
        name: item.get(name, 0.0 if FIELDS[name] is rule_engine.DataType.FLOAT else "") for name in FIELDS
    }
    for condition, target in rules:
        if compile_condition(condition).matches(facts):
            return target
    return default
