"""Validation of one rule's plain values (everything but compiling `when`)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import rule_engine
from yaml.nodes import MappingNode, Node, ScalarNode

from rcm.scrubbing.context import ClaimType, PayerType
from rcm.scrubbing.findings import Severity
from rcm.scrubbing.packs.expressions import symbol_types
from rcm.scrubbing.packs.model import CodeSelector, PackRule, PayerSelector, RuleScope

_CARC = re.compile(r"^(\d{1,3}|[A-Z]\d{1,2})$")
_PROCEDURE_PATTERN = re.compile(r"^[0-9A-Z]{1,5}\*?$")
_PAYER_ID = re.compile(r"^[0-9A-Za-z\-]{1,80}$")


class Refusal(Exception):
    """A problem with one key; `position` (0-based line, column) overrides the node's own mark."""

    def __init__(
        self, key: str | None, problem: str, node: Node | None = None, position: tuple[int, int] | None = None
    ) -> None:
        super().__init__(problem)
        self.key, self.problem, self.node = key, problem, node
        if position is None and node is not None:
            position = (node.start_mark.line, node.start_mark.column)
        self.position = position


@dataclass(frozen=True, slots=True)
class RuleValues:
    KEYS: ClassVar[tuple[str, ...]] = (
        "id",
        "description",
        "payer",
        "claim_types",
        "procedure_codes",
        "effective_from",
        "effective_to",
        "severity",
        "scope",
        "when",
        "message",
        "fix_hint",
        "prevents_carc",
        "field",
    )
    REQUIRED: ClassVar[tuple[str, ...]] = ("id", "description", "severity", "scope", "when", "message")

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

    def to_rule(self, compiled: rule_engine.Rule, source: str, guard: Any = None) -> PackRule:
        return PackRule(
            self.id,
            self.description,
            self.severity,
            self.scope,
            self.when,
            self.message,
            self.fix_hint,
            self.prevents_carc,
            self.payer,
            self.claim_types,
            self.procedure_codes,
            self.effective_from,
            self.effective_to,
            self.field,
            source,
            compiled,
            guard,
        )


def parse_rule_values(raw: dict[str, Any], node: MappingNode, pack_payer: PayerSelector) -> RuleValues:
    scope = _choice(raw, node, "scope", RuleScope)
    effective_from, effective_to = _date(raw, node, "effective_from"), _date(raw, node, "effective_to")
    if effective_from and effective_to and effective_to < effective_from:
        raise Refusal(
            "effective_to",
            f"{effective_to} is before effective_from {effective_from}",
            _at(node, "effective_to"),
        )
    payer = parse_selector(raw["payer"], _at(node, "payer")) if "payer" in raw else pack_payer
    return RuleValues(
        id=raw["id"],
        description=_text(raw, node, "description"),
        severity=_choice(raw, node, "severity", Severity),
        scope=scope,
        when=_text(raw, node, "when"),
        message=_template(raw, node, "message", scope),
        fix_hint=_template(raw, node, "fix_hint", scope, required=False),
        prevents_carc=_carc(raw, node),
        payer=payer,
        claim_types=_claim_types(raw, node),
        procedure_codes=_procedure_codes(raw, node, scope),
        effective_from=effective_from,
        effective_to=effective_to,
        field=_field(raw, node, scope),
    )


def parse_selector(raw: Any, node: Node | None) -> PayerSelector:
    if raw is None:
        return PayerSelector()
    if not isinstance(raw, dict) or set(raw) - {"ids", "types"}:
        raise Refusal("payer", "must be a mapping with 'ids' and/or 'types' lists", node)
    ids, payer_types = raw.get("ids") or [], raw.get("types") or []
    if not isinstance(ids, list) or not all(
        isinstance(i, str | int) and _PAYER_ID.match(str(i)) for i in ids
    ):
        raise Refusal("payer", "ids must be a list of X12 payer ids (letters, digits, '-')", node)
    if not isinstance(payer_types, list):
        raise Refusal("payer", "types must be a list", node)
    unknown = [t for t in payer_types if t not in PayerType._value2member_map_]
    if unknown:
        allowed = ", ".join(PayerType)
        raise Refusal("payer", f"unknown payer type {unknown[0]!r} (allowed: {allowed})", node)
    return PayerSelector(frozenset(str(i) for i in ids), frozenset(payer_types))


def _at(node: MappingNode, key: str) -> Node:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value_node
            return found
    return node


def _text(raw: dict[str, Any], node: MappingNode, key: str, required: bool = True) -> str:
    value = raw.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise Refusal(key, "must be a non-empty text", _at(node, key))
    return value.strip()


def _choice(raw: dict[str, Any], node: MappingNode, key: str, choices: Any) -> Any:
    value = raw.get(key)
    if value not in choices._value2member_map_:
        allowed = " or ".join(repr(choice.value) for choice in choices)
        raise Refusal(key, f"{value!r} is not {allowed}", _at(node, key))
    return choices(value)


def _date(raw: dict[str, Any], node: MappingNode, key: str) -> date | None:
    value = raw.get(key)
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise Refusal(key, f"{value!r} is not a date (YYYY-MM-DD)", _at(node, key)) from None


def _template(
    raw: dict[str, Any], node: MappingNode, key: str, scope: RuleScope, required: bool = True
) -> str:
    text = _text(raw, node, key, required)
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as error:
        raise Refusal(key, f"bad placeholder: {error}", _at(node, key)) from None
    known = symbol_types(scope)
    for name in names:
        if name not in known:
            raise Refusal(key, f"placeholder {{{name}}} is not a {scope.value}-scope field", _at(node, key))
    return text


def _carc(raw: dict[str, Any], node: MappingNode) -> str | None:
    value = raw.get("prevents_carc")
    if value is None:
        return None
    if not _CARC.match(str(value)):
        raise Refusal(
            "prevents_carc", f"{value!r} is not a CARC code (e.g. 16, 197, B7)", _at(node, "prevents_carc")
        )
    return str(value)


def _claim_types(raw: dict[str, Any], node: MappingNode) -> frozenset[str]:
    values = raw.get("claim_types") or []
    if not isinstance(values, list) or any(v not in ClaimType._value2member_map_ for v in values):
        allowed = ", ".join(ClaimType)
        raise Refusal("claim_types", f"must be a list of: {allowed}", _at(node, "claim_types"))
    return frozenset(values)


def _procedure_codes(raw: dict[str, Any], node: MappingNode, scope: RuleScope) -> CodeSelector | None:
    values = raw.get("procedure_codes")
    if values is None:
        return None
    where = _at(node, "procedure_codes")
    if scope is not RuleScope.LINE:
        raise Refusal("procedure_codes", "only applies to rules with scope 'line'", where)
    if (
        not isinstance(values, list)
        or not values
        or not all(_PROCEDURE_PATTERN.match(str(v)) for v in values)
    ):
        raise Refusal("procedure_codes", "must be a list of codes or prefixes like 'J*'", where)
    texts = [str(v) for v in values]
    return CodeSelector(
        frozenset(t for t in texts if not t.endswith("*")), tuple(t[:-1] for t in texts if t.endswith("*"))
    )


def _field(raw: dict[str, Any], node: MappingNode, scope: RuleScope) -> str | None:
    value = raw.get("field")
    if value is not None and value not in symbol_types(scope):
        raise Refusal("field", f"{value!r} is not a {scope.value}-scope field", _at(node, "field"))
    return value
