"""Patients and coverages: registration, updates, and coverage lookup for claims."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy.orm import Session

from rcm import records
from rcm.errors import BusinessRuleViolation, Conflict
from rcm.pagination import Page, PageParams
from rcm.patients.models import Coverage, CoveragePriority, Patient
from rcm.patients.repository import (
    CoverageLookupRepository,
    CoverageRepository,
    PatientLookupRepository,
    PatientRepository,
)
from rcm.patients.schemas import CoverageCreate, CoverageUpdate, PatientCreate, PatientUpdate
from rcm.payers import service as payers
from rcm.tenancy import AuthContext


def create_patient(session: Session, ctx: AuthContext, data: PatientCreate) -> Patient:
    repo = PatientRepository(session, ctx)
    if repo.by_account_number(data.account_number) is not None:
        raise Conflict(
            f"account number {data.account_number} is already used", account_number=data.account_number
        )
    return records.create(session, ctx, repo, Patient(**data.model_dump()), "patient.created")


def get_patient(session: Session, ctx: AuthContext, patient_id: uuid.UUID) -> Patient:
    return PatientRepository(session, ctx).get_or_raise(patient_id)


def list_patients(session: Session, ctx: AuthContext, params: PageParams, query: str | None) -> Page[Patient]:
    return PatientRepository(session, ctx).search(params, query)


def update_patient(session: Session, ctx: AuthContext, patient_id: uuid.UUID, data: PatientUpdate) -> Patient:
    patient = get_patient(session, ctx, patient_id)
    return records.update(session, ctx, patient, data.model_dump(exclude_unset=True), "patient.updated")


def create_coverage(session: Session, ctx: AuthContext, data: CoverageCreate) -> Coverage:
    get_patient(session, ctx, data.patient_id)
    payer = payers.get_payer(session, ctx, data.payer_id)
    if not payer.is_active:
        raise BusinessRuleViolation(f"payer {payer.name} is inactive", payer_id=str(payer.id))
    repo = CoverageRepository(session, ctx)
    return records.create(session, ctx, repo, Coverage(**data.model_dump()), "coverage.created")


def get_coverage(session: Session, ctx: AuthContext, coverage_id: uuid.UUID) -> Coverage:
    return CoverageRepository(session, ctx).get_or_raise(coverage_id)


def update_coverage(
    session: Session, ctx: AuthContext, coverage_id: uuid.UUID, data: CoverageUpdate
) -> Coverage:
    coverage = get_coverage(session, ctx, coverage_id)
    return records.update(session, ctx, coverage, data.model_dump(exclude_unset=True), "coverage.updated")


def list_coverages(session: Session, ctx: AuthContext, patient_id: uuid.UUID) -> list[Coverage]:
    get_patient(session, ctx, patient_id)
    return CoverageRepository(session, ctx).for_patient(patient_id)


def coverage_for_claim(
    session: Session, ctx: AuthContext, patient_id: uuid.UUID, on: date, priority: CoveragePriority
) -> Coverage | None:
    return CoverageRepository(session, ctx).active(patient_id, priority, on)


def get_patients(
    session: Session, ctx: AuthContext, patient_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Patient]:
    return PatientRepository(session, ctx).many(patient_ids)


def get_coverages(
    session: Session, ctx: AuthContext, coverage_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Coverage]:
    return CoverageRepository(session, ctx).many(coverage_ids)


def patients_with_coverage(
    session: Session, ctx: AuthContext, patient_ids: Iterable[uuid.UUID], priority: CoveragePriority
) -> set[uuid.UUID]:
    ids, found = list(set(patient_ids)), set()
    repo = CoverageRepository(session, ctx)
    for start in range(0, len(ids), 1000):
        found |= repo.patients_with(ids[start : start + 1000], priority)
    return found


def find_by_account_numbers(session: Session, ctx: AuthContext, numbers: Iterable[str]) -> dict[str, Patient]:
    """Patients by account number (a bulk lookup for imports); unknown numbers are absent."""
    wanted, found = list(dict.fromkeys(numbers)), {}
    repo = PatientLookupRepository(session, ctx)
    for start in range(0, len(wanted), 500):
        found.update({p.account_number: p for p in repo.by_account_numbers(wanted[start : start + 500])})
    return found


def coverages_of_patients(
    session: Session, ctx: AuthContext, patient_ids: Iterable[uuid.UUID]
) -> list[Coverage]:
    """Every coverage (active or not) of the patients, for imports matching patient + payer."""
    wanted, found = list(dict.fromkeys(patient_ids)), []
    repo = CoverageLookupRepository(session, ctx)
    for start in range(0, len(wanted), 500):
        found += repo.for_patients(wanted[start : start + 500])
    return found
