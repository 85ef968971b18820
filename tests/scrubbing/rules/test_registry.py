from __future__ import annotations

import importlib
import pkgutil

import rcm.scrubbing.rules as rules_package
from rcm.scrubbing.rules import BUILTIN_EDITS, BUILTIN_RULE_IDS


def test_every_edit_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(rules_package.__path__) if m.name != "base"}
    assert {edit.name for edit in BUILTIN_EDITS} == modules


def test_rule_ids_are_unique_and_exported_by_their_module() -> None:
    all_ids = [rule_id for edit in BUILTIN_EDITS for rule_id in edit.rule_ids]
    assert len(all_ids) == len(set(all_ids)) == len(BUILTIN_RULE_IDS)
    for edit in BUILTIN_EDITS:
        module = importlib.import_module(f"rcm.scrubbing.rules.{edit.name}")
        assert {getattr(module, rule_id) for rule_id in edit.rule_ids} == set(edit.rule_ids)
