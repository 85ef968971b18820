"""SQL of the KPI rollups: each claim's contribution, the triggers that keep them, the rebuild.

One definition serves both dialects (CASE expressions instead of boolean casts); only date
arithmetic differs. Migrations create the triggers from here, each naming the rollup columns that
existed at its revision (`V0008`, `V0009`), so an old migration keeps producing its own SQL.

Two claim columns are derived by triggers too: `open_denied_cents` (the claim's open, non-PR
denials, kept by triggers on `denials`) feeds the revenue-at-risk rollup without a join.
"""

from __future__ import annotations

KEY = ("org_id", "service_date", "payer_id", "status", "payer_sequence")
_CLAIM_KEY = ("org_id", "service_date_from", "payer_id", "status", "payer_sequence")
_TIMED = "{c}.last_payment_at IS NOT NULL AND {c}.first_submitted_at IS NOT NULL AND {c}.paid_cents > 0"
# Calendar days between the UTC dates: a remittance's payment date has no time of day.
_DAYS_TO_PAY = {
    "postgresql": "(({c}.last_payment_at AT TIME ZONE 'UTC')::date"
    " - ({c}.first_submitted_at AT TIME ZONE 'UTC')::date)",
    "sqlite": "(julianday(date({c}.last_payment_at)) - julianday(date({c}.first_submitted_at)))",
}
_DAYS_TO_CASH = {
    "postgresql": "(({c}.last_payment_at AT TIME ZONE 'UTC')::date - {c}.service_date_from)",
    "sqlite": "CAST(julianday(date({c}.last_payment_at)) - julianday({c}.service_date_from) AS INTEGER)",
}


def _when(condition: str, value: str = "1") -> str:
    return f"CASE WHEN {condition} THEN {value} ELSE 0 END"


_OPEN_AR = "('Submitted', 'Rejected', 'Accepted', 'PartiallyPaid', 'Denied')"
_AT_RISK_DENIED = "{c}.open_denied_cents > 0 AND {c}.balance_cents > 0 AND {c}.status IN " + _OPEN_AR
_LEAST = {"postgresql": "LEAST", "sqlite": "MIN"}


def contributions(dialect: str, columns: tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    """(rollup column, expression of claim `{c}` times sign `{s}`), limited to `columns` if given."""
    found = [(name, expr) for name, expr in _contributions(dialect) if columns is None or name in columns]
    if columns is not None and len(found) != len(columns):
        raise ValueError(f"unknown rollup columns: {set(columns) - {n for n, _ in found}}")
    return found


def _contributions(dialect: str) -> list[tuple[str, str]]:
    timed = _TIMED
    least = _LEAST[dialect]
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
        ("written_off_cents", "{s} * {c}.written_off_cents"),
        (
            "at_risk_denied_cents",
            "{s} * " + _when(_AT_RISK_DENIED, f"{least}({{c}}.open_denied_cents, {{c}}.balance_cents)"),
        ),
        ("n_at_risk_denied", "{s} * " + _when(_AT_RISK_DENIED)),
    ]


V0008 = (
    "n",
    "n_submitted",
    "n_first_clean",
    "n_adjudicated",
    "n_adjudicated_once",
    "charge_cents",
    "paid_cents",
    "balance_cents",
    "n_balance",
    "positive_balance_cents",
    "n_positive_balance",
    "adjustment_cents",
    "final_patient_cents",
    "n_paid_timed",
    "days_to_pay_sum",
)
V0009 = (*V0008, "written_off_cents", "at_risk_denied_cents", "n_at_risk_denied")
CURRENT = V0009


def _fill(expression: str, claim: str, sign: str) -> str:
    return expression.replace("{c}", claim).replace("{s}", sign)


def aggregate_insert(
    dialect: str, source: str, claim: str = "c", sign: str = "c.s", version: tuple[str, ...] = CURRENT
) -> str:
    """INSERT the grouped contributions of `source` (rows of claims, with a sign column) as deltas."""
    columns = contributions(dialect, version)
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


def pg_function(version: tuple[str, ...] = CURRENT) -> str:
    def both(*parts: tuple[str, str]) -> str:
        source = _signed(*parts)
        return (
            f"{aggregate_insert('postgresql', source, version=version)};\n"
            f"        {histogram_insert('postgresql', source)};"
        )

    return f"""
CREATE OR REPLACE FUNCTION rcm_claim_rollups() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {both(("1", "new_rows"))}
    ELSIF TG_OP = 'UPDATE' THEN
        {both(("1", "new_rows"), ("-1", "old_rows"))}
    ELSE
        {both(("-1", "old_rows"))}
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


def _sqlite_row(row: str, sign: str, version: tuple[str, ...]) -> list[str]:
    """Row-level upserts for one NEW or OLD row (SQLite has no statement-level triggers)."""
    columns = contributions("sqlite", version)
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


def sqlite_triggers(version: tuple[str, ...] = CURRENT) -> list[str]:
    def body(*rows: tuple[str, str]) -> str:
        return " ".join(part for row, sign in rows for part in _sqlite_row(row, sign, version))

    return [
        f"CREATE TRIGGER claims_rollup_insert AFTER INSERT ON claims BEGIN {body(('NEW', '1'))} END",
        f"CREATE TRIGGER claims_rollup_update AFTER UPDATE ON claims BEGIN "
        f"{body(('OLD', '-1'), ('NEW', '1'))} END",
        f"CREATE TRIGGER claims_rollup_delete AFTER DELETE ON claims BEGIN {body(('OLD', '-1'))} END",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS claims_rollup_insert",
    "DROP TRIGGER IF EXISTS claims_rollup_update",
    "DROP TRIGGER IF EXISTS claims_rollup_delete",
]


def rebuild_statements(dialect: str, one_org: bool, version: tuple[str, ...] = CURRENT) -> list[str]:
    """Recompute from the claims table (of the org bound as :org_id when `one_org`)."""
    where = " WHERE org_id = :org_id" if one_org else ""
    source = f"(SELECT 1 AS s, * FROM claims{where}) c"
    return [
        f"DELETE FROM claim_rollups{where}",
        f"DELETE FROM payment_time_histogram{where}",
        aggregate_insert(dialect, source, version=version),
        histogram_insert(dialect, source),
    ]


def reinstall_statements(dialect: str, version: tuple[str, ...] = CURRENT) -> list[str]:
    """Replace the claim triggers' SQL with this code's and recompute every org's rollups: what a
    migration runs when a contribution's expression changed."""
    if dialect == "postgresql":
        triggers = [pg_function(version)]  # the triggers call the function by name
    else:
        triggers = [*SQLITE_DROP, *sqlite_triggers(version)]
    return [*triggers, *rebuild_statements(dialect, one_org=False, version=version)]


# -- claims.open_denied_cents, kept from denials ------------------------------------------------

_OPEN_DENIED_OF = (
    "(SELECT COALESCE(SUM(d.amount_cents), 0) FROM denials d "
    "WHERE d.claim_id = {claim} AND d.is_open AND d.group_code <> 'PR')"
)


def open_denied_update(dialect: str, claim_ids: str) -> str:
    """Set `open_denied_cents` of the claims in `claim_ids` (a subquery) where it changed."""
    value = _OPEN_DENIED_OF.format(claim="claims.id")
    return (
        f"UPDATE claims SET open_denied_cents = {value} "
        f"WHERE claims.id IN ({claim_ids}) AND claims.open_denied_cents <> {value}"
    )


def pg_open_denied_function() -> str:
    def update(*tables: str) -> str:
        ids = " UNION ".join(f"SELECT claim_id FROM {t}" for t in tables)
        return open_denied_update("postgresql", ids) + ";"

    return f"""
CREATE OR REPLACE FUNCTION rcm_claim_open_denied() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {update("new_rows")}
    ELSIF TG_OP = 'UPDATE' THEN
        {update("new_rows", "old_rows")}
    ELSE
        {update("old_rows")}
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


PG_OPEN_DENIED_TRIGGERS = [
    "CREATE TRIGGER denials_open_denied_insert AFTER INSERT ON denials REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_open_denied()",
    "CREATE TRIGGER denials_open_denied_update AFTER UPDATE ON denials REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_open_denied()",
    "CREATE TRIGGER denials_open_denied_delete AFTER DELETE ON denials REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION rcm_claim_open_denied()",
]
PG_OPEN_DENIED_DROP = [
    "DROP TRIGGER IF EXISTS denials_open_denied_insert ON denials",
    "DROP TRIGGER IF EXISTS denials_open_denied_update ON denials",
    "DROP TRIGGER IF EXISTS denials_open_denied_delete ON denials",
    "DROP FUNCTION IF EXISTS rcm_claim_open_denied()",
]


def _sqlite_open_denied(row: str) -> str:
    return open_denied_update("sqlite", f"{row}.claim_id") + ";"


SQLITE_OPEN_DENIED_TRIGGERS = [
    f"CREATE TRIGGER denials_open_denied_{event.lower()} AFTER {event} ON denials BEGIN "
    + " ".join(_sqlite_open_denied(row) for row in rows)
    + " END"
    for event, rows in (("INSERT", ("NEW",)), ("UPDATE", ("NEW", "OLD")), ("DELETE", ("OLD",)))
]
SQLITE_OPEN_DENIED_DROP = [
    "DROP TRIGGER IF EXISTS denials_open_denied_insert",
    "DROP TRIGGER IF EXISTS denials_open_denied_update",
    "DROP TRIGGER IF EXISTS denials_open_denied_delete",
]


def derived_claim_totals(one_org: bool) -> list[str]:
    """Recompute the derived claim columns (after a load that bypassed triggers): open denials
    from `denials`, applied write-offs from `write_offs`. Only claims that have such rows or a
    non-zero value are looked at, and only rows that differ are written."""
    org = " AND claims.org_id = :org_id" if one_org else ""
    denied = _OPEN_DENIED_OF.format(claim="claims.id")
    written = (
        "(SELECT COALESCE(SUM(w.amount_cents), 0) FROM write_offs w "
        "WHERE w.claim_id = claims.id AND w.status = 'applied')"
    )
    return [
        f"UPDATE claims SET {column} = {value} WHERE (claims.id IN (SELECT claim_id FROM {table}) "
        f"OR claims.{column} <> 0){org} AND claims.{column} <> {value}"
        for column, value, table in (
            ("open_denied_cents", denied, "denials"),
            ("written_off_cents", written, "write_offs"),
        )
    ]
