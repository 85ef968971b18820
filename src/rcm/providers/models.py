"""Billing, rendering and referring providers, identified by NPI."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, EnumText, OrgScoped
from rcm.patients.models import Address


class ProviderEntity(StrEnum):
    person = "person"
    organization = "organization"


class Provider(Base, OrgScoped, Address):
    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("org_id", "npi"),)

    entity_type: Mapped[ProviderEntity] = mapped_column(EnumText(ProviderEntity, 16))
    # Organization name, or the person's last name (NM103).
    name: Mapped[str] = mapped_column(String(60))
    first_name: Mapped[str] = mapped_column(String(35), default="")
    npi: Mapped[str] = mapped_column(String(10))
    taxonomy_code: Mapped[str] = mapped_column(String(10), default="")
    tax_id: Mapped[str] = mapped_column(String(9), default="")
    is_billing: Mapped[bool] = mapped_column(default=False)
