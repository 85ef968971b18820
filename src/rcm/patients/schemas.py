from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rcm.patients.models import CoveragePriority, Gender, SubscriberRelationship
from rcm.schemas_common import AddressIn, AddressRead, PostalCode, StateCode


class PatientCreate(AddressIn):
    account_number: str = Field(min_length=1, max_length=38)
    first_name: str = Field(min_length=1, max_length=35)
    last_name: str = Field(min_length=1, max_length=60)
    birth_date: date
    gender: Gender
    phone: str = Field(default="", max_length=20)
    email: str = Field(default="", max_length=254)


class PatientUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    first_name: str | None = Field(default=None, min_length=1, max_length=35)
    last_name: str | None = Field(default=None, min_length=1, max_length=60)
    birth_date: date | None = None
    gender: Gender | None = None
    phone: str | None = Field(default=None, max_length=20)
    email: str | None = Field(default=None, max_length=254)
    address_line1: str | None = Field(default=None, max_length=55)
    address_line2: str | None = Field(default=None, max_length=55)
    city: str | None = Field(default=None, max_length=30)
    state: StateCode | None = None
    postal_code: PostalCode | None = None


class PatientRead(AddressRead):
    id: uuid.UUID
    account_number: str
    first_name: str
    last_name: str
    birth_date: date
    gender: Gender
    phone: str
    email: str


class CoverageCreate(AddressIn):
    patient_id: uuid.UUID
    payer_id: uuid.UUID
    priority: CoveragePriority
    member_id: str = Field(min_length=1, max_length=80)
    group_number: str = Field(default="", max_length=50)
    relationship: SubscriberRelationship = SubscriberRelationship.self
    subscriber_first_name: str = Field(default="", max_length=35)
    subscriber_last_name: str = Field(default="", max_length=60)
    subscriber_birth_date: date | None = None
    subscriber_gender: Gender | None = None
    effective_from: date | None = None
    effective_to: date | None = None

    @model_validator(mode="after")
    def _subscriber_when_not_self(self) -> CoverageCreate:
        if self.relationship is not SubscriberRelationship.self and not self.subscriber_last_name:
            raise ValueError("subscriber_last_name is required when the patient is not the subscriber")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


class CoverageUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    member_id: str | None = Field(default=None, min_length=1, max_length=80)
    group_number: str | None = Field(default=None, max_length=50)
    priority: CoveragePriority | None = None
    effective_from: date | None = None
    effective_to: date | None = None
    is_active: bool | None = None


class CoverageRead(AddressRead):
    id: uuid.UUID
    patient_id: uuid.UUID
    payer_id: uuid.UUID
    priority: CoveragePriority
    member_id: str
    group_number: str
    relationship: SubscriberRelationship
    subscriber_first_name: str
    subscriber_last_name: str
    subscriber_birth_date: date | None
    subscriber_gender: Gender | None
    effective_from: date | None
    effective_to: date | None
    is_active: bool
