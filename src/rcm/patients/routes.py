from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.patients import service
from rcm.patients.models import Coverage, Patient
from rcm.patients.schemas import (
    CoverageCreate,
    CoverageRead,
    CoverageUpdate,
    PatientCreate,
    PatientRead,
    PatientUpdate,
)
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(tags=["patients"])
PatientsRead = Annotated[AuthContext, permission(Action.patients_read, Action.claims_read_own)]
PatientsWrite = Annotated[AuthContext, permission(Action.patients_write)]


@router.post("/patients", response_model=PatientRead, status_code=201)
def create_patient(body: PatientCreate, ctx: PatientsWrite, session: SessionDep) -> Patient:
    """Register a patient."""
    return service.create_patient(session, ctx, body)


@router.get("/patients", response_model=PageOut[PatientRead])
def list_patients(ctx: PatientsRead, session: SessionDep, page: PageDep, q: str | None = None) -> object:
    """Patients, searchable by name or account number."""
    return service.list_patients(session, ctx, page, q)


@router.get("/patients/{patient_id}", response_model=PatientRead)
def get_patient(patient_id: uuid.UUID, ctx: PatientsRead, session: SessionDep) -> Patient:
    """One patient."""
    return service.get_patient(session, ctx, patient_id)


@router.patch("/patients/{patient_id}", response_model=PatientRead)
def update_patient(
    patient_id: uuid.UUID, body: PatientUpdate, ctx: PatientsWrite, session: SessionDep
) -> Patient:
    """Change a patient's demographics."""
    return service.update_patient(session, ctx, patient_id, body)


@router.get("/patients/{patient_id}/coverages", response_model=list[CoverageRead])
def list_coverages(patient_id: uuid.UUID, ctx: PatientsRead, session: SessionDep) -> list[Coverage]:
    """A patient's coverages, primary first."""
    return service.list_coverages(session, ctx, patient_id)


@router.post("/coverages", response_model=CoverageRead, status_code=201)
def create_coverage(body: CoverageCreate, ctx: PatientsWrite, session: SessionDep) -> Coverage:
    """Add a coverage (primary, secondary or tertiary) to a patient."""
    return service.create_coverage(session, ctx, body)


@router.get("/coverages/{coverage_id}", response_model=CoverageRead)
def get_coverage(coverage_id: uuid.UUID, ctx: PatientsRead, session: SessionDep) -> Coverage:
    """One coverage."""
    return service.get_coverage(session, ctx, coverage_id)


@router.patch("/coverages/{coverage_id}", response_model=CoverageRead)
def update_coverage(
    coverage_id: uuid.UUID, body: CoverageUpdate, ctx: PatientsWrite, session: SessionDep
) -> Coverage:
    """Change a coverage's member id, group, priority or dates."""
    return service.update_coverage(session, ctx, coverage_id, body)
