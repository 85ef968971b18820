"""The tenant: every other record belongs to exactly one organization."""

from __future__ import annotations

import uuid

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, Timestamps


class Organization(Base, Timestamps):
    __tablename__ = "organizations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    coding_signoff_required: Mapped[bool] = mapped_column(default=False)
    # Write-offs above this need a practice admin other than the requester (SPEC section 5).
    writeoff_approval_threshold_cents: Mapped[int] = mapped_column(default=10_000)
    # X12 envelope identity (ISA06/GS02 and loop 1000A); receiver = the clearinghouse (1000B).
    submitter_id: Mapped[str] = mapped_column(String(15), default="")
    submitter_contact_name: Mapped[str] = mapped_column(String(60), default="")
    submitter_contact_phone: Mapped[str] = mapped_column(String(20), default="")
    receiver_id: Mapped[str] = mapped_column(String(15), default="")
    receiver_name: Mapped[str] = mapped_column(String(60), default="")
