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
