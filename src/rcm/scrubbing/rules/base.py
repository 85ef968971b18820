"""The shape every built-in edit has: a pure function of (claim, lookups) -> findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.findings import Finding
from rcm.scrubbing.lookups import Lookups

Check = Callable[[ClaimContext, Lookups], list[Finding]]


@dataclass(frozen=True, slots=True)
class BuiltinEdit:
    name: str
    rule_ids: tuple[str, ...]
    check: Check
