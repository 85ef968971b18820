from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.schemas import ClaimRead
from rcm.encounters import service
from rcm.encounters.models import Encounter
from rcm.encounters.schemas import ClaimFromEncounter, EncounterCreate, EncounterRead, EncounterUpdate
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/encounters", tags=["encounters"])
EncountersRead = Annotated[AuthContext, permission(Action.encounters_read)]
EncountersWrite = Annotated[AuthContext, permission(Action.encounters_write)]
ClaimsWrite = Annotated[AuthContext, permission(Action.claims_write)]


@router.post("", response_model=EncounterRead, status_code=201)
def create_encounter(body: EncounterCreate, ctx: EncountersWrite, session: SessionDep) -> Encounter:
    """Record a visit with its diagnoses and captured charges."""
    return service.create_encounter(session, ctx, body)


@router.get("", response_model=PageOut[EncounterRead])
def list_encounters(
    ctx: EncountersRead, session: SessionDep, page: PageDep, patient_id: uuid.UUID | None = None
) -> object:
    """Encounters, newest date of service first."""
    return service.list_encounters(session, ctx, page, patient_id)


@router.get("/{encounter_id}", response_model=EncounterRead)
def get_encounter(encounter_id: uuid.UUID, ctx: EncountersRead, session: SessionDep) -> Encounter:
    """One encounter."""
    return service.get_encounter(session, ctx, encounter_id)


@router.patch("/{encounter_id}", response_model=EncounterRead)
def update_encounter(
    encounter_id: uuid.UUID, body: EncounterUpdate, ctx: EncountersWrite, session: SessionDep
) -> Encounter:
    """Change an unbilled encounter's diagnoses, charges or notes."""
    return service.update_encounter(session, ctx, encounter_id, body)


@router.post("/{encounter_id}/claims", response_model=ClaimRead, status_code=201)
def create_claim_from_encounter(
    encounter_id: uuid.UUID, body: ClaimFromEncounter, ctx: ClaimsWrite, session: SessionDep
) -> Claim:
    """Create a Draft claim from the encounter's charges (billed to the active primary coverage)."""
    return claims.create_from_encounter(session, ctx, encounter_id, body)
