"""Encounters: the visit and its captured charges."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from rcm import records
from rcm.encounters.models import Encounter, EncounterStatus
from rcm.encounters.repository import EncounterRepository
from rcm.encounters.schemas import EncounterCreate, EncounterUpdate
from rcm.errors import Conflict
from rcm.pagination import Page, PageParams
from rcm.patients import service as patients
from rcm.providers import service as providers
from rcm.tenancy import AuthContext


def _charges_json(charges: list[Any]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json") for c in charges]


def create_encounter(session: Session, ctx: AuthContext, data: EncounterCreate) -> Encounter:
    patients.get_patient(session, ctx, data.patient_id)
    for provider_id in (data.rendering_provider_id, data.billing_provider_id, data.referring_provider_id):
        if provider_id is not None:
            providers.get_provider(session, ctx, provider_id)
    values = data.model_dump(exclude={"charges", "diagnosis_codes"})
    encounter = Encounter(
        **values,
        diagnosis_codes=[c.replace(".", "") for c in data.diagnosis_codes],
        charges=_charges_json(data.charges),
    )
    return records.create(session, ctx, EncounterRepository(session, ctx), encounter, "encounter.created")


def get_encounter(session: Session, ctx: AuthContext, encounter_id: uuid.UUID) -> Encounter:
    return EncounterRepository(session, ctx).get_or_raise(encounter_id)


def list_encounters(
    session: Session, ctx: AuthContext, params: PageParams, patient_id: uuid.UUID | None
) -> Page[Encounter]:
    return EncounterRepository(session, ctx).search(params, patient_id)


def update_encounter(
    session: Session, ctx: AuthContext, encounter_id: uuid.UUID, data: EncounterUpdate
) -> Encounter:
    encounter = get_encounter(session, ctx, encounter_id)
    if encounter.status is EncounterStatus.billed and (data.charges is not None or data.diagnosis_codes):
        raise Conflict("the encounter is billed; correct the claim instead", encounter_id=str(encounter_id))
    values = data.model_dump(exclude_unset=True, exclude={"charges"})
    if data.charges is not None:
        values["charges"] = _charges_json(data.charges)
    if data.diagnosis_codes is not None:
        values["diagnosis_codes"] = [c.replace(".", "") for c in data.diagnosis_codes]
    return records.update(session, ctx, encounter, values, "encounter.updated")


def mark_billed(session: Session, ctx: AuthContext, encounter: Encounter, claim_id: uuid.UUID) -> None:
    records.update(
        session,
        ctx,
        encounter,
        {"status": EncounterStatus.billed},
        "encounter.billed",
        reason=f"claim {claim_id}",
    )
