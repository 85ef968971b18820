"""Encounters: the visit and its captured charges, from which claims are made."""

from __future__ import annotations

import uuid
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, JsonType, OrgScoped


class EncounterStatus(StrEnum):
    open = "open"
    closed = "closed"
    billed = "billed"


class Encounter(Base, OrgScoped):
    __tablename__ = "encounters"
    __table_args__ = (Index("ix_encounters_org_date", "org_id", "service_date"),)

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    rendering_provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("providers.id"))
    billing_provider_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("providers.id"))
    referring_provider_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("providers.id"), default=None)
    service_date: Mapped[date]
    discharge_date: Mapped[date | None] = mapped_column(default=None)
    place_of_service: Mapped[str] = mapped_column(String(2), default="11")
    claim_type: Mapped[str] = mapped_column(String(16), default="professional")
    type_of_bill: Mapped[str] = mapped_column(String(4), default="")
    status: Mapped[EncounterStatus] = mapped_column(
        EnumText(EncounterStatus, 16), default=EncounterStatus.open
    )
    diagnosis_codes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    # Captured charges: [{procedure_code, modifiers, units, charge_cents, diagnosis_pointers, ...}]
    charges: Mapped[list[dict[str, Any]]] = mapped_column(JsonType, default=list)
    prior_authorization_number: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(String(2000), default="")
