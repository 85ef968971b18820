from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from rcm.batches.models import (
    Batch,
    BatchClaim,
    BatchDirection,
    BatchKind,
    BatchStatus,
    ClaimAcknowledgment,
    ControlNumberCounter,
)
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository


class BatchRepository(OrgRepository[Batch]):
    model = Batch
    not_found = "batch"

    def by_sha(self, direction: BatchDirection, sha256: str) -> Batch | None:
        stmt = self.base().where(Batch.direction == direction, Batch.content_sha256 == sha256)
        return self.session.scalars(stmt).first()

    def outbound_by_group(self, group_control_number: str) -> Batch | None:
        stmt = self.base().where(
            Batch.direction == BatchDirection.outbound,
            Batch.group_control_number == group_control_number.lstrip("0"),
        )
        return self.session.scalars(stmt.order_by(Batch.created_at.desc())).first()

    def unsent(self, max_attempts: int) -> Sequence[Batch]:
        stmt = self.base().where(
            Batch.direction == BatchDirection.outbound,
            Batch.status.in_([BatchStatus.created, BatchStatus.send_failed]),
            Batch.send_attempts < max_attempts,
        )
        return self.session.scalars(stmt.order_by(Batch.created_at)).all()

    def search(
        self, params: PageParams, kind: BatchKind | None, direction: BatchDirection | None
    ) -> Page[Batch]:
        filters = []
        if kind:
            filters.append(Batch.kind == kind)
        if direction:
            filters.append(Batch.direction == direction)
        return self.page(params, *filters)


class BatchClaimRepository(OrgRepository[BatchClaim]):
    model = BatchClaim
    not_found = "batch claim"

    def claim_ids(self, batch_id: uuid.UUID) -> list[uuid.UUID]:
        stmt = select(BatchClaim.claim_id).where(
            BatchClaim.org_id == self.ctx.org_id, BatchClaim.batch_id == batch_id
        )
        return list(self.session.scalars(stmt))

    def batches_of_claim(self, claim_id: uuid.UUID) -> list[uuid.UUID]:
        stmt = select(BatchClaim.batch_id).where(
            BatchClaim.org_id == self.ctx.org_id, BatchClaim.claim_id == claim_id
        )
        return list(self.session.scalars(stmt))


class AcknowledgmentRepository(OrgRepository[ClaimAcknowledgment]):
    model = ClaimAcknowledgment
    not_found = "acknowledgment"

    def for_claim(self, claim_id: uuid.UUID) -> list[ClaimAcknowledgment]:
        stmt = self.base().where(ClaimAcknowledgment.claim_id == claim_id)
        return list(self.session.scalars(stmt.order_by(ClaimAcknowledgment.received_at)))


class ControlNumberRepository(OrgRepository[ControlNumberCounter]):
    model = ControlNumberCounter
    not_found = "control number counter"

    def next_values(self, kind: str, count: int = 1) -> int:
        """Reserve `count` numbers; returns the first. The UPDATE locks the counter row."""
        stmt = (
            update(ControlNumberCounter)
            .where(ControlNumberCounter.org_id == self.ctx.org_id, ControlNumberCounter.kind == kind)
            .values(last_value=ControlNumberCounter.last_value + count)
            .returning(ControlNumberCounter.last_value)
        )
        last = self.session.execute(stmt).scalar_one_or_none()
        if last is None:
            try:
                with self.session.begin_nested():
                    self.add(ControlNumberCounter(kind=kind, last_value=0))
            except IntegrityError:
                pass  # another transaction created the counter first; its row is now locked by us next
            last = self.session.execute(stmt).scalar_one()
        return last - count + 1
