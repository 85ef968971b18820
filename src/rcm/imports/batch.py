"""One batch of parsed rows in one transaction: match existing claims, update or create, write in bulk."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.service import new_control_number
from rcm.db import utcnow
from rcm.imports.create import create_claim
from rcm.imports.parties import PartyResolver
from rcm.imports.record import ImportRecord, RowRejected
from rcm.imports.rows import BatchRows, ImportSource
from rcm.imports.update import update_claim
from rcm.tenancy import AuthContext

_CONTROL_NUMBER = re.compile(r"^[A-Za-z0-9\-]{1,38}$")


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[ImportRecord, RowRejected]] = field(default_factory=list)


def _existing(session: Session, ctx: AuthContext, records: list[ImportRecord]) -> dict[str, list[Claim]]:
    """Claims by the file's claim id: external id matches first, our control number only without one."""
    by_external: dict[str, list[Claim]] = defaultdict(list)
    by_control: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims.claims_for_import(session, ctx, [r.external_claim_id for r in records]):
        if claim.external_claim_id is not None:
            by_external[claim.external_claim_id].append(claim)
        else:
            by_control[claim.patient_control_number].append(claim)
    return {key: by_external.get(key) or by_control[key] for key in by_external.keys() | by_control.keys()}


def _control_numbers(session: Session, ctx: AuthContext, records: list[ImportRecord]) -> dict[int, str]:
    """CLM01 for each new claim: the file's control number or claim id when free, so the payer's
    835 for a claim billed by the old system still matches; a fresh one otherwise."""
    wanted = {r.row: r.control_number or r.external_claim_id for r in records}
    wanted = {row: n for row, n in wanted.items() if _CONTROL_NUMBER.match(n)}
    taken = set(claims.by_control_numbers(session, ctx, list(wanted.values()))) if wanted else set()
    chosen: dict[int, str] = {}
    for rec in records:
        number = wanted.get(rec.row)
        if number is None or number in taken:
            number = new_control_number()
        taken.add(number)
        chosen[rec.row] = number
    return chosen


def _ambiguous(key: str, matches: list[Claim]) -> RowRejected:
    return RowRejected(
        "ambiguous_claim",
        f"{len(matches)} claims of the organization carry claim id {key}; resolve the duplicates first",
    )


def process_batch(
    session: Session,
    ctx: AuthContext,
    source: ImportSource,
    resolver: PartyResolver,
    records: list[ImportRecord],
) -> BatchResult:
    """Rows whose claim id is new become claims; the others update theirs. Refused rows are
    returned, not raised: the batch goes on without them."""
    result, rows = BatchResult(), BatchRows(ctx, source, utcnow())
    existing = _existing(session, ctx, records)
    fresh = [r for r in records if r.external_claim_id not in existing]
    if fresh:
        resolver.prefetch(session, fresh)
    numbers = _control_numbers(session, ctx, fresh)
    for rec in records:
        try:
            matches = existing.get(rec.external_claim_id)
            if matches is None:
                create_claim(rec, resolver.resolve(session, rec, rows), numbers[rec.row], rows)
                result.created += 1
            elif len(matches) > 1:
                raise _ambiguous(rec.external_claim_id, matches)
            elif update_claim(
                session, matches[0], rec, rows, resolver.payer_names.get(matches[0].payer_id, "")
            ):
                result.updated += 1
            else:
                result.unchanged += 1
        except RowRejected as exc:
            result.rejected.append((rec, exc))
    rows.write(session)
    return result
