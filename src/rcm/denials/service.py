"""Denials: created by ERA posting, categorised by the mapping, worked, appealed, closed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm import bulk, records
from rcm.audit import service as audit
from rcm.audit.service import AuditDraft
from rcm.claims import service as claims
from rcm.db import utcnow
from rcm.denials import mapping
from rcm.denials.deadlines import appeal_deadline
from rcm.denials.mapping import Override
from rcm.denials.models import AppealStatus, Denial, DenialMappingOverride
from rcm.denials.repository import AppealRepository, DenialFilters, DenialRepository, OverrideRepository
from rcm.denials.schemas import ClassificationRead, DenialMappingCreate, DenialUpdate
from rcm.errors import BusinessRuleViolation, Conflict, InvalidInput
from rcm.ids import uuid7_text
from rcm.pagination import Page, PageParams
from rcm.payers import service as payers
from rcm.payers.models import Payer
from rcm.tenancy import AuthContext
from rcm.workqueues import service as workqueues
from rcm.workqueues.models import WorkItemKind
from rcm.workqueues.service import ItemDraft


def mapping_overrides(
    session: Session, ctx: AuthContext
) -> dict[tuple[uuid.UUID | None, str, str], Override]:
    return OverrideRepository(session, ctx).active_map()


def denial_row(
    claim_id: uuid.UUID | str,
    payer_id: uuid.UUID,
    payer: Payer,
    draft: Any,
    payment_id: uuid.UUID | str,
    remittance_id: uuid.UUID | None,
    adjudicated_on: date,
    stamp: dict[str, Any],
) -> dict[str, Any]:
    cls: mapping.Classification = draft.classification
    return {
        "id": uuid7_text(),
        **stamp,
        "claim_id": claim_id,
        "claim_line_id": draft.claim_line_id,
        "payer_id": payer_id,
        "group_code": draft.group_code,
        "carc": draft.carc,
        "rarcs": draft.rarcs,
        "amount_cents": draft.amount_cents,
        "reason": mapping.reason_text(draft.group_code, draft.carc),
        "category": cls.category,
        "root_cause": cls.root_cause,
        "recommended_action": cls.recommended_action,
        "owning_team": cls.owning_team,
        "appeal_status": AppealStatus.not_appealed,
        "appeal_deadline": appeal_deadline(payer.payer_type, payer.appeal_days, adjudicated_on),
        "is_open": True,
        "remittance_id": remittance_id,
        "payment_id": payment_id,
        "adjudication_date": adjudicated_on,
        "mapping_version": cls.version,
        "resolution": "",
        "resolved_at": None,
    }


def work_item_for(row: dict[str, Any]) -> ItemDraft:
    return ItemDraft(
        WorkItemKind.denial,
        row["id"],
        row["claim_id"],
        f"{row['group_code']}-{row['carc']} {row['category'].replace('_', ' ').lower()}",
        row["amount_cents"],
        row["appeal_deadline"],
        {
            "category": row["category"],
            "root_cause": row["root_cause"],
            "recommended_action": row["recommended_action"],
            "owning_team": row["owning_team"],
        },
    )


def stage_denials(session: Session, ctx: AuthContext, rows: list[dict[str, Any]], batch: bulk.Batch) -> int:
    """Stage new denials (rows from `denial_row`) in a bulk batch."""
    return DenialRepository(session, ctx).stage_insert(batch, rows)


def close_for_reversal(
    session: Session,
    ctx: AuthContext,
    claim_ids: list[uuid.UUID],
    remittance_id: uuid.UUID | None,
    at: datetime,
) -> list[AuditDraft]:
    """A reversed claim is re-adjudicated: its earlier denials are closed (the new CLP may open new ones)."""
    repo = DenialRepository(session, ctx)
    open_rows = repo.open_ids_for_claims(claim_ids, remittance_id)
    if not open_rows:
        return []
    repo.close([r.id for r in open_rows], "reversed by the payer", at)
    for row in open_rows:
        workqueues.close_for_entity(session, ctx, row.id, "denial reversed by the payer")
    return [
        AuditDraft(
            "denial.closed",
            "denial",
            r.id,
            {"is_open": [True, False]},
            "reversed by the payer",
            str(remittance_id or ""),
        )
        for r in open_rows
    ]


def get_denial(session: Session, ctx: AuthContext, denial_id: uuid.UUID) -> Denial:
    return DenialRepository(session, ctx).get_or_raise(denial_id)


def list_denials(
    session: Session,
    ctx: AuthContext,
    params: PageParams,
    *,
    is_open: bool | None,
    category: str | None,
    payer_id: uuid.UUID | None,
) -> Page[Denial]:
    return DenialRepository(session, ctx).search(
        params, is_open=is_open, category=category, payer_id=payer_id
    )


def denials_of_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[Denial]:
    return DenialRepository(session, ctx).for_claim(claim_id)


def add_override(session: Session, ctx: AuthContext, values: dict[str, Any]) -> DenialMappingOverride:
    repo = OverrideRepository(session, ctx)
    version = repo.latest_version(values.get("payer_id"), values["carc"], values.get("rarc", "")) + 1
    row = DenialMappingOverride(**values, version=version)
    return records.create(session, ctx, repo, row, "denial_mapping.overridden")


def close_for_claim(session: Session, ctx: AuthContext, claim_id: uuid.UUID, resolution: str) -> int:
    """Close a claim's open denials (the claim was written off or settled)."""
    repo = DenialRepository(session, ctx)
    rows = repo.open_ids_for_claims([claim_id], None)
    if rows:
        repo.close([r.id for r in rows], resolution, utcnow())
        for row in rows:
            workqueues.close_for_entity(session, ctx, row.id, resolution)
        audit.append_many(
            session,
            ctx,
            [
                AuditDraft("denial.closed", "denial", r.id, {"is_open": [True, False]}, resolution)
                for r in rows
            ],
        )
    return len(rows)


# --- Denials API: search, manual updates, mapping overrides and their preview ---------------------

# Expired is the deadline monitor's verdict, never a person's.
MANUAL_APPEAL_STATUSES = frozenset(
    {AppealStatus.not_appealed, AppealStatus.pending, AppealStatus.won, AppealStatus.lost}
)


class DenialResolutionRequired(BusinessRuleViolation):
    """Closing a denial needs a resolution note (what was done about it)."""


class AppealStatusNotManual(BusinessRuleViolation):
    """The appeal status asked for can only be set by the system (Expired)."""


class AppealInProgress(Conflict):
    """The denial has an appeal open in the system: its status follows that appeal."""


class MappingValueUnknown(InvalidInput):
    """An override names a category or recommended action the product does not know."""


def search_denials(
    session: Session, ctx: AuthContext, params: PageParams, filters: DenialFilters
) -> Page[Denial]:
    return DenialRepository(session, ctx).filtered(params, filters)


def claim_denials(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[Denial]:
    """The claim's denials, oldest first; another organization's claim is a 404."""
    claims.get_claim(session, ctx, claim_id)
    return DenialRepository(session, ctx).for_claim(claim_id)


def lock_denial(session: Session, ctx: AuthContext, denial_id: uuid.UUID) -> Denial:
    return DenialRepository(session, ctx).get_or_raise(denial_id, for_update=True)


def update_denial(session: Session, ctx: AuthContext, denial_id: uuid.UUID, data: DenialUpdate) -> Denial:
    """A biller's manual change (appealed outside the system, closed, reopened), audited with the note."""
    denial = lock_denial(session, ctx, denial_id)
    was_open = denial.is_open
    values = _status_change(session, ctx, denial, data.appeal_status) | _open_change(denial, data)
    records.update(session, ctx, denial, values, "denial.updated", reason=data.note)
    if was_open and not denial.is_open:
        workqueues.close_for_entity(session, ctx, denial.id, f"denial closed: {denial.resolution}")
    elif denial.is_open and not was_open:
        workqueues.open_items(session, ctx, [work_item_for(_as_row(denial))])
    return denial


def _status_change(
    session: Session, ctx: AuthContext, denial: Denial, wanted: AppealStatus | None
) -> dict[str, Any]:
    if wanted is None or wanted is denial.appeal_status:
        return {}
    if wanted not in MANUAL_APPEAL_STATUSES:
        raise AppealStatusNotManual(
            f"appeal status {wanted.value} is set by the deadline monitor, not by hand",
            allowed=sorted(s.value for s in MANUAL_APPEAL_STATUSES),
        )
    in_system = [
        a for a in AppealRepository(session, ctx).for_denial(denial.id) if a.status is AppealStatus.pending
    ]
    if in_system:
        raise AppealInProgress(
            "the denial has an open appeal; record its outcome on the appeal instead",
            appeal_id=str(in_system[0].id),
        )
    return {"appeal_status": wanted}


def _open_change(denial: Denial, data: DenialUpdate) -> dict[str, Any]:
    resolution = (data.resolution or "").strip()
    if data.is_open is False and denial.is_open:
        if not resolution:
            raise DenialResolutionRequired("closing a denial needs a resolution", denial_id=str(denial.id))
        return {"is_open": False, "resolution": resolution, "resolved_at": utcnow()}
    if data.is_open is True and not denial.is_open:
        return {"is_open": True, "resolution": "", "resolved_at": None}
    return {"resolution": resolution} if data.resolution is not None else {}


def _as_row(denial: Denial) -> dict[str, Any]:
    keys = ("id", "claim_id", "group_code", "carc", "category", "amount_cents", "appeal_deadline")
    extra = ("root_cause", "recommended_action", "owning_team")
    return {key: getattr(denial, key) for key in keys + extra}


def resolve_denial(
    session: Session, ctx: AuthContext, denial: Denial, status: AppealStatus, resolution: str, action: str
) -> Denial:
    """Close a denial with its final appeal status (an appeal outcome, an expiry) and its work items."""
    values = {
        "appeal_status": status,
        "is_open": False,
        "resolution": resolution[:200],
        "resolved_at": utcnow(),
    }
    records.update(session, ctx, denial, values, action, reason=resolution)
    workqueues.close_for_entity(session, ctx, denial.id, resolution)
    return denial


def set_appeal_status(
    session: Session, ctx: AuthContext, denial: Denial, status: AppealStatus, action: str, reason: str = ""
) -> Denial:
    return records.update(session, ctx, denial, {"appeal_status": status}, action, reason=reason)


def set_appeal_deadline(
    session: Session, ctx: AuthContext, denial: Denial, deadline: date, reason: str
) -> Denial:
    return records.update(
        session, ctx, denial, {"appeal_deadline": deadline}, "denial.deadline_moved", reason=reason
    )


def lapsed_denials(session: Session, ctx: AuthContext, today: date) -> list[Denial]:
    return DenialRepository(session, ctx).lapsed(today)


def denials_due_within(session: Session, ctx: AuthContext, today: date, until: date) -> list[Denial]:
    return DenialRepository(session, ctx).due_within(today, until)


def known_categories() -> set[str]:
    return set(mapping.ROOT_CAUSE) | set(mapping.ACTION) | {c for c, _ in mapping.default_table()[1].values()}


def known_actions() -> set[str]:
    refined = {r[2] for r in mapping.RARC_REFINEMENTS.values()}
    return {a for a, _ in mapping.ACTION.values()} | refined | {"review", "bill_patient"}


def create_override(session: Session, ctx: AuthContext, data: DenialMappingCreate) -> DenialMappingOverride:
    """A new version of the org's (or one payer's) mapping for a CARC/RARC; the next posting uses it."""
    if data.payer_id is not None:
        payers.get_payer(session, ctx, data.payer_id)
    if data.category not in known_categories():
        raise MappingValueUnknown(
            f"unknown category {data.category}", field="category", allowed=sorted(known_categories())
        )
    if data.recommended_action not in known_actions():
        raise MappingValueUnknown(
            f"unknown recommended action {data.recommended_action}",
            field="recommended_action",
            allowed=sorted(known_actions()),
        )
    return add_override(session, ctx, data.model_dump())


def list_overrides(
    session: Session, ctx: AuthContext, params: PageParams, carc: str | None, payer_id: uuid.UUID | None
) -> Page[DenialMappingOverride]:
    return OverrideRepository(session, ctx).versions(params, carc.upper() if carc else None, payer_id)


def preview_classification(
    session: Session,
    ctx: AuthContext,
    group: str,
    carc: str,
    rarcs: list[str],
    payer_id: uuid.UUID | None,
) -> ClassificationRead:
    """What the mapping (default table, RARC refinement, the org's overrides) says about an adjustment."""
    if payer_id is not None:
        payers.get_payer(session, ctx, payer_id)
    carc = carc.strip().upper()
    found = mapping.classify(group, carc, tuple(rarcs), payer_id, mapping_overrides(session, ctx))
    return ClassificationRead(
        group_code=group,
        carc=carc,
        rarcs=rarcs,
        payer_id=payer_id,
        label=mapping.reason_text(group, carc),
        kind=found.kind,
        is_denial=mapping.is_denial(found),
        category=found.category,
        root_cause=found.root_cause,
        recommended_action=found.recommended_action,
        owning_team=found.owning_team,
        version=found.version,
    )
