"""Payer simulator configuration: behaviour per payer id, falling back to `default`.

A YAML file or a dict like::

    seed: 7
    default: {rejection_rate: 0.05, denial_rate: 0.08, allowed_percent: "0.70", adjudication_delay_days: 14}
    payers:
      ACME01: {denial_rate: 0.2, patient_share: {coinsurance: "0.2", copay: "25"}}

Rates are probabilities per claim; amounts are strings or numbers turned into `Decimal`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from rcm.errors import InvalidInput


@dataclass(frozen=True)
class RejectionReason:
    """A 277CA front-end rejection: STC01 category:status:entity (A7:33:IL = member not found)."""

    category: str
    status: str
    entity: str
    label: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class DenialReason:
    """An adjudicated denial: CAS group + CARC, and the RARC sent in LQ*HE."""

    group: str
    carc: str
    rarc: str = ""
    label: str = ""
    weight: float = 1.0


@dataclass(frozen=True)
class PatientShare:
    """PR-1 deductible (applied on `deductible_rate` of claims), PR-2 coinsurance, PR-3 copay."""

    deductible: Decimal = Decimal("50")
    deductible_rate: float = 0.2
    coinsurance: Decimal = Decimal("0.20")
    copay: Decimal = Decimal("0")


DEFAULT_REJECTIONS = (
    RejectionReason("A7", "33", "IL", "subscriber and member id not found", 3),
    RejectionReason("A7", "562", "85", "billing provider NPI not on file", 1),
    RejectionReason("A6", "21", "IL", "missing or invalid information", 1),
)
DEFAULT_DENIALS = (
    DenialReason("CO", "197", "N54", "precertification/authorization absent", 2),
    DenialReason("CO", "50", "M25", "not deemed a medical necessity", 2),
    DenialReason("CO", "29", "", "time limit for filing has expired", 1),
    DenialReason("PR", "27", "", "expenses incurred after coverage terminated", 1),
    DenialReason("CO", "16", "MA130", "claim lacks information needed for adjudication", 1),
)


@dataclass(frozen=True)
class PayerBehavior:
    name: str = ""
    rejection_rate: float = 0.05
    rejection_reasons: tuple[RejectionReason, ...] = DEFAULT_REJECTIONS
    resubmission_rejection_rate: float = 0.0  # a corrected resubmission of a rejected claim
    member_id_pattern: str = ""  # regex; a member id that does not match is rejected A7:33:IL
    denial_rate: float = 0.08
    denial_reasons: tuple[DenialReason, ...] = DEFAULT_DENIALS
    allowed_percent: Decimal = Decimal("0.70")
    patient_share: PatientShare = field(default_factory=PatientShare)
    partial_payment_rate: float = 0.05  # one line of a multi-line claim denied (CO-97)
    reversal_rate: float = 0.02  # paid, later reversed (CLP02=22) and paid again corrected
    reversal_delay_days: int = 7
    reversal_allowed_reduction: Decimal = Decimal("0.05")
    adjudication_delay_days: int = 14
    interest_rate: float = 0.05  # share of 835s carrying PLB L6 interest
    recoupment_rate: float = 0.05  # share of 835s carrying a PLB WO overpayment recovery
    recoupment_amount: Decimal = Decimal("25.00")


@dataclass(frozen=True)
class SimulatorConfig:
    seed: int = 0
    default: PayerBehavior = field(default_factory=PayerBehavior)
    payers: dict[str, PayerBehavior] = field(default_factory=dict)
    sender_id: str = "PAYERSIM"  # ISA06 of the files the simulator sends

    def behavior(self, payer_id: str) -> PayerBehavior:
        return self.payers.get(payer_id, self.default)

    @classmethod
    def from_yaml(cls, path: Path | str) -> SimulatorConfig:
        return cls.from_dict(yaml.safe_load(Path(path).read_text()) or {})

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SimulatorConfig:
        unknown = set(data) - {"seed", "default", "payers", "sender_id"}
        if unknown:
            raise InvalidInput(f"unknown simulator settings: {', '.join(sorted(unknown))}")
        default = _behavior(PayerBehavior(), data.get("default") or {})
        payers = {
            str(pid): _behavior(default, values or {}) for pid, values in (data.get("payers") or {}).items()
        }
        return cls(int(data.get("seed", 0)), default, payers, str(data.get("sender_id", "PAYERSIM")))


def _behavior(base: PayerBehavior, values: dict[str, Any]) -> PayerBehavior:
    known = {f.name: f for f in fields(PayerBehavior)}
    unknown = set(values) - set(known)
    if unknown:
        raise InvalidInput(f"unknown payer behaviour settings: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {}
    for name, value in values.items():
        current = getattr(base, name)
        if name == "rejection_reasons":
            changes[name] = tuple(RejectionReason(**_reason(r)) for r in value)
        elif name == "denial_reasons":
            changes[name] = tuple(DenialReason(**_reason(r)) for r in value)
        elif name == "patient_share":
            changes[name] = _patient_share(current, value)
        else:
            changes[name] = _like(current, value)
    return replace(base, **changes)


def _reason(values: dict[str, Any]) -> dict[str, Any]:
    return {key: float(value) if key == "weight" else str(value) for key, value in values.items()}


def _patient_share(current: PatientShare, values: dict[str, Any]) -> PatientShare:
    unknown = set(values) - {f.name for f in fields(PatientShare)}
    if unknown:
        raise InvalidInput(f"unknown patient_share settings: {', '.join(sorted(unknown))}")
    changes: dict[str, Any] = {key: _like(getattr(current, key), value) for key, value in values.items()}
    return replace(current, **changes)


def _like(current: object, value: object) -> object:
    """Coerce a YAML value to the type of the default it replaces."""
    if isinstance(current, Decimal):
        return Decimal(str(value))
    if isinstance(current, bool):
        return bool(value)
    if isinstance(current, float):
        return float(value)  # type: ignore[arg-type]
    if isinstance(current, int):
        return int(value)  # type: ignore[call-overload]
    return str(value)
