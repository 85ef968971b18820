"""Every query the synthetic loader makes, scoped to the org being loaded."""

from __future__ import annotations

import uuid

from sqlalchemy import Uuid, bindparam, exists, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from rcm.claims.models import Claim
from rcm.payers.models import Payer


def column_type_oids(connection: Connection, table_name: str) -> dict[str, int]:
    """PostgreSQL type OIDs of a table's columns, as binary COPY needs them."""
    rows = connection.execute(
        text(
            "SELECT attname, atttypid FROM pg_attribute"
            " WHERE attrelid = CAST(:table AS regclass) AND attnum > 0 AND NOT attisdropped"
        ),
        {"table": table_name},
    )
    return {name: int(oid) for name, oid in rows}


def payer_ids_by_code(session: Session, org_id: uuid.UUID) -> dict[str, uuid.UUID]:
    rows = session.execute(select(Payer.payer_code, Payer.id).where(Payer.org_id == org_id))
    return {code: payer_id for code, payer_id in rows}


def has_claims_numbered(session: Session, org_id: uuid.UUID, prefix: str) -> bool:
    stmt = select(exists().where(Claim.org_id == org_id, Claim.patient_control_number.like(prefix + "%")))
    return bool(session.scalar(stmt))


def link_next_payer_claims(session: Session, org_id: uuid.UUID, prefix: str) -> int:
    """Point each loaded primary claim at the secondary claim billed after it (set-based)."""
    if "next_payer_claim_id" not in Claim.__table__.c:
        return 0
    stmt = text(
        "UPDATE claims SET next_payer_claim_id = nxt.id FROM claims AS nxt"
        " WHERE nxt.org_id = :org AND nxt.primary_claim_id = claims.id AND claims.org_id = :org"
        " AND nxt.patient_control_number LIKE :prefix"
    ).bindparams(bindparam("org", type_=Uuid()))
    result = session.execute(stmt, {"org": org_id, "prefix": prefix + "%"})
    return int(getattr(result, "rowcount", 0) or 0)


def may_skip_row_triggers(session: Session) -> bool:
    """Whether this role may set `session_replication_role` (superuser, or the SET privilege)."""
    if session.get_bind().dialect.name != "postgresql":
        return False
    allowed = session.scalar(
        text(
            "SELECT rolsuper OR (current_setting('server_version_num')::int >= 150000"
            " AND has_parameter_privilege('session_replication_role', 'SET'))"
            " FROM pg_roles WHERE rolname = current_user"
        )
    )
    return bool(allowed)


def insert_triggers_skipped_by_replica(session: Session, table_names: list[str]) -> dict[str, list[str]]:
    """User INSERT triggers that would not fire in replica mode (all but `ENABLE ALWAYS` ones), by table."""
    rows = session.execute(
        text(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
            " WHERE NOT tgisinternal AND (tgtype & 4) <> 0 AND tgenabled IN ('O', 'R')"
            " AND tgrelid::regclass::text = ANY(:names) ORDER BY 1, 2"
        ),
        {"names": table_names},
    )
    found: dict[str, list[str]] = {}
    for table, trigger in rows:
        found.setdefault(table, []).append(trigger)
    return found


REPLICATION_ROLE = {
    True: "SET LOCAL session_replication_role = replica",
    False: "SET LOCAL session_replication_role = origin",
}


def set_replication_role(session: Session, role: str) -> None:
    """`replica` turns row triggers (foreign keys included) off until `origin`, within the transaction."""
    if role not in ("replica", "origin"):
        raise ValueError(role)
    session.execute(text(REPLICATION_ROLE[role == "replica"]))


def foreign_key_violations(session: Session, org_id: uuid.UUID, table_names: list[str]) -> list[str]:
    """Every foreign key the database declares on these tables, checked set-based over the org's rows.

    The constraints are read from the catalog (not the models): these are the ones the load skipped.
    """
    keys = session.execute(
        text(
            "SELECT con.conrelid::regclass::text, con.confrelid::regclass::text,"
            " array_agg(a.attname ORDER BY k.n), array_agg(af.attname ORDER BY k.n)"
            " FROM pg_constraint AS con"
            " CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(child, parent, n)"
            " JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.child"
            " JOIN pg_attribute AS af ON af.attrelid = con.confrelid AND af.attnum = k.parent"
            " WHERE con.contype = 'f' AND con.conrelid::regclass::text = ANY(:names)"
            " GROUP BY con.oid, con.conrelid, con.confrelid ORDER BY 1, 3"
        ),
        {"names": table_names},
    ).all()
    session.execute(text("SET LOCAL work_mem = '256MB'"))
    problems = [_dangling(session, org_id, *key) for key in keys if list(key[2]) != ["org_id"]]
    session.execute(text("RESET work_mem"))
    return [problem for problem in problems if problem]


def _dangling(
    session: Session, org_id: uuid.UUID, child: str, parent: str, columns: list[str], targets: list[str]
) -> str:
    present = " AND ".join(f"c.{col} IS NOT NULL" for col in columns)
    match = " AND ".join(f"p.{t} = c.{col}" for col, t in zip(columns, targets, strict=True))
    stmt = text(
        f"SELECT count(*) FROM {child} AS c WHERE c.org_id = :org AND {present}"
        f" AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {match})"
    ).bindparams(bindparam("org", type_=Uuid()))
    missing = int(session.scalar(stmt, {"org": org_id}) or 0)
    return f"{missing} {child}.{'/'.join(columns)} rows point at no {parent} row" if missing else ""
