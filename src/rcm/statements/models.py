"""Patient statements: patient responsibility consolidated across claims."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, OrgScoped


class PatientStatement(Base, OrgScoped):
    __tablename__ = "patient_statements"

    patient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("patients.id"), index=True)
    statement_date: Mapped[date]
    total_due_cents: Mapped[int]
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    payment_plan_ref: Mapped[str] = mapped_column(String(50), default="")
    is_paid: Mapped[bool] = mapped_column(default=False)
