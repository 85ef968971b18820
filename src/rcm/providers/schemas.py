from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rcm.providers.models import ProviderEntity
from rcm.schemas_common import AddressIn, AddressRead

NPI_PATTERN = r"^\d{10}$"
TAXONOMY_PATTERN = r"^[0-9]{3}[0-9A-Z]{6}X$"


class ProviderCreate(AddressIn):
    entity_type: ProviderEntity
    name: str = Field(min_length=1, max_length=60, description="organization name or the person's last name")
    first_name: str = Field(default="", max_length=35)
    npi: str = Field(pattern=NPI_PATTERN)
    taxonomy_code: str = Field(default="", pattern=r"^([0-9]{3}[0-9A-Z]{6}X)?$")
    tax_id: str = Field(default="", pattern=r"^(\d{9})?$")
    is_billing: bool = False

    @model_validator(mode="after")
    def _person_has_first_name(self) -> ProviderCreate:
        if self.entity_type is ProviderEntity.person and not self.first_name:
            raise ValueError("first_name is required for a person")
        if self.is_billing and not self.tax_id:
            raise ValueError("a billing provider needs its tax id (EIN)")
        return self


class ProviderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=60)
    first_name: str | None = Field(default=None, max_length=35)
    taxonomy_code: str | None = Field(default=None, pattern=r"^([0-9]{3}[0-9A-Z]{6}X)?$")
    tax_id: str | None = Field(default=None, pattern=r"^(\d{9})?$")
    is_billing: bool | None = None
    address_line1: str | None = Field(default=None, max_length=55)
    city: str | None = Field(default=None, max_length=30)
    state: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    postal_code: str | None = Field(default=None, pattern=r"^\d{5}(\d{4})?$")


class ProviderRead(AddressRead):
    id: uuid.UUID
    entity_type: ProviderEntity
    name: str
    first_name: str
    npi: str
    taxonomy_code: str
    tax_id: str
    is_billing: bool
