"""Claims: creation (directly or from an encounter), edits, reads. Status changes live in lifecycle."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from rcm import bulk
from rcm.audit import service as audit
from rcm.claims import lifecycle
from rcm.claims.errors import ClaimNotEditable, ClaimReferenceInvalid
from rcm.claims.models import Claim, ClaimLine, ClaimType, PayerSequence
from rcm.claims.repository import POSTED_CLAIM_COLUMNS as POSTED_CLAIM_COLUMNS
from rcm.claims.repository import POSTED_LINE_COLUMNS as POSTED_LINE_COLUMNS
from rcm.claims.repository import (
    ClaimFilters,
    ClaimImportRepository,
    ClaimLineRepository,
    ClaimRepository,
)
from rcm.claims.schemas import ClaimCreate, ClaimLineIn, ClaimUpdate
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.db import utcnow
from rcm.encounters import service as encounters
from rcm.encounters.schemas import ClaimFromEncounter
from rcm.errors import Conflict, NotFound
from rcm.pagination import Page, PageParams
from rcm.patients import service as patients
from rcm.patients.models import Coverage, CoveragePriority
from rcm.payers import service as payers
from rcm.providers import service as providers
from rcm.records import check_version
from rcm.tenancy import AuthContext

EDITABLE = frozenset({ClaimStatus.draft, ClaimStatus.scrubbed, ClaimStatus.rejected})
# Fields whose change invalidates a clinician's coding sign-off.
CODING_FIELDS = frozenset({"diagnosis_codes", "lines"})


def new_control_number() -> str:
    """CLM01: 14 characters, well under the 20 that many payers keep."""
    return "C" + secrets.token_hex(7).upper()[:13]


ZERO_MONEY = {"allowed_cents": 0, "paid_cents": 0, "patient_responsibility_cents": 0, "adjustment_cents": 0}


def _lines(data: list[ClaimLineIn], org_id: uuid.UUID) -> list[ClaimLine]:
    return [
        ClaimLine(org_id=org_id, line_number=n, **line.model_dump(), **ZERO_MONEY)
        for n, line in enumerate(data, start=1)
    ]


def lines_summary(lines: list[ClaimLine]) -> list[dict[str, Any]]:
    return [
        {
            "n": ln.line_number,
            "code": ln.procedure_code,
            "mods": ln.modifiers,
            "ptr": ln.diagnosis_pointers,
            "units": str(ln.units),
            "charge": ln.charge_cents,
            "dos": ln.service_date.isoformat(),
        }
        for ln in lines
    ]


def _set_totals(claim: Claim) -> None:
    claim.charge_cents = sum(line.charge_cents for line in claim.lines)
    claim.balance_cents = (
        claim.charge_cents - claim.paid_cents - claim.adjustment_cents - claim.patient_responsibility_cents
    )
    dates = [line.service_date for line in claim.lines]
    claim.service_date_from, claim.service_date_to = min(dates), max(dates)


def _resolve_coverage(session: Session, ctx: AuthContext, data: ClaimCreate, first_dos: date) -> Coverage:
    if data.coverage_id is not None:
        coverage = patients.get_coverage(session, ctx, data.coverage_id)
        if coverage.patient_id != data.patient_id:
            raise ClaimReferenceInvalid(
                "the coverage belongs to another patient", coverage_id=str(coverage.id)
            )
        return coverage
    found = patients.coverage_for_claim(session, ctx, data.patient_id, first_dos, CoveragePriority.primary)
    if found is None:
        raise ClaimReferenceInvalid(
            f"the patient has no active primary coverage on {first_dos}; pass coverage_id",
            patient_id=str(data.patient_id),
        )
    return found


def _check_references(session: Session, ctx: AuthContext, data: ClaimCreate) -> None:
    patients.get_patient(session, ctx, data.patient_id)
    provider_ids = {data.billing_provider_id, data.rendering_provider_id, data.referring_provider_id}
    provider_ids |= {line.rendering_provider_id for line in data.lines}
    for provider_id in provider_ids - {None}:
        providers.get_provider(session, ctx, provider_id)  # type: ignore[arg-type]
    if data.encounter_id is not None:
        encounter = encounters.get_encounter(session, ctx, data.encounter_id)
        if encounter.patient_id != data.patient_id:
            raise ClaimReferenceInvalid(
                "the encounter belongs to another patient", encounter_id=str(encounter.id)
            )


def create_claim(session: Session, ctx: AuthContext, data: ClaimCreate) -> Claim:
    _check_references(session, ctx, data)
    coverage = _resolve_coverage(session, ctx, data, min(line.service_date for line in data.lines))
    payer = payers.get_payer(session, ctx, coverage.payer_id)
    repo = ClaimRepository(session, ctx)
    control_number = data.patient_control_number or new_control_number()
    if repo.by_control_number(control_number) is not None:
        raise Conflict(
            f"patient control number {control_number} is already used", patient_control_number=control_number
        )
    values = data.model_dump(exclude={"lines", "coverage_id", "patient_control_number"})
    claim = Claim(
        **values,
        coverage_id=coverage.id,
        payer_id=payer.id,
        patient_control_number=control_number,
        payer_sequence=PayerSequence(coverage.priority.value),
        status=ClaimStatus.draft,
        lines=_lines(data.lines, ctx.org_id),
        **ZERO_MONEY,
    )
    _set_totals(claim)
    repo.add(claim)
    for line in claim.lines:
        line.created_by = line.updated_by = ctx.user_id
    session.flush()
    snapshot = audit.snapshot(claim)
    audit.record(
        session,
        ctx,
        "claim.created",
        claim,
        changes={**audit.diff({}, snapshot), "lines": [None, lines_summary(claim.lines)]},
    )
    return claim


def next_payer_candidates(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> list[Any]:
    found: list[Any] = []
    repo = ClaimRepository(session, ctx)
    ids = list(claim_ids)
    for start in range(0, len(ids), 1000):
        found += repo.next_payer_candidates(ids[start : start + 1000])
    return found


def add_claim(session: Session, ctx: AuthContext, claim: Claim) -> Claim:
    """Insert a claim built by another domain (a next-payer claim, an import); totals derived here."""
    _set_totals(claim)
    repo = ClaimRepository(session, ctx)
    if repo.by_control_number(claim.patient_control_number) is not None:
        raise Conflict(
            f"patient control number {claim.patient_control_number} is already used",
            patient_control_number=claim.patient_control_number,
        )
    repo.add(claim)
    for line in claim.lines:
        line.created_by = line.updated_by = ctx.user_id
    session.flush()
    return claim


def create_from_encounter(
    session: Session, ctx: AuthContext, encounter_id: uuid.UUID, data: ClaimFromEncounter
) -> Claim:
    encounter = encounters.get_encounter(session, ctx, encounter_id)
    if not encounter.charges:
        raise ClaimReferenceInvalid("the encounter has no captured charges", encounter_id=str(encounter_id))
    create = ClaimCreate(
        patient_id=encounter.patient_id,
        coverage_id=data.coverage_id,
        billing_provider_id=encounter.billing_provider_id,
        rendering_provider_id=encounter.rendering_provider_id,
        referring_provider_id=encounter.referring_provider_id,
        encounter_id=encounter.id,
        claim_type=ClaimType(encounter.claim_type),
        place_of_service=encounter.place_of_service,
        type_of_bill=encounter.type_of_bill,
        diagnosis_codes=encounter.diagnosis_codes,
        prior_authorization_number=encounter.prior_authorization_number,
        patient_control_number=data.patient_control_number,
        lines=[ClaimLineIn.model_validate(c) for c in encounter.charges],
    )
    claim = create_claim(session, ctx, create)
    encounters.mark_billed(session, ctx, encounter, claim.id)
    return claim


def get_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> Claim:
    return ClaimRepository(session, ctx).get_full(claim_id)


def get_claims_for_update(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> list[Claim]:
    """Claims with their lines, row-locked, in the order asked; any unknown id is a 404."""
    wanted = list(dict.fromkeys(claim_ids))
    found = {c.id: c for c in ClaimRepository(session, ctx).many_full(wanted, for_update=True)}
    missing = [str(i) for i in wanted if i not in found]
    if missing:
        raise NotFound(f"{len(missing)} claim(s) not found", claim_ids=missing[:50])
    return [found[i] for i in wanted]


def get_claims_full(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> list[Claim]:
    """Claims with their lines (no lock); unknown ids are skipped."""
    return ClaimRepository(session, ctx).many_full(list(claim_ids))


def by_control_numbers(session: Session, ctx: AuthContext, numbers: Sequence[str]) -> dict[str, Claim]:
    """Claims by patient control number (CLM01, echoed as 277 TRN02 and 835 CLP01)."""
    return ClaimRepository(session, ctx).by_control_numbers(list(dict.fromkeys(numbers)))


def posting_rows(session: Session, ctx: AuthContext, numbers: list[str]) -> list[Any]:
    """ERA posting's view of claims by patient control number (plain rows, the id as text)."""
    found: list[Any] = []
    repo = ClaimRepository(session, ctx)
    for start in range(0, len(numbers), 5000):
        found += repo.posting_rows(numbers[start : start + 5000])
    return found


def posting_line_rows(session: Session, ctx: AuthContext, claim_ids: list[str]) -> dict[str, list[Any]]:
    """Lines of the claims as plain rows (id, line_number, code, modifiers as JSON text, date,
    money...), by claim id (text)."""
    grouped: dict[str, list[Any]] = {}
    repo = ClaimLineRepository(session, ctx)
    for start in range(0, len(claim_ids), 5000):
        for row in repo.posting_rows(claim_ids[start : start + 5000]):
            grouped.setdefault(row[0], []).append(row[1:])
    return grouped


def stage_posted(
    session: Session,
    ctx: AuthContext,
    batch: bulk.Batch,
    claim_rows: list[tuple[Any, ...]],
    line_rows: list[tuple[Any, ...]],
) -> None:
    """Stage posting results (tuples in POSTED_CLAIM_COLUMNS / POSTED_LINE_COLUMNS order): the
    claims under their version check, a moved version aborts the whole batch."""
    ClaimRepository(session, ctx).stage_posting(batch, claim_rows)
    ClaimLineRepository(session, ctx).stage_posting(batch, line_rows)


def get_many(session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Claim]:
    return ClaimRepository(session, ctx).many(claim_ids)


def claim_ids_where(
    session: Session, ctx: AuthContext, filters: ClaimFilters, limit: int = 100_000
) -> list[uuid.UUID]:
    return ClaimRepository(session, ctx).ids_where(filters, limit)


def list_claims(session: Session, ctx: AuthContext, params: PageParams, filters: ClaimFilters) -> Page[Claim]:
    return ClaimRepository(session, ctx).search(params, filters)


def update_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID, data: ClaimUpdate) -> Claim:
    claim = ClaimRepository(session, ctx).get_full(claim_id, for_update=True)
    check_version(claim, data.version)
    if claim.status not in EDITABLE:
        raise ClaimNotEditable(
            f"a {claim.status.value} claim cannot be edited",
            status=claim.status.value,
            editable_statuses=sorted(s.value for s in EDITABLE),
        )
    before, before_lines = audit.snapshot(claim), lines_summary(claim.lines)
    values = data.model_dump(exclude_unset=True, exclude={"version", "lines", "reason"})
    for provider_id in (values.get("referring_provider_id"), values.get("rendering_provider_id")):
        if provider_id is not None:
            providers.get_provider(session, ctx, provider_id)
    for key, value in values.items():
        setattr(claim, key, value)
    if data.lines is not None:
        claim.lines.clear()
        session.flush()
        claim.lines.extend(_lines(data.lines, ctx.org_id))
    _set_totals(claim)
    claim.updated_at, claim.updated_by = utcnow(), ctx.user_id
    changes = audit.diff(before, audit.snapshot(claim))
    after_lines = lines_summary(claim.lines)
    if after_lines != before_lines:
        changes["lines"] = [before_lines, after_lines]
    if changes:
        audit.record(session, ctx, "claim.updated", claim, changes=changes, reason=data.reason)
        _after_edit(session, ctx, claim, changes)
    session.flush()
    return claim


def _after_edit(session: Session, ctx: AuthContext, claim: Claim, changes: dict[str, Any]) -> None:
    if claim.status is ClaimStatus.scrubbed:
        lifecycle.apply_event(session, ctx, claim, ClaimEvent.edit, reason="claim edited after scrubbing")
    elif claim.status is ClaimStatus.rejected:
        lifecycle.apply_event(
            session, ctx, claim, ClaimEvent.correct, reason="claim corrected after rejection"
        )
    if claim.signed_off_at is not None and CODING_FIELDS & changes.keys():
        audit.record(
            session,
            ctx,
            "claim.signoff_invalidated",
            claim,
            changes={"signed_off_at": [claim.signed_off_at.isoformat(), None]},
            reason="coding changed after sign-off",
        )
        claim.signed_off_at, claim.signed_off_by = None, None


SIGNABLE = frozenset({ClaimStatus.draft, ClaimStatus.scrubbed})


def sign_off(session: Session, ctx: AuthContext, claim_id: uuid.UUID, note: str) -> Claim:
    """A clinician attests the claim's coding; any later change to codes clears it (see update_claim)."""
    claim = ClaimRepository(session, ctx).get_full(claim_id, for_update=True)
    if claim.status not in SIGNABLE:
        raise ClaimNotEditable(
            f"a {claim.status.value} claim is past coding sign-off", status=claim.status.value
        )
    claim.signed_off_at, claim.signed_off_by = utcnow(), ctx.user_id
    claim.updated_at, claim.updated_by = claim.signed_off_at, ctx.user_id
    audit.record(
        session,
        ctx,
        "claim.signed_off",
        claim,
        reason=note,
        changes={
            "signed_off_at": [None, claim.signed_off_at.isoformat()],
            "lines": [None, lines_summary(claim.lines)],
            "diagnosis_codes": [None, claim.diagnosis_codes],
        },
    )
    session.flush()
    return claim


def claims_for_import(session: Session, ctx: AuthContext, keys: Sequence[str]) -> list[Claim]:
    """Claims (with lines, locked) whose external claim id, or control number when they have no
    external id, is one of `keys`: what a CSV import updates instead of duplicating."""
    found: list[Claim] = []
    repo, wanted = ClaimImportRepository(session, ctx), list(dict.fromkeys(keys))
    for start in range(0, len(wanted), 500):
        found += repo.for_import(wanted[start : start + 500])
    return found
