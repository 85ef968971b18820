from __future__ import annotations

import uuid

from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository
from rcm.writeoffs.models import WriteOff, WriteOffStatus


class WriteOffRepository(OrgRepository[WriteOff]):
    model = WriteOff
    not_found = "write-off"

    def for_claim(self, claim_id: uuid.UUID) -> list[WriteOff]:
        return list(
            self.session.scalars(
                self.base().where(WriteOff.claim_id == claim_id).order_by(WriteOff.created_at)
            )
        )

    def by_status(self, params: PageParams, status: WriteOffStatus | None) -> Page[WriteOff]:
        filters = [WriteOff.status == status] if status else []
        return self.page(params, *filters)
