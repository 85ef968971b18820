"""`when` expressions: rule-engine compiled against the typed claim/line context.

The symbol types come from the `ClaimContext` / `LineContext` annotations, so a misspelled field,
a comparison of a date with a number or an unguarded nullable field fails when the pack is
loaded. Problems are reported with a 1-based line and column inside the expression.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import cache
from typing import Any

import rule_engine
from rule_engine import DataType, errors

from rcm.scrubbing.context import LINE_FIELDS, ClaimContext, LineContext
from rcm.scrubbing.packs.model import RuleScope

_STRING_LITERAL = re.compile(r"""(['"])(?:\\.|(?!\1).)*\1""", re.DOTALL)
_BUILTIN = re.compile(r"\$(\w+)")
_CLAUSE_SPLIT = re.compile(r"\b(and|or)\b")


class ExpressionProblem(Exception):
    def __init__(self, problem: str, line: int, column: int) -> None:
        super().__init__(problem)
        self.problem, self.line, self.column = problem, line, column


@dataclass(slots=True)
class LineView:
    """What a line-scope rule sees: the line's fields, then the claim's."""

    line: LineContext
    claim: ClaimContext


def _resolve_claim(thing: ClaimContext, name: str) -> Any:
    return getattr(thing, name)


def _resolve_line(view: LineView, name: str) -> Any:
    if name in LINE_FIELDS:
        value = getattr(view.line, name)
        # SV105 overrides CLM05-1 only when present: a line without its own POS inherits the claim's
        if value is None and name == "place_of_service":
            return view.claim.place_of_service
        return value
    return getattr(view.claim, name)


def _field_type(annotation: Any, objects: dict[type, Any]) -> Any:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return DataType.NULLABLE(_field_type(inner, objects))
    if origin is tuple:
        member = args[0]
        return DataType.ARRAY(objects[member] if member in objects else DataType.from_type(member))
    if annotation is date:
        return DataType.DATETIME
    return DataType.from_type(annotation)


def _field_types(cls: type, objects: dict[type, Any]) -> dict[str, Any]:
    assert is_dataclass(cls)
    hints = typing.get_type_hints(cls)
    return {f.name: _field_type(hints[f.name], objects) for f in fields(cls)}


@cache
def symbol_types(scope: RuleScope) -> dict[str, Any]:
    line_object = DataType.OBJECT("LineContext", attributes=_field_types(LineContext, {}))
    claim = _field_types(ClaimContext, {LineContext: line_object})
    if scope is RuleScope.CLAIM:
        return claim
    return {**claim, **_field_types(LineContext, {})}


def resolver_for(scope: RuleScope) -> Callable[[Any, str], Any]:
    return _resolve_claim if scope is RuleScope.CLAIM else _resolve_line


@cache
def engine_context(scope: RuleScope) -> rule_engine.Context:
    return rule_engine.Context(
        type_resolver=rule_engine.type_resolver_from_dict(symbol_types(scope)),
        resolver=resolver_for(scope),
        default_timezone="utc",
        mapping_attribute_lookup=False,
    )


def compile_expression(text: str, scope: RuleScope) -> rule_engine.Rule:
    """Compile once; raise ExpressionProblem naming what is wrong and where."""
    blank = _blank_strings(text)
    if match := _BUILTIN.search(blank):
        raise _problem(
            text, match.start(), f"'${match.group(1)}' reads the clock or host: use the field 'today' instead"
        )
    try:
        rule = rule_engine.Rule(text, context=engine_context(scope))
    except errors.EngineError as error:
        raise _locate(text, blank, scope, error) from None
    result = rule.statement.expression.result_type
    if result not in (DataType.BOOLEAN, DataType.UNDEFINED):
        raise ExpressionProblem(f"must be a true/false condition, not a {result.name} value", 1, 1)
    return rule


def _blank_strings(text: str) -> str:
    """The text with string literal contents blanked, so positions are kept but words inside quotes vanish."""
    return _STRING_LITERAL.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - 2) + m.group(1), text)


def _problem(text: str, offset: int, message: str) -> ExpressionProblem:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ExpressionProblem(message, line, column)


def _head(value: Any) -> str:
    words = str(value).split(maxsplit=1)
    return words[0][:20] if words else str(value)


def _find(blank: str, pattern: str) -> int:
    match = re.search(pattern, blank)
    return match.start(1) if match else 0


def _locate(text: str, blank: str, scope: RuleScope, error: errors.EngineError) -> ExpressionProblem:
    if isinstance(error, errors.RuleSyntaxError):
        token = error.token
        offset = len(text.rstrip()) if token is None else token.lexpos
        near = (
            "unexpected end of expression" if token is None else f"syntax error near {_head(token.value)!r}"
        )
        return _problem(text, offset, near)
    if isinstance(error, errors.SymbolResolutionError):
        name = error.symbol_name
        hint = f" (did you mean '{error.suggestion}'?)" if error.suggestion else ""
        offset = _find(blank, rf"(?<![\w.$])({re.escape(name)})\b")
        return _problem(text, offset, f"unknown field '{name}' in {scope.value} scope{hint}")
    if isinstance(error, errors.AttributeResolutionError):
        name = error.attribute_name
        hint = f" (did you mean '{error.suggestion}'?)" if error.suggestion else ""
        offset = _find(blank, rf"\.\s*({re.escape(name)})\b")
        return _problem(text, offset, f"unknown attribute '{name}'{hint}")
    value = getattr(error, "value", None)
    if isinstance(value, str) and value in text:
        return _problem(text, text.index(value), f"{error.message}: {value!r}")
    offset, clause = _failing_clause(text, blank, scope)
    detail = f" in '{clause.strip()}'" if clause else ""
    return _problem(text, offset, f"{error.message}{detail}")


def _failing_clause(text: str, blank: str, scope: RuleScope) -> tuple[int, str]:
    """Narrow a type error to the first top-level `and`/`or` operand that fails on its own."""
    for start, end in _top_level_operands(blank):
        clause = text[start:end]
        try:
            rule_engine.Rule(clause, context=engine_context(scope))
        except errors.RuleSyntaxError:
            continue
        except errors.EngineError:
            inner = clause.strip()
            if inner.startswith("(") and inner.endswith(")"):
                lead = start + clause.index("(") + 1
                sub_offset, sub_clause = _failing_clause(inner[1:-1], _blank_strings(inner[1:-1]), scope)
                return lead + sub_offset, sub_clause
            return start + (len(clause) - len(clause.lstrip())), clause
    return 0, ""


def _top_level_operands(blank: str) -> list[tuple[int, int]]:
    depth, start, spans = 0, 0, []
    for index, char in enumerate(blank):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0 and (match := _CLAUSE_SPLIT.match(blank, index)) and _word_boundary(blank, index):
            spans.append((start, index))
            start = match.end()
    spans.append((start, len(blank)))
    return spans


def _word_boundary(blank: str, index: int) -> bool:
    return index == 0 or not (blank[index - 1].isalnum() or blank[index - 1] == "_")
