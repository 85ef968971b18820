from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, func, or_, select, update

from rcm.denials.mapping import Override
from rcm.denials.models import Appeal, AppealAttachment, AppealStatus, Denial, DenialMappingOverride
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository


class DenialRepository(OrgRepository[Denial]):
    model = Denial
    not_found = "denial"

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
        filters: list[ColumnElement[bool]] = []
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

    def filtered(self, params: PageParams, filters: DenialFilters) -> Page[Denial]:
        """Denials matching every given filter, the nearest appeal deadline first (none last)."""
        wanted: list[tuple[Any, Any]] = [
            (Denial.is_open, filters.is_open),
            (Denial.category, filters.category),
            (Denial.root_cause, filters.root_cause),
            (Denial.payer_id, filters.payer_id),
            (Denial.appeal_status, filters.appeal_status),
            (Denial.claim_id, filters.claim_id),
        ]
        conditions = [column == value for column, value in wanted if value is not None]
        return self.page(params, *conditions, order_by=Denial.appeal_deadline.asc().nulls_last())

    def lapsed(self, today: date) -> list[Denial]:
        """Open, never-appealed denials past their appeal deadline (the deadline day itself still counts)."""
        stmt = self.base().where(
            Denial.is_open.is_(True),
            Denial.appeal_status == AppealStatus.not_appealed,
            Denial.appeal_deadline < today,
        )
        return list(self.session.scalars(stmt.order_by(Denial.appeal_deadline, Denial.id)))

    def due_within(self, today: date, until: date) -> list[Denial]:
        """Open denials whose deadline falls in [today, until] and whose appeal is not on its way yet:
        never appealed, or appealed in the system but not submitted (an appeal sent outside the system
        is Pending without an appeal row here and needs no reminder)."""
        unsent = (
            select(Appeal.id)
            .where(
                Appeal.org_id == self.ctx.org_id,
                Appeal.denial_id == Denial.id,
                Appeal.status == AppealStatus.pending,
                Appeal.submitted_at.is_(None),
            )
            .exists()
        )
        stmt = self.base().where(
            Denial.is_open.is_(True),
            Denial.appeal_deadline >= today,
            Denial.appeal_deadline <= until,
            or_(
                Denial.appeal_status == AppealStatus.not_appealed,
                and_(Denial.appeal_status == AppealStatus.pending, unsent),
            ),
        )
        return list(self.session.scalars(stmt.order_by(Denial.appeal_deadline, Denial.id)))


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

    def versions(
        self, params: PageParams, carc: str | None, payer_id: uuid.UUID | None
    ) -> Page[DenialMappingOverride]:
        """Every version of every override (newest version first within a CARC/RARC)."""
        stmt = self.base()
        if carc:
            stmt = stmt.where(DenialMappingOverride.carc == carc)
        if payer_id:
            stmt = stmt.where(DenialMappingOverride.payer_id == payer_id)
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery()))
        rows = self.session.scalars(
            stmt.order_by(
                DenialMappingOverride.carc,
                DenialMappingOverride.rarc,
                DenialMappingOverride.payer_id.is_not(None),
                DenialMappingOverride.payer_id,
                DenialMappingOverride.version.desc(),
            )
            .limit(params.page_size)
            .offset(params.offset)
        ).all()
        return Page(items=list(rows), total=total or 0, page=params.page, page_size=params.page_size)


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

    def levels_of(self, denial_id: uuid.UUID) -> list[Appeal]:
        stmt = self.base().where(Appeal.denial_id == denial_id).order_by(Appeal.level, Appeal.created_at)
        return list(self.session.scalars(stmt))

    def search(self, params: PageParams, status: AppealStatus | None) -> Page[Appeal]:
        filters = [Appeal.status == status] if status is not None else []
        return self.page(params, *filters, order_by=Appeal.deadline)


class AttachmentRepository(OrgRepository[AppealAttachment]):
    model = AppealAttachment
    not_found = "attachment"

    def for_appeal(self, appeal_id: uuid.UUID) -> list[AppealAttachment]:
        return list(self.session.scalars(self.base().where(AppealAttachment.appeal_id == appeal_id)))

    def of_appeal(self, appeal_id: uuid.UUID) -> list[AppealAttachment]:
        """The appeal's attachments in upload order (the order the letter lists them in)."""
        stmt = self.base().where(AppealAttachment.appeal_id == appeal_id)
        return list(self.session.scalars(stmt.order_by(AppealAttachment.created_at, AppealAttachment.id)))


@dataclass(frozen=True, slots=True)
class DenialFilters:
    is_open: bool | None = None
    category: str | None = None
    root_cause: str | None = None
    payer_id: uuid.UUID | None = None
    appeal_status: AppealStatus | None = None
    claim_id: uuid.UUID | None = None
