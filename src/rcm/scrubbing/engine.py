"""Scrub a claim: built-in edits plus the pack rules that apply to its payer and dates of service.

Build a `Scrubber` once (packs compiled, rule plans cached per payer and claim type) and call
`scrub` per claim. Packs are applied in order: a rule whose id repeats an earlier pack's rule
replaces it, and a pack's `disable` list silences rules for the payers that pack selects.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from rule_engine import errors as rule_errors

from rcm.scrubbing.context import ClaimContext, LineContext
from rcm.scrubbing.findings import Finding, Severity, warning
from rcm.scrubbing.lookups import Lookups
from rcm.scrubbing.packs import RulePack, RuleScope, load_default_pack, load_pack, load_pack_file
from rcm.scrubbing.packs.expressions import LineView
from rcm.scrubbing.packs.model import PACK_RULE_ERROR, PackRule
from rcm.scrubbing.rules import BUILTIN_EDITS, BuiltinEdit

__all__ = [
    "ScrubResult",
    "Scrubber",
    "load_default_pack",
    "load_pack",
    "load_pack_file",
]


@dataclass(frozen=True, slots=True)
class ScrubResult:
    claim_id: str
    findings: tuple[Finding, ...]
    rules_evaluated: int

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def blocking(self) -> bool:
        """True when the claim may not move to Scrubbed."""
        return any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def rule_ids(self) -> frozenset[str]:
        return frozenset(f.rule_id for f in self.findings)


@dataclass(frozen=True, slots=True)
class _Plan:
    claim_rules: tuple[PackRule, ...]
    line_rules: tuple[PackRule, ...]
    suppressed: frozenset[str]


class Scrubber:
    def __init__(
        self,
        packs: Sequence[RulePack] = (),
        lookups: Lookups | None = None,
        *,
        builtins: Sequence[BuiltinEdit] = BUILTIN_EDITS,
    ) -> None:
        self.packs = tuple(packs)
        self.lookups = lookups if lookups is not None else Lookups()
        self.builtins = tuple(builtins)
        merged: dict[str, PackRule] = {}
        for pack in self.packs:
            merged.update((rule.id, rule) for rule in pack.rules)
        self.rules = tuple(merged.values())
        self._plans: dict[tuple[str, str, str], _Plan] = {}

    @classmethod
    def with_default_pack(cls, lookups: Lookups | None = None, *extra: RulePack) -> Scrubber:
        return cls([load_default_pack(), *extra], lookups)

    def scrub(self, claim: ClaimContext) -> ScrubResult:
        plan = self._plan(claim)
        findings: list[Finding] = []
        for edit in self.builtins:
            findings.extend(edit.check(claim, self.lookups))
        evaluated = len(self.builtins)
        evaluated += _run_claim_rules(plan.claim_rules, claim, findings)
        if plan.line_rules:
            evaluated += _run_line_rules(plan.line_rules, claim, findings)
        if plan.suppressed:
            findings = [f for f in findings if f.rule_id not in plan.suppressed]
        findings.sort(key=Finding.sort_key)
        return ScrubResult(claim.claim_id, tuple(findings), evaluated)

    def scrub_many(self, claims: Iterable[ClaimContext]) -> list[ScrubResult]:
        return [self.scrub(claim) for claim in claims]

    def _plan(self, claim: ClaimContext) -> _Plan:
        key = (claim.payer_id, claim.payer_type, claim.claim_type)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._build_plan(*key)
        return plan

    def _build_plan(self, payer_id: str, payer_type: str, claim_type: str) -> _Plan:
        applicable = [
            rule
            for rule in self.rules
            if rule.payer.matches(payer_id, payer_type)
            and (not rule.claim_types or claim_type in rule.claim_types)
        ]
        suppressed = frozenset(
            rule_id
            for pack in self.packs
            if pack.payer.matches(payer_id, payer_type)
            for rule_id in pack.disabled
        )
        return _Plan(
            claim_rules=tuple(r for r in applicable if r.scope is RuleScope.CLAIM and r.id not in suppressed),
            line_rules=tuple(r for r in applicable if r.scope is RuleScope.LINE and r.id not in suppressed),
            suppressed=suppressed,
        )


def _run_claim_rules(rules: tuple[PackRule, ...], claim: ClaimContext, findings: list[Finding]) -> int:
    evaluated = 0
    for rule in rules:
        if rule.effective_on(claim.service_date_from):
            evaluated += 1
            finding = _evaluate(rule, claim, claim, None)
            if finding is not None:
                findings.append(finding)
    return evaluated


def _run_line_rules(rules: tuple[PackRule, ...], claim: ClaimContext, findings: list[Finding]) -> int:
    evaluated = 0
    for line in claim.lines:
        view = LineView(line, claim)
        for rule in rules:
            if rule.procedure_codes is not None and not rule.procedure_codes.matches(line.procedure_code):
                continue
            if not rule.effective_on(line.service_date):
                continue
            evaluated += 1
            finding = _evaluate(rule, view, claim, line)
            if finding is not None:
                findings.append(finding)
    return evaluated


def _evaluate(rule: PackRule, thing: Any, claim: ClaimContext, line: LineContext | None) -> Finding | None:
    if rule.guard is not None and not rule.guard(thing):
        return None
    number = line.line_number if line is not None else None
    try:
        fired = rule.compiled.matches(thing)
    except rule_errors.EngineError as error:
        # A pack bug must not stop the scrub; it surfaces as a warning naming the rule.
        return warning(
            PACK_RULE_ERROR,
            f"rule {rule.id} ({rule.source}) could not be evaluated: {error.message}",
            "Fix the rule's `when` expression in its pack.",
            None,
            line_number=number,
        )
    if not fired:
        return None
    values = _Values(claim, line)
    return Finding(
        rule.id,
        rule.severity,
        _fill(rule.message, values),
        _fill(rule.fix_hint, values),
        number,
        rule.field,
        rule.prevents_carc,
    )


class _Values(Mapping[str, str]):
    """Message placeholders, rendered the way a biller reads them."""

    def __init__(self, claim: ClaimContext, line: LineContext | None) -> None:
        self._claim, self._line = claim, line

    def __getitem__(self, name: str) -> str:
        value = getattr(self._line, name, None) if self._line is not None else None
        if value is None:
            value = getattr(self._claim, name, None)
        return _render(value)

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


def _render(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, tuple):
        return ", ".join(_render(item) for item in value)
    return str(value)


def _fill(template: str, values: _Values) -> str:
    if "{" not in template:
        return template
    return string.Formatter().vformat(template, (), values)
