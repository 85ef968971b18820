"""Load a rule pack from YAML text into a compiled `RulePack`, or refuse it with a precise error.

Every problem names the source, the YAML line (and column for expressions), the rule id and the
key, e.g. `org-7.yaml:14:22: rule 'TELEHEALTH_MOD' (rules[2]) when: unknown field 'payer_tipe'
in claim scope (did you mean 'payer_type'?)`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from rcm.errors import InvalidInput
from rcm.scrubbing.packs.expressions import ExpressionProblem, compile_expression
from rcm.scrubbing.packs.guards import derive_guard
from rcm.scrubbing.packs.model import PACK_RULE_ERROR, PackRule, PayerSelector, RulePack, RuleScope
from rcm.scrubbing.packs.values import Refusal, RuleValues, parse_rule_values, parse_selector
from rcm.scrubbing.rules import BUILTIN_RULE_IDS


class _PackYamlLoader(yaml.SafeLoader):
    """Safe YAML, but dates stay text so that a bad date is our error, with its rule and key."""


def _timestamp_as_text(loader: _PackYamlLoader, node: Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


_PackYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)

PACK_KEYS = ("pack", "version", "description", "payer", "disable", "rules")
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9_]{2,63}$")


class RulePackInvalid(InvalidInput):
    """A pack that cannot be loaded; `context` carries source, line, column, rule_id and key."""


def load_pack_file(path: str | Path, *, reserved_ids: Collection[str] | None = None) -> RulePack:
    path = Path(path)
    return load_pack(path.read_text(encoding="utf-8"), source=path.name, reserved_ids=reserved_ids)


def load_pack(text: str, source: str, *, reserved_ids: Collection[str] | None = None) -> RulePack:
    """Parse, validate and compile a pack. `reserved_ids` are ids pack rules may not take (built-ins)."""
    if reserved_ids is None:
        reserved_ids = BUILTIN_RULE_IDS | {PACK_RULE_ERROR}
    root, data = _parse_yaml(text, source)
    try:
        _check_keys(root, PACK_KEYS, required=("pack", "rules"))
    except Refusal as refusal:
        raise _error(source, refusal, None, None) from None
    pack_payer = _pack_level(source, root, data)
    rules_node = _value_node(root, "rules")
    if not isinstance(rules_node, SequenceNode):
        raise _error(source, Refusal("rules", "must be a list of rules", rules_node), None, None)
    rules, seen = [], set[str]()
    for index, rule_node in enumerate(rules_node.value):
        rules.append(
            _load_rule(source, index, rule_node, data["rules"][index], pack_payer, seen, reserved_ids)
        )
    disabled = frozenset(str(item) for item in data.get("disable") or ())
    return RulePack(
        name=str(data["pack"]),
        source=source,
        description=str(data.get("description") or ""),
        version=None if data.get("version") is None else str(data["version"]),
        payer=pack_payer,
        rules=tuple(rules),
        disabled=disabled,
    )


def _parse_yaml(text: str, source: str) -> tuple[MappingNode, dict[str, Any]]:
    try:
        loader = _PackYamlLoader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise RulePackInvalid(
            f"{where}: invalid YAML: {error.problem}", source=source, line=mark and mark.line + 1
        ) from None
    except yaml.YAMLError as error:
        raise RulePackInvalid(f"{source}: invalid YAML: {error}", source=source) from None
    if not isinstance(root, MappingNode) or not isinstance(data, dict):
        raise RulePackInvalid(
            f"{source}: a rule pack must be a mapping with 'pack' and 'rules'", source=source
        )
    return root, data


def _pack_level(source: str, root: MappingNode, data: dict[str, Any]) -> PayerSelector:
    try:
        if not isinstance(data["pack"], str) or not data["pack"].strip():
            raise Refusal("pack", "must be a non-empty name", _value_node(root, "pack"))
        disable = data.get("disable") or []
        if not isinstance(disable, list) or not all(
            isinstance(i, str) and _RULE_ID.match(i) for i in disable
        ):
            raise Refusal("disable", "must be a list of rule ids", _value_node(root, "disable"))
        return parse_selector(data.get("payer"), _value_node(root, "payer"))
    except Refusal as refusal:
        raise _error(source, refusal, None, None) from None


def _load_rule(
    source: str,
    index: int,
    node: Node,
    raw: Any,
    pack_payer: PayerSelector,
    seen: set[str],
    reserved_ids: Collection[str],
) -> PackRule:
    rule_id = raw.get("id") if isinstance(raw, dict) else None
    label = rule_id if isinstance(rule_id, str) else None
    try:
        if not isinstance(node, MappingNode) or not isinstance(raw, dict):
            raise Refusal(None, "a rule must be a mapping of keys", node)
        _check_keys(node, RuleValues.KEYS, required=RuleValues.REQUIRED)
        _check_id(rule_id, node, seen, reserved_ids)
        values = parse_rule_values(raw, node, pack_payer)
        compiled = _compile(values.when, values.scope, _value_node(node, "when"))
    except Refusal as refusal:
        raise _error(source, refusal, label, index) from None
    seen.add(values.id)
    return values.to_rule(compiled, source, derive_guard(compiled, values.scope))


def _check_id(rule_id: Any, node: MappingNode, seen: set[str], reserved_ids: Collection[str]) -> None:
    id_node = _value_node(node, "id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise Refusal("id", "must be UPPER_SNAKE_CASE, 3-64 characters, starting with a letter", id_node)
    if rule_id in seen:
        raise Refusal("id", f"duplicate rule id '{rule_id}' in this pack", id_node)
    if rule_id in reserved_ids:
        raise Refusal("id", f"'{rule_id}' is a built-in edit id; choose another id", id_node)


def _compile(text: str, scope: RuleScope, node: Node | None) -> Any:
    try:
        return compile_expression(text, scope)
    except ExpressionProblem as problem:
        line, column = _expression_position(node, problem.line, problem.column)
        message = f"{problem.problem} (expression line {problem.line}, column {problem.column})"
        raise Refusal("when", message, node, position=(line, column)) from None


def _expression_position(node: Node | None, line: int, column: int) -> tuple[int, int]:
    """0-based YAML (line, column) of a 1-based position inside the `when` scalar."""
    if node is None:
        return 0, 0
    start = node.start_mark
    style = getattr(node, "style", None)
    if style in ("|", ">"):
        indent = _block_indent(start.buffer, start.line + 1) if start.buffer else 2
        return start.line + line, indent + column - 1
    quote = 1 if style in ("'", '"') else 0
    return start.line + line - 1, (start.column + quote if line == 1 else 0) + column - 1


def _block_indent(buffer: str, line_index: int) -> int:
    lines = buffer.split("\n")
    text = lines[line_index] if line_index < len(lines) else ""
    return len(text) - len(text.lstrip(" "))


def _check_keys(node: MappingNode, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else str(key_node)
        if key in seen:
            raise Refusal(key, f"duplicate key '{key}'", key_node)
        seen.add(key)
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            raise Refusal(key, f"unknown key '{key}'{hint}", key_node)
    for key in required:
        if key not in seen:
            raise Refusal(key, f"missing required key '{key}'", node)


def _value_node(node: MappingNode, key: str) -> Node | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            found: Node = value_node
            return found
    return None


def _error(source: str, refusal: Refusal, rule_id: str | None, index: int | None) -> RulePackInvalid:
    position = refusal.position
    where = f"{source}:{position[0] + 1}:{position[1] + 1}" if position else source
    rule = ""
    if index is not None:
        rule = f" rule '{rule_id}' (rules[{index}])" if rule_id else f" rules[{index}]"
    key = f" {refusal.key}:" if refusal.key else ""
    context: Mapping[str, Any] = {
        "source": source,
        "line": position[0] + 1 if position else None,
        "column": position[1] + 1 if position else None,
        "rule_id": rule_id,
        "rule_index": index,
        "key": refusal.key,
    }
    return RulePackInvalid(f"{where}:{rule}{key} {refusal.problem}", **context)
