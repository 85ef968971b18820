"""Value types shared by several transactions (835, 837, 277): treat them as immutable.

The hot ones are `unsafe_hash` rather than `frozen`: a frozen dataclass `__init__` is about four
times slower, and an 835 with 100,000 claims creates millions of these. Never mutate them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Address:
    """N3/N4: street lines, city, state, ZIP (9 digits for a billing provider), country."""

    line1: str
    city: str
    state: str
    postal_code: str
    line2: str = ""
    country: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Reference:
    """REF: a qualifier (6R line item control number, F8 payer claim number, ...) and its value."""

    qualifier: str
    value: str


@dataclass(slots=True, unsafe_hash=True)
class MonetaryAmount:
    """AMT: a qualifier (B6 allowed, AU coverage, D payer paid, EAF patient liability) and an amount."""

    qualifier: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Quantity:
    qualifier: str
    quantity: Decimal


@dataclass(slots=True, unsafe_hash=True)
class Adjustment:
    """One CAS triplet: group code (CO/PR/OA/PI/CR), CARC reason code, amount, optional quantity."""

    group: str
    reason: str
    amount: Decimal
    quantity: Decimal | None = None


@dataclass(slots=True, unsafe_hash=True)
class Procedure:
    """A composite procedure id: qualifier (HC, NU, ...), code, up to 4 modifiers, description."""

    code: str
    qualifier: str = "HC"
    modifiers: tuple[str, ...] = ()
    description: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Entity:
    """NM1: entity code (QC patient, IL insured, 82 rendering, ...), type 1 person / 2 organization."""

    entity_code: str
    entity_type: str
    last_name: str
    first_name: str = ""
    middle_name: str = ""
    suffix: str = ""
    id_qualifier: str = ""
    identifier: str = ""

    @property
    def name(self) -> str:
        parts = (self.first_name, self.middle_name, self.last_name, self.suffix)
        return " ".join(p for p in parts if p) if self.entity_type == "1" else self.last_name


@dataclass(frozen=True, slots=True)
class Contact:
    """PER: contact function (BL technical, CX claims, IC information), name and numbers (TE/EM/FX...)."""

    function: str
    name: str = ""
    numbers: tuple[tuple[str, str], ...] = ()


def group_adjustments(triplets: list[Adjustment] | tuple[Adjustment, ...]) -> dict[str, list[Adjustment]]:
    """Adjustments by group code, in order (CAS repeats one segment per group)."""
    grouped: dict[str, list[Adjustment]] = {}
    for adjustment in triplets:
        grouped.setdefault(adjustment.group, []).append(adjustment)
    return grouped
