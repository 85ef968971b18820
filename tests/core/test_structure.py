"""Architecture rules checked on the source: org-scoped models are only queried in repositories."""

from __future__ import annotations

import ast
from pathlib import Path

import rcm.models as models
from rcm.db import Base

SRC = Path(models.__file__).parent
QUERY_CALLS = {"select", "update", "delete", "insert", "query", "get"}


def _org_scoped_model_names() -> set[str]:
    return {mapper.class_.__name__ for mapper in Base.registry.mappers if "org_id" in mapper.columns}


def _violations(path: Path, names: set[str], root: Path = SRC) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = (
            func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        )
        if called not in QUERY_CALLS:
            continue
        referenced = {n.id for arg in node.args for n in ast.walk(arg) if isinstance(n, ast.Name)}
        for model in sorted(referenced & names):
            found.append(f"{path.relative_to(root)}:{node.lineno} {called}({model}...)")
    return found


def test_org_scoped_models_are_known() -> None:
    names = _org_scoped_model_names()
    assert {"Claim", "ClaimLine", "Patient", "Payment", "AuditEvent", "User"} <= names
    assert "Organization" not in names


def test_no_query_of_an_org_scoped_model_outside_a_repository() -> None:
    names = _org_scoped_model_names()
    violations = []
    for path in SRC.rglob("*.py"):
        if path.name == "repository.py" or path.parent.name == "repositories":
            continue
        violations += _violations(path, names)
    assert not violations, "queries outside repository.py:\n" + "\n".join(violations)


def test_the_checker_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "service.py"
    bad.write_text("from sqlalchemy import select\nfrom rcm.claims.models import Claim\nq = select(Claim)\n")
    assert _violations(bad, _org_scoped_model_names(), tmp_path) == ["service.py:3 select(Claim...)"]
