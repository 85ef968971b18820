from __future__ import annotations

import uuid

from rcm.encounters.models import Encounter
from rcm.pagination import Page, PageParams
from rcm.tenancy import OrgRepository


class EncounterRepository(OrgRepository[Encounter]):
    model = Encounter
    not_found = "encounter"
    patient_column = "patient_id"

    def search(self, params: PageParams, patient_id: uuid.UUID | None) -> Page[Encounter]:
        filters = [Encounter.patient_id == patient_id] if patient_id else []
        return self.page(params, *filters, order_by=Encounter.service_date.desc())
