"""Compiled rule packs: what the loader produces and the engine evaluates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from enum import StrEnum
from typing import Any

import rule_engine

from rcm.scrubbing.findings import Severity

# Reported when a pack rule fails at run time (e.g. an index past the end of a list).
PACK_RULE_ERROR = "PACK_RULE_ERROR"


class RuleScope(StrEnum):
    CLAIM = "claim"  # evaluated once per claim, over the claim's fields
    LINE = "line"  # evaluated per service line, over the line's fields plus the claim's


@dataclass(frozen=True, slots=True)
class PayerSelector:
    """Empty selects every payer; otherwise a payer matches by id or by type."""

    payer_ids: frozenset[str] = frozenset()
    payer_types: frozenset[str] = frozenset()

    @property
    def is_everyone(self) -> bool:
        return not self.payer_ids and not self.payer_types

    def matches(self, payer_id: str, payer_type: str) -> bool:
        return self.is_everyone or payer_id in self.payer_ids or payer_type in self.payer_types


@dataclass(frozen=True, slots=True)
class CodeSelector:
    """Procedure codes a line rule applies to: exact codes, or prefixes written as `J*`."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    def matches(self, code: str) -> bool:
        return code in self.exact or code.startswith(self.prefixes)


@dataclass(frozen=True, slots=True)
class PackRule:
    id: str
    description: str
    severity: Severity
    scope: RuleScope
    when: str
    message: str
    fix_hint: str
    prevents_carc: str | None
    payer: PayerSelector
    claim_types: frozenset[str]
    procedure_codes: CodeSelector | None
    effective_from: date | None
    effective_to: date | None
    field: str | None
    source: str
    compiled: rule_engine.Rule = dataclass_field(compare=False, repr=False)
    # False only when the rule cannot fire (see guards.py); None means always evaluate
    guard: Callable[[Any], bool] | None = dataclass_field(default=None, compare=False, repr=False)

    def effective_on(self, service_date: date) -> bool:
        if self.effective_from is not None and service_date < self.effective_from:
            return False
        return self.effective_to is None or service_date <= self.effective_to


@dataclass(frozen=True, slots=True)
class RulePack:
    name: str
    source: str
    description: str
    version: str | None
    payer: PayerSelector
    rules: tuple[PackRule, ...]
    disabled: frozenset[str] = frozenset()

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)
