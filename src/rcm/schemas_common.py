"""Schema pieces shared by several domains (addresses, codes)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

StateCode = Annotated[str, StringConstraints(pattern=r"^([A-Z]{2})?$", to_upper=True)]
PostalCode = Annotated[str, StringConstraints(pattern=r"^(\d{5}(\d{4})?)?$")]


class AddressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address_line1: str = Field(default="", max_length=55)
    address_line2: str = Field(default="", max_length=55)
    city: str = Field(default="", max_length=30)
    state: StateCode = ""
    postal_code: PostalCode = ""


class AddressRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    address_line1: str
    address_line2: str
    city: str
    state: str
    postal_code: str
