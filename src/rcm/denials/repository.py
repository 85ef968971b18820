from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select, update

from rcm import bulk
from rcm.denials.mapping import Override
from rcm.denials.models import Appeal, AppealAttachment, AppealStatus, Denial, DenialMappingOverride
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository


class DenialRepository(OrgRepository[Denial]):
    model = Denial
    not_found = "denial"

    def insert_many(self, rows: list[dict[str, Any]]) -> int:
        return bulk.insert_rows(self.session, Denial.__table__, rows)  # type: ignore[arg-type]

    def open_ids_for_claims(
        self, claim_ids: list[uuid.UUID], exclude_remittance: uuid.UUID | None
    ) -> list[Row[Any]]:
        stmt = select(Denial.id, Denial.claim_id).where(
            Denial.org_id == self.ctx.org_id, Denial.claim_id.in_(claim_ids), Denial.is_open.is_(True)
        )
        if exclude_remittance is not None:
            stmt = stmt.where(Denial.remittance_id.is_distinct_from(exclude_remittance))
        return list(self.session.execute(stmt))

    def close(self, denial_ids: list[uuid.UUID], resolution: str, at: datetime) -> None:
        self.session.execute(
            update(Denial)
            .where(Denial.org_id == self.ctx.org_id, Denial.id.in_(denial_ids))
            .values(is_open=False, resolution=resolution, resolved_at=at, updated_at=at)
        )

    def for_claim(self, claim_id: uuid.UUID) -> list[Denial]:
        return list(
            self.session.scalars(self.base().where(Denial.claim_id == claim_id).order_by(Denial.created_at))
        )

    def search(
        self, params: PageParams, *, is_open: bool | None, category: str | None, payer_id: uuid.UUID | None
    ) -> Page[Denial]:
        filters = []
        if is_open is not None:
            filters.append(Denial.is_open.is_(is_open))
        if category:
            filters.append(Denial.category == category)
        if payer_id:
            filters.append(Denial.payer_id == payer_id)
        return self.page(params, *filters, order_by=Denial.appeal_deadline)

    def expiring(self, on_or_before: date) -> list[Denial]:
        stmt = self.base().where(Denial.is_open.is_(True), Denial.appeal_deadline <= on_or_before)
        return list(self.session.scalars(stmt))


class OverrideRepository(OrgRepository[DenialMappingOverride]):
    model = DenialMappingOverride
    not_found = "denial mapping override"

    def active_map(self) -> dict[tuple[uuid.UUID | None, str, str], Override]:
        stmt = (
            self.base()
            .where(DenialMappingOverride.is_active.is_(True))
            .order_by(DenialMappingOverride.version)
        )
        found: dict[tuple[uuid.UUID | None, str, str], Override] = {}
        for row in self.session.scalars(stmt):
            found[(row.payer_id, row.carc, row.rarc)] = Override(
                row.payer_id,
                row.carc,
                row.rarc,
                row.category,
                row.root_cause,
                row.recommended_action,
                row.owning_team,
                row.version,
            )
        return found

    def latest_version(self, payer_id: uuid.UUID | None, carc: str, rarc: str) -> int:
        stmt = select(DenialMappingOverride.version).where(
            DenialMappingOverride.org_id == self.ctx.org_id,
            DenialMappingOverride.carc == carc,
            DenialMappingOverride.rarc == rarc,
            DenialMappingOverride.payer_id.is_(payer_id)
            if payer_id is None
            else DenialMappingOverride.payer_id == payer_id,
        )
        return max(self.session.scalars(stmt), default=0)


class AppealRepository(OrgRepository[Appeal]):
    model = Appeal
    not_found = "appeal"

    def pending_due(self, before: date) -> list[Appeal]:
        stmt = self.base().where(
            Appeal.status == AppealStatus.pending, Appeal.submitted_at.is_(None), Appeal.deadline < before
        )
        return list(self.session.scalars(stmt))

    def for_denial(self, denial_id: uuid.UUID) -> list[Appeal]:
        return list(self.session.scalars(self.base().where(Appeal.denial_id == denial_id)))


class AttachmentRepository(OrgRepository[AppealAttachment]):
    model = AppealAttachment
    not_found = "attachment"

    def for_appeal(self, appeal_id: uuid.UUID) -> list[AppealAttachment]:
        return list(self.session.scalars(self.base().where(AppealAttachment.appeal_id == appeal_id)))
