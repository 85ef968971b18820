"""Denials: created by ERA posting, categorised by the mapping, worked, appealed, closed."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm import records
from rcm.audit.service import AuditDraft
from rcm.denials import mapping
from rcm.denials.deadlines import appeal_deadline
from rcm.denials.mapping import Override
from rcm.denials.models import AppealStatus, Denial, DenialMappingOverride
from rcm.denials.repository import DenialRepository, OverrideRepository
from rcm.pagination import Page, PageParams
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
    claim_id: uuid.UUID,
    payer_id: uuid.UUID,
    payer: Payer,
    draft: Any,
    payment_id: uuid.UUID,
    remittance_id: uuid.UUID | None,
    adjudicated_on: date,
    stamp: dict[str, Any],
) -> dict[str, Any]:
    cls: mapping.Classification = draft.classification
    return {
        "id": uuid.uuid4(),
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


def insert_denials(session: Session, ctx: AuthContext, rows: list[dict[str, Any]]) -> int:
    return DenialRepository(session, ctx).insert_many(rows)


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
