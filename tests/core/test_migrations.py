"""The migrated schema is the models' schema: no drift between Alembic and SQLAlchemy."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

import rcm.models as models


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, models.Base.metadata)
    assert diff == [], f"run `alembic revision --autogenerate`: {diff}"


# Deployment-wide reference data (CMS / customer code files): no tenant owns a row.
REFERENCE_TABLES = {"organizations", "ncci_edits", "mue_limits", "hcpcs_codes", "cpt_codes", "code_set_loads"}


def test_every_tenant_table_has_org_id_indexed_or_keyed(engine: Engine) -> None:
    insp = inspect(engine)
    for table in models.Base.metadata.sorted_tables:
        if table.name in REFERENCE_TABLES:
            continue
        assert "org_id" in table.c, f"{table.name} has no org_id"
        indexed = {c for ix in insp.get_indexes(table.name) for c in ix["column_names"][:1]}
        keyed = {c for uq in insp.get_unique_constraints(table.name) for c in uq["column_names"][:1]}
        keyed |= set(insp.get_pk_constraint(table.name)["constrained_columns"][:1])
        assert "org_id" in indexed | keyed, f"{table.name}: org_id leads no index or key"


# Triggers the KPIs and the open-denial totals depend on (SQLite drops a table's triggers when a
# batch-mode migration rebuilds it: every migration that does must reinstall them).
TRIGGERS = {
    "claims": {"claims_rollup_insert", "claims_rollup_update", "claims_rollup_delete"},
    "denials": {"denials_open_denied_insert", "denials_open_denied_update", "denials_open_denied_delete"},
}
APPEND_ONLY = {
    "postgresql": {"audit_events_append_only", "audit_events_no_truncate"},
    "sqlite": {"audit_events_no_update", "audit_events_no_delete"},
}


def test_derived_totals_and_append_only_triggers_survive_every_migration(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        query = "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        query = "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'"
    with engine.connect() as conn:
        found = {(table, name) for table, name in conn.execute(text(query))}
    for table, names in {**TRIGGERS, "audit_events": APPEND_ONLY[engine.dialect.name]}.items():
        for name in names:
            assert any(t == table and n.startswith(name) for t, n in found), f"{table}: {name} missing"
