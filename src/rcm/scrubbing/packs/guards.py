"""Cheap pre-checks derived from a compiled rule's own AST, so most rules never reach rule-engine.

A rule `A and B and C` can only fire when every operand is true. For operands of a few simple
shapes (a string field compared with a literal, a literal tested against a list field, a boolean
field, a number field against a number, `not`/`or` of those) we build a plain Python predicate.
When a predicate is false the rule cannot fire and rule-engine is skipped; when all are true
rule-engine evaluates the whole expression and remains the only judge of firing. These shapes
have the same meaning in Python as in rule-engine for the values a context holds (checked by a
property test against rule-engine itself).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from typing import Any

import rule_engine
from rule_engine import DataType, ast

from rcm.scrubbing.packs.expressions import resolver_for, symbol_types
from rcm.scrubbing.packs.model import RuleScope

Predicate = Callable[[Any], bool]
Resolve = Callable[[Any, str], Any]
_ORDER = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}
_EQUALITY_TYPES = (DataType.STRING, DataType.BOOLEAN)
_REGEX = {
    "eq_fzm": ("match", True),
    "eq_fzs": ("search", True),
    "ne_fzm": ("match", False),
    "ne_fzs": ("search", False),
}


def derive_guard(rule: rule_engine.Rule, scope: RuleScope) -> Predicate | None:
    """A predicate that is False only when the rule cannot fire; None when nothing is cheap to check."""
    builder = _Builder(symbol_types(scope), resolver_for(scope))
    predicates = [p for operand in _conjuncts(rule.statement.expression) if (p := builder.build(operand))]
    if not predicates:
        return None
    if len(predicates) == 1:
        return predicates[0]
    return lambda thing: all(predicate(thing) for predicate in predicates)


def _conjuncts(node: Any) -> list[Any]:
    if isinstance(node, ast.LogicExpression) and node.type == "and":
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]


class _Builder:
    def __init__(self, types: dict[str, Any], resolve: Resolve) -> None:
        self._types, self._resolve = types, resolve

    def build(self, node: Any) -> Predicate | None:
        if isinstance(node, ast.LogicExpression):
            return self._logic(node)
        if isinstance(node, ast.UnaryExpression) and node.type == "not":
            inner = self.build(node.right)
            return None if inner is None else (lambda thing: not inner(thing))
        if isinstance(node, ast.ContainsExpression):
            return self._contains(node)
        if isinstance(node, ast.ArithmeticComparisonExpression):
            return self._ordered(node)
        if isinstance(node, ast.FuzzyComparisonExpression):
            return self._regex(node)
        if isinstance(node, ast.ComparisonExpression) and node.type in ("eq", "ne"):
            return self._equality(node) or self._numeric_equality(node)
        if (name := self._symbol(node, (DataType.BOOLEAN,))) is not None:
            return lambda thing: self._resolve(thing, name) is True
        return None

    def _logic(self, node: Any) -> Predicate | None:
        left, right = self.build(node.left), self.build(node.right)
        if left is None or right is None:
            return None
        if node.type == "and":
            return lambda thing: left(thing) and right(thing)
        return lambda thing: left(thing) or right(thing)

    def _symbol(self, node: Any, allowed: tuple[Any, ...], nullable: bool = False) -> str | None:
        if not isinstance(node, ast.SymbolExpression) or node.scope is not None:
            return None
        declared = self._types.get(node.name)
        if declared is None:
            return None
        if DataType.is_type(declared, DataType.NULLABLE):
            if not nullable:
                return None
            declared = declared.inner_type
        return node.name if any(declared == kind for kind in allowed) else None

    def _equality(self, node: Any) -> Predicate | None:
        name = self._symbol(node.left, _EQUALITY_TYPES, nullable=True)
        literal = node.right
        if name is None or not isinstance(
            literal, ast.StringExpression | ast.NullExpression | ast.BooleanExpression
        ):
            return None
        value, resolve = literal.value, self._resolve
        if node.type == "eq":
            return lambda thing: _same(resolve(thing, name), value)
        return lambda thing: not _same(resolve(thing, name), value)

    def _numeric_equality(self, node: Any) -> Predicate | None:
        """rule-engine turns every number into a Decimal first, so compare by value, not by type."""
        name = self._symbol(node.left, (DataType.FLOAT,))
        if name is None or not isinstance(node.right, ast.FloatExpression):
            return None
        value, resolve, wanted = node.right.value, self._resolve, node.type == "eq"
        return lambda thing: (resolve(thing, name) == value) is wanted

    def _regex(self, node: Any) -> Predicate | None:
        name = self._symbol(node.left, (DataType.STRING,))
        if name is None or not isinstance(node.right, ast.StringExpression) or node.type not in _REGEX:
            return None
        method, wanted = _REGEX[node.type]
        test = getattr(re.compile(node.right.value, flags=node.context.regex_flags), method)
        resolve = self._resolve
        return lambda thing: (test(resolve(thing, name)) is not None) is wanted

    def _contains(self, node: Any) -> Predicate | None:
        container, member, resolve = node.container, node.member, self._resolve
        if isinstance(container, ast.ArrayExpression) and all(
            isinstance(item, ast.StringExpression) for item in container.value
        ):
            member_name = self._symbol(member, (DataType.STRING,), nullable=True)
            if member_name is None:
                return None
            choices = frozenset(item.value for item in container.value)
            return lambda thing: resolve(thing, member_name) in choices
        if isinstance(member, ast.StringExpression) and isinstance(container, ast.SymbolExpression):
            declared = self._types.get(container.name)
            if container.scope is None and declared == DataType.ARRAY(DataType.STRING):
                name, value = container.name, member.value
                return lambda thing: value in resolve(thing, name)
        return None

    def _ordered(self, node: Any) -> Predicate | None:
        name = self._symbol(node.left, (DataType.FLOAT,))
        if name is None or not isinstance(node.right, ast.FloatExpression) or node.type not in _ORDER:
            return None
        compare, value, resolve = _ORDER[node.type], node.right.value, self._resolve
        return lambda thing: bool(compare(resolve(thing, name), value))


def _same(left: Any, right: Any) -> bool:
    """rule-engine equality: values of different Python types are never equal."""
    return type(left) is type(right) and left == right
