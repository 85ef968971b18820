"""SQL of the KPI rollups: each claim's contribution, the triggers that keep them, the rebuild.

One definition serves both dialects (CASE expressions instead of boolean casts); only date
arithmetic differs. Migration 0008 creates the triggers from here.
"""

from __future__ import annotations

KEY = ("org_id", "service_date", "payer_id", "status", "payer_sequence")
_CLAIM_KEY = ("org_id", "service_date_from", "payer_id", "status", "payer_sequence")
_TIMED = "{c}.last_payment_at IS NOT NULL AND {c}.first_submitted_at IS NOT NULL AND {c}.paid_cents > 0"
_DAYS_TO_PAY = {
    "postgresql": "EXTRACT(EPOCH FROM ({c}.last_payment_at - {c}.first_submitted_at)) / 86400.0",
    "sqlite": "julianday({c}.last_payment_at) - julianday({c}.first_submitted_at)",
}
_DAYS_TO_CASH = {
    "postgresql": "(({c}.last_payment_at AT TIME ZONE 'UTC')::date - {c}.service_date_from)",
    "sqlite": "CAST(julianday(date({c}.last_payment_at)) - julianday({c}.service_date_from) AS INTEGER)",
}


def _when(condition: str, value: str = "1") -> str:
    return f"CASE WHEN {condition} THEN {value} ELSE 0 END"


def contributions(dialect: str) -> list[tuple[str, str]]:
    """(rollup column, expression of claim `{c}` times sign `{s}`)."""
    timed = _TIMED
    return [
        ("n", "{s}"),
        ("n_submitted", "{s} * " + _when("{c}.first_submitted_at IS NOT NULL")),
        (
            "n_first_clean",
            "{s} * "
            + _when(
                "{c}.first_submitted_at IS NOT NULL AND {c}.submission_count = 1 AND {c}.rejection_count = 0"
            ),
        ),
        ("n_adjudicated", "{s} * " + _when("{c}.adjudication_count >= 1")),
        ("n_adjudicated_once", "{s} * " + _when("{c}.adjudication_count = 1")),
        ("charge_cents", "{s} * {c}.charge_cents"),
        ("paid_cents", "{s} * {c}.paid_cents"),
        ("balance_cents", "{s} * {c}.balance_cents"),
        ("n_balance", "{s} * " + _when("{c}.balance_cents <> 0")),
        ("positive_balance_cents", "{s} * " + _when("{c}.balance_cents > 0", "{c}.balance_cents")),
        ("n_positive_balance", "{s} * " + _when("{c}.balance_cents > 0")),
        ("adjustment_cents", "{s} * {c}.adjustment_cents"),
        (
            "final_patient_cents",
            "{s} * " + _when("{c}.next_payer_claim_id IS NULL", "{c}.patient_responsibility_cents"),
        ),
        ("n_paid_timed", "{s} * " + _when(timed)),
        ("days_to_pay_sum", "{s} * " + _when(timed, _DAYS_TO_PAY[dialect])),
    ]


def _fill(expression: str, claim: str, sign: str) -> str:
    return expression.replace("{c}", claim).replace("{s}", sign)


def aggregate_insert(dialect: str, source: str, claim: str = "c", sign: str = "c.s") -> str:
    """INSERT the grouped contributions of `source` (rows of claims, with a sign column) as deltas."""
    columns = contributions(dialect)
    names = ", ".join([*KEY, *(name for name, _ in columns)])
    sums = ", ".join(f"SUM({_fill(expr, claim, sign)})" for _, expr in columns)
    group = ", ".join(f"{claim}.{k}" for k in _CLAIM_KEY)
    updates = ", ".join(f"{name} = claim_rollups.{name} + excluded.{name}" for name, _ in columns)
    where = " WHERE true" if dialect == "sqlite" else ""  # SQLite needs it before ON CONFLICT
    return (
        f"INSERT INTO claim_rollups ({names}) SELECT {group}, {sums} FROM {source}{where} "
        f"GROUP BY {group} ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates}"
    )


def histogram_insert(dialect: str, source: str, claim: str = "c", sign: str = "c.s") -> str:
    days = _fill(_DAYS_TO_CASH[dialect], claim, sign)
    return (
        f"INSERT INTO payment_time_histogram (org_id, payer_id, service_date, days, n) "
        f"SELECT {claim}.org_id, {claim}.payer_id, {claim}.service_date_from, {days}, SUM({sign}) "
        f"FROM {source} WHERE {claim}.status = 'Paid' AND {claim}.last_payment_at IS NOT NULL "
        f"GROUP BY {claim}.org_id, {claim}.payer_id, {claim}.service_date_from, {days} "
        f"ON CONFLICT (org_id, payer_id, service_date, days) DO UPDATE SET "
        f"n = payment_time_histogram.n + excluded.n"
    )


def _signed(*parts: tuple[str, str]) -> str:
    return "(" + " UNION ALL ".join(f"SELECT {sign} AS s, * FROM {table}" for sign, table in parts) + ") c"


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION rcm_claim_rollups() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {aggregate_insert("postgresql", _signed(("1", "new_rows")))};
        {histogram_insert("postgresql", _signed(("1", "new_rows")))};
    ELSIF TG_OP = 'UPDATE' THEN
        {aggregate_insert("postgresql", _signed(("1", "new_rows"), ("-1", "old_rows")))};
        {histogram_insert("postgresql", _signed(("1", "new_rows"), ("-1", "old_rows")))};
    ELSE
        {aggregate_insert("postgresql", _signed(("-1", "old_rows")))};
        {histogram_insert("postgresql", _signed(("-1", "old_rows")))};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
PG_TRIGGERS = [
    "CREATE TRIGGER claims_rollup_insert AFTER INSERT ON claims REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_rollups()",
    "CREATE TRIGGER claims_rollup_update AFTER UPDATE ON claims REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_rollups()",
    "CREATE TRIGGER claims_rollup_delete AFTER DELETE ON claims REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_rollups()",
]
PG_DROP = [
    "DROP TRIGGER IF EXISTS claims_rollup_insert ON claims",
    "DROP TRIGGER IF EXISTS claims_rollup_update ON claims",
    "DROP TRIGGER IF EXISTS claims_rollup_delete ON claims",
    "DROP FUNCTION IF EXISTS rcm_claim_rollups()",
]


def _sqlite_row(row: str, sign: str) -> list[str]:
    """Row-level upserts for one NEW or OLD row (SQLite has no statement-level triggers)."""
    columns = contributions("sqlite")
    names = ", ".join([*KEY, *(name for name, _ in columns)])
    values = ", ".join([*(f"{row}.{k}" for k in _CLAIM_KEY), *(_fill(e, row, sign) for _, e in columns)])
    updates = ", ".join(f"{name} = {name} + excluded.{name}" for name, _ in columns)
    days = _fill(_DAYS_TO_CASH["sqlite"], row, sign)
    conflict = f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates};"
    return [
        f"INSERT INTO claim_rollups ({names}) VALUES ({values}) {conflict}",
        f"INSERT INTO payment_time_histogram (org_id, payer_id, service_date, days, n) SELECT {row}.org_id, "
        f"{row}.payer_id, {row}.service_date_from, {days}, {sign} WHERE {row}.status = 'Paid' "
        f"AND {row}.last_payment_at IS NOT NULL ON CONFLICT (org_id, payer_id, service_date, days) "
        f"DO UPDATE SET n = n + excluded.n;",
    ]


SQLITE_TRIGGERS = [
    "CREATE TRIGGER claims_rollup_insert AFTER INSERT ON claims BEGIN "
    + " ".join(_sqlite_row("NEW", "1"))
    + " END",
    "CREATE TRIGGER claims_rollup_update AFTER UPDATE ON claims BEGIN "
    + " ".join(_sqlite_row("OLD", "-1") + _sqlite_row("NEW", "1"))
    + " END",
    "CREATE TRIGGER claims_rollup_delete AFTER DELETE ON claims BEGIN "
    + " ".join(_sqlite_row("OLD", "-1"))
    + " END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_rollup_insert",
    "DROP TRIGGER IF EXISTS claims_rollup_update",
    "DROP TRIGGER IF EXISTS claims_rollup_delete",
]


def rebuild_statements(dialect: str, one_org: bool) -> list[str]:
    """Recompute from the claims table (of the org bound as :org_id when `one_org`)."""
    where = " WHERE org_id = :org_id" if one_org else ""
    source = f"(SELECT 1 AS s, * FROM claims{where}) c"
    return [
        f"DELETE FROM claim_rollups{where}",
        f"DELETE FROM payment_time_histogram{where}",
        aggregate_insert(dialect, source),
        histogram_insert(dialect, source),
    ]
