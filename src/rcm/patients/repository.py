from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import or_, select

from rcm.pagination import Page, PageParams
from rcm.patients.models import Coverage, CoveragePriority, Patient
from rcm.tenancy import OrgRepository


class PatientRepository(OrgRepository[Patient]):
    model = Patient
    not_found = "patient"
    patient_column = "id"

    def by_account_number(self, account_number: str) -> Patient | None:
        return self.session.scalars(self.base().where(Patient.account_number == account_number)).first()

    def search(self, params: PageParams, query: str | None) -> Page[Patient]:
        filters = []
        if query:
            like = f"%{query.lower()}%"
            filters.append(
                or_(
                    Patient.last_name.ilike(like),
                    Patient.first_name.ilike(like),
                    Patient.account_number == query,
                )
            )
        return self.page(params, *filters, order_by=Patient.last_name)


class CoverageRepository(OrgRepository[Coverage]):
    model = Coverage
    not_found = "coverage"
    patient_column = "patient_id"

    def for_patient(self, patient_id: uuid.UUID) -> list[Coverage]:
        stmt = self.base().where(Coverage.patient_id == patient_id).order_by(Coverage.priority)
        return list(self.session.scalars(stmt))

    def patients_with(self, patient_ids: list[uuid.UUID], priority: CoveragePriority) -> set[uuid.UUID]:
        stmt = select(Coverage.patient_id).where(
            Coverage.org_id == self.ctx.org_id,
            Coverage.patient_id.in_(patient_ids),
            Coverage.priority == priority,
            Coverage.is_active.is_(True),
        )
        return set(self.session.scalars(stmt))

    def active(self, patient_id: uuid.UUID, priority: CoveragePriority, on: date) -> Coverage | None:
        stmt = self.base().where(
            Coverage.patient_id == patient_id,
            Coverage.priority == priority,
            Coverage.is_active.is_(True),
            or_(Coverage.effective_from.is_(None), Coverage.effective_from <= on),
            or_(Coverage.effective_to.is_(None), Coverage.effective_to >= on),
        )
        return self.session.scalars(stmt.order_by(Coverage.created_at.desc())).first()


class PatientLookupRepository(OrgRepository[Patient]):
    model = Patient
    not_found = "patient"
    patient_column = "id"

    def by_account_numbers(self, numbers: list[str]) -> list[Patient]:
        return list(self.session.scalars(self.base().where(Patient.account_number.in_(numbers))))


class CoverageLookupRepository(OrgRepository[Coverage]):
    model = Coverage
    not_found = "coverage"
    patient_column = "patient_id"

    def for_patients(self, patient_ids: list[uuid.UUID]) -> list[Coverage]:
        return list(self.session.scalars(self.base().where(Coverage.patient_id.in_(patient_ids))))
