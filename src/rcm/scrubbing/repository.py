"""Scrub findings, rule packs, prior-auth lists (org-scoped) and reference code-set queries."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Row, delete, func, select
from sqlalchemy.orm import Session

from rcm import bulk
from rcm.claims.models import Claim, ClaimLine
from rcm.claims.state_machine import ClaimStatus
from rcm.scrubbing.models import (
    CodeSetLoad,
    HcpcsCode,
    LicensedCptCode,
    MueRecord,
    NcciEdit,
    PriorAuthRequirement,
    RulePackRecord,
    ScrubFinding,
)
from rcm.tenancy import OrgRepository

# A line on one of these claims has reached the payer: billing it again is a duplicate.
LIVE = (
    ClaimStatus.submitted,
    ClaimStatus.accepted,
    ClaimStatus.paid,
    ClaimStatus.partially_paid,
    ClaimStatus.denied,
)


class FindingRepository(OrgRepository[ScrubFinding]):
    model = ScrubFinding
    not_found = "finding"

    def latest(self, claim_id: uuid.UUID) -> list[ScrubFinding]:
        last = (
            select(ScrubFinding.run_id)
            .where(ScrubFinding.org_id == self.ctx.org_id, ScrubFinding.claim_id == claim_id)
            .order_by(ScrubFinding.created_at.desc())
            .limit(1)
        ).scalar_subquery()
        stmt = self.base().where(ScrubFinding.claim_id == claim_id, ScrubFinding.run_id == last)
        return list(self.session.scalars(stmt.order_by(ScrubFinding.line_number, ScrubFinding.rule_id)))

    def insert_many(self, rows: list[dict[str, Any]]) -> int:
        return bulk.insert_rows(self.session, ScrubFinding.__table__, rows)  # type: ignore[arg-type]


class RulePackRepository(OrgRepository[RulePackRecord]):
    model = RulePackRecord
    not_found = "rule pack"

    def active(self) -> list[RulePackRecord]:
        stmt = self.base().where(RulePackRecord.is_active.is_(True))
        return list(
            self.session.scalars(stmt.order_by(RulePackRecord.payer_id.is_not(None), RulePackRecord.name))
        )

    def latest_version(self, name: str) -> RulePackRecord | None:
        stmt = self.base().where(RulePackRecord.name == name).order_by(RulePackRecord.version.desc())
        return self.session.scalars(stmt.limit(1)).first()

    def deactivate(self, name: str) -> None:
        for row in self.session.scalars(
            self.base().where(RulePackRecord.name == name, RulePackRecord.is_active.is_(True))
        ):
            row.is_active = False

    def fingerprint(self) -> tuple[Any, ...]:
        """Changes whenever any pack is saved or (de)activated: the scrubber cache key."""
        stmt = select(func.count(), func.max(RulePackRecord.updated_at)).where(
            RulePackRecord.org_id == self.ctx.org_id
        )
        return tuple(self.session.execute(stmt).one())


class PriorAuthRepository(OrgRepository[PriorAuthRequirement]):
    model = PriorAuthRequirement
    not_found = "prior-auth requirement"

    def all(self) -> list[PriorAuthRequirement]:
        return list(self.session.scalars(self.base()))


class DuplicateRepository(OrgRepository[Claim]):
    model = Claim
    not_found = "claim"

    def live_lines(self, patient_ids: Collection[uuid.UUID], dates: Collection[date]) -> list[Row[Any]]:
        """(control number, patient, rendering provider, payer, service date, code) of lines at a payer."""
        stmt = (
            select(
                Claim.patient_control_number,
                Claim.patient_id,
                Claim.rendering_provider_id,
                Claim.payer_id,
                ClaimLine.service_date,
                ClaimLine.procedure_code,
            )
            .join(ClaimLine, ClaimLine.claim_id == Claim.id)
            .where(
                Claim.org_id == self.ctx.org_id,
                Claim.patient_id.in_(list(patient_ids)),
                ClaimLine.service_date.in_(list(dates)),
                Claim.status.in_(LIVE),
            )
        )
        return list(self.session.execute(stmt))


class CodeSetRepository:
    """Reference tables shared by every organization (no tenant filter by design)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def ncci_among(self, codes: Collection[str]) -> list[NcciEdit]:
        stmt = select(NcciEdit).where(NcciEdit.column1.in_(list(codes)), NcciEdit.column2.in_(list(codes)))
        return list(self.session.scalars(stmt))

    def mue_for(self, codes: Collection[str]) -> list[MueRecord]:
        return list(self.session.scalars(select(MueRecord).where(MueRecord.code.in_(list(codes)))))

    def hcpcs_for(self, codes: Collection[str]) -> list[HcpcsCode]:
        return list(self.session.scalars(select(HcpcsCode).where(HcpcsCode.code.in_(list(codes)))))

    def has_hcpcs(self) -> bool:
        return self.session.scalar(select(HcpcsCode.id).limit(1)) is not None

    def cpt_known(self, codes: Collection[str]) -> set[str] | None:
        """The codes of `codes` in the licensed CPT list; None when no list was loaded."""
        if self.session.scalar(select(LicensedCptCode.code).limit(1)) is None:
            return None
        return set(
            self.session.scalars(select(LicensedCptCode.code).where(LicensedCptCode.code.in_(list(codes))))
        )

    def replace(self, model: type[Any], rows: Iterable[dict[str, Any]], chunk: int = 20_000) -> int:
        """Replace a whole code set with a newly loaded file (one transaction)."""
        self.session.execute(delete(model))
        count, batch = 0, []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                count += bulk.insert_rows(self.session, model.__table__, batch)
                batch = []
        return count + bulk.insert_rows(self.session, model.__table__, batch)

    def record_load(
        self, kind: str, source: str, rows: int, effective_from: date | None, storage_key: str
    ) -> None:
        self.session.add(
            CodeSetLoad(
                kind=kind, source=source, rows=rows, effective_from=effective_from, storage_key=storage_key
            )
        )

    def loads(self, kind: str | None = None) -> list[CodeSetLoad]:
        stmt = select(CodeSetLoad).order_by(CodeSetLoad.loaded_at)
        if kind:
            stmt = stmt.where(CodeSetLoad.kind == kind)
        return list(self.session.scalars(stmt))
