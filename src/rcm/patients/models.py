"""Patients and their insurance coverages (primary, secondary, tertiary)."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped


class Gender(StrEnum):
    female = "F"
    male = "M"
    unknown = "U"


class CoveragePriority(StrEnum):
    primary = "primary"
    secondary = "secondary"
    tertiary = "tertiary"


class SubscriberRelationship(StrEnum):
    # X12 SBR02 / PAT01 individual relationship codes.
    self = "18"
    spouse = "01"
    child = "19"
    other = "G8"


class Address:
    address_line1: Mapped[str] = mapped_column(String(55), default="")
    address_line2: Mapped[str] = mapped_column(String(55), default="")
    city: Mapped[str] = mapped_column(String(30), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    postal_code: Mapped[str] = mapped_column(String(15), default="")


class Patient(Base, OrgScoped, Address):
    __tablename__ = "patients"
    __table_args__ = (
        Index("ix_patients_org_name", "org_id", "last_name", "first_name"),
        Index("ix_patients_org_account", "org_id", "account_number"),
    )

    account_number: Mapped[str] = mapped_column(String(38))
    first_name: Mapped[str] = mapped_column(String(35))
    last_name: Mapped[str] = mapped_column(String(60))
    birth_date: Mapped[date]
    gender: Mapped[Gender] = mapped_column(EnumText(Gender, 1))
    phone: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(254), default="")


class Coverage(Base, OrgScoped, Address):
    __tablename__ = "coverages"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    payer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("payers.id"), index=True)
    priority: Mapped[CoveragePriority] = mapped_column(EnumText(CoveragePriority, 16))
    member_id: Mapped[str] = mapped_column(String(80))
    group_number: Mapped[str] = mapped_column(String(50), default="")
    relationship: Mapped[SubscriberRelationship] = mapped_column(
        EnumText(SubscriberRelationship, 2), default=SubscriberRelationship.self
    )
    # Subscriber details when the subscriber is not the patient (address columns from Address).
    subscriber_first_name: Mapped[str] = mapped_column(String(35), default="")
    subscriber_last_name: Mapped[str] = mapped_column(String(60), default="")
    subscriber_birth_date: Mapped[date | None] = mapped_column(default=None)
    subscriber_gender: Mapped[Gender | None] = mapped_column(EnumText(Gender, 1), default=None)
    effective_from: Mapped[date | None] = mapped_column(default=None)
    effective_to: Mapped[date | None] = mapped_column(default=None)
    is_active: Mapped[bool] = mapped_column(default=True)
