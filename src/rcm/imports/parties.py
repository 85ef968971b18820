"""Who a new claim is for, billed by and billed to: payers, providers, patients and coverages,
found or created once per import and cached.

What a batch creates is cached only once the batch commits (`commit`); a rolled-back batch
forgets it (`discard`), so a retried row never points at a row that no longer exists.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

from rcm.codesets.npi import is_valid_npi
from rcm.errors import RcmError
from rcm.imports.record import ImportRecord, RowRejected
from rcm.imports.rows import BatchRows
from rcm.patients import service as patients
from rcm.payers import service as payers
from rcm.payers.models import PayerType
from rcm.payers.schemas import PayerCreate
from rcm.providers import service as providers
from rcm.providers.models import ProviderEntity
from rcm.providers.schemas import ProviderCreate
from rcm.tenancy import AuthContext

K = TypeVar("K")
V = TypeVar("V")
PRIORITIES = ("primary", "secondary", "tertiary")
_CODE_CHARS = re.compile(r"[^A-Z0-9]+")
_PAYER_TYPES = (
    ("medicare advantage", PayerType.medicare_advantage),
    ("medicare", PayerType.medicare),
    ("medicaid", PayerType.medicaid),
    ("tricare", PayerType.tricare),
    ("champva", PayerType.champva),
    ("self pay", PayerType.self_pay),
    ("self-pay", PayerType.self_pay),
)


class Layered(Generic[K, V]):
    """A cache whose new entries stay pending until the batch that made them commits."""

    def __init__(self) -> None:
        self.committed: dict[K, V] = {}
        self.pending: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.pending.get(key, self.committed.get(key))

    def put(self, key: K, value: V) -> None:
        self.pending[key] = value

    def commit(self) -> None:
        self.committed.update(self.pending)
        self.pending.clear()


@dataclass(frozen=True, slots=True)
class PayerRef:
    id: uuid.UUID
    name: str


@dataclass(frozen=True, slots=True)
class Parties:
    patient_id: uuid.UUID
    payer: PayerRef
    coverage_id: uuid.UUID | None
    billing_provider_id: uuid.UUID
    rendering_provider_id: uuid.UUID


def payer_type_for(name: str) -> PayerType:
    lowered = name.lower()
    return next((kind for word, kind in _PAYER_TYPES if word in lowered), PayerType.commercial)


def generated_account(rec: ImportRecord) -> str:
    """A stable account number for a patient the file names without one (same person, same number)."""
    key = f"{rec.last_name}|{rec.first_name}|{rec.birth_date}".lower()
    return "IMP-" + hashlib.sha256(key.encode()).hexdigest()[:16].upper()


class PartyResolver:
    def __init__(self, ctx: AuthContext) -> None:
        self.ctx = ctx
        self.payers: Layered[str, PayerRef] = Layered()
        self.providers: Layered[str, uuid.UUID] = Layered()
        self.billing: list[uuid.UUID] = []
        self.payer_names: dict[uuid.UUID, str] = {}
        self.patients: Layered[str, uuid.UUID] = Layered()
        self.coverages: Layered[tuple[uuid.UUID, uuid.UUID], uuid.UUID] = Layered()
        self.priorities: Layered[uuid.UUID, tuple[str, ...]] = Layered()
        self._layers = (self.payers, self.providers, self.patients, self.coverages, self.priorities)

    def load(self, session: Session) -> None:
        """The org's payers and providers (few): read once per import."""
        for payer in payers.all_payers(session, self.ctx):
            ref = PayerRef(payer.id, payer.name)
            self.payer_names[payer.id] = payer.name
            self.payers.committed[f"code:{payer.payer_code.upper()}"] = ref
            self.payers.committed.setdefault(f"name:{payer.name.casefold()}", ref)
        for provider in providers.all_providers(session, self.ctx):
            self.providers.committed[provider.npi] = provider.id
            if provider.is_billing:
                self.billing.append(provider.id)

    def commit(self) -> None:
        for layer in self._layers:
            layer.commit()

    def discard(self) -> None:
        for layer in self._layers:
            layer.pending.clear()

    def prefetch(self, session: Session, records: list[ImportRecord]) -> None:
        """One query for the batch's unknown patients, one for their coverages."""
        numbers = {rec.patient_account or generated_account(rec) for rec in records}
        unknown = [n for n in numbers if self.patients.get(n) is None]
        found = patients.find_by_account_numbers(session, self.ctx, unknown) if unknown else {}
        for number, patient in found.items():
            self.patients.committed[number] = patient.id
        fresh = [p.id for p in found.values()]
        for coverage in patients.coverages_of_patients(session, self.ctx, fresh) if fresh else []:
            self.coverages.committed[(coverage.patient_id, coverage.payer_id)] = coverage.id
            used = self.priorities.committed.get(coverage.patient_id, ())
            self.priorities.committed[coverage.patient_id] = (*used, coverage.priority.value)

    def resolve(self, session: Session, rec: ImportRecord, rows: BatchRows) -> Parties:
        """Find or create what the claim needs; every refusal comes before anything is created."""
        self._precheck(rec)
        payer = self._payer(session, rec)
        billing = self._billing(session, rec)
        rendering = self._rendering(session, rec) or billing
        patient_id = self._patient(rec, rows)
        coverage_id = self._coverage(rec, patient_id, payer.id, rows)
        return Parties(patient_id, payer, coverage_id, billing, rendering)

    def _precheck(self, rec: ImportRecord) -> None:
        if not (rec.payer_code or rec.payer_name):
            raise RowRejected(
                "missing_field", "a new claim needs its payer (a payer name or payer id column)"
            )
        for role, npi in (("billing", rec.billing_npi), ("rendering", rec.rendering_npi)):
            if npi and self.providers.get(npi) is None and not is_valid_npi(npi):
                raise RowRejected("bad_npi", f"{role} NPI {npi} fails its check digit")
        if rec.billing_npi and self.providers.get(rec.billing_npi) is None and not rec.billing_tax_id:
            raise RowRejected(
                "missing_billing_provider",
                f"billing NPI {rec.billing_npi} is not registered;"
                " add the provider, or a Tax ID column to register it",
            )
        if not rec.billing_npi and len(self.billing) != 1:
            why = (
                "has no billing provider"
                if not self.billing
                else f"has {len(self.billing)} billing providers"
            )
            raise RowRejected(
                "missing_billing_provider",
                f"no billing NPI on the row and the organization {why}: add a Billing NPI column",
            )
        number = rec.patient_account or generated_account(rec)
        if self.patients.get(number) is None and not (rec.first_name and rec.last_name and rec.birth_date):
            who = f"patient account {rec.patient_account}" if rec.patient_account else "the patient"
            raise RowRejected(
                "unknown_patient",
                f"{who} is not registered;"
                " first name, last name and date of birth are needed to register them",
            )

    def _payer(self, session: Session, rec: ImportRecord) -> PayerRef:
        code = rec.payer_code.upper() if rec.payer_code else None
        found = (code and self.payers.get(f"code:{code}")) or (
            rec.payer_name and self.payers.get(f"name:{rec.payer_name.casefold()}")
        )
        if found:
            return found
        name = (rec.payer_name or code or "")[:60]
        code = code or "IMP-" + _CODE_CHARS.sub("-", name.upper()).strip("-")[:40]
        try:
            payer = payers.create_payer(
                session, self.ctx, PayerCreate(name=name, payer_type=payer_type_for(name), payer_code=code)
            )
        except (ValueError, RcmError) as exc:
            raise RowRejected("bad_payer", f"payer {name!r} (id {code!r}) cannot be created: {exc}") from exc
        ref = PayerRef(payer.id, payer.name)
        self.payer_names[payer.id] = payer.name
        self.payers.put(f"code:{code}", ref)
        self.payers.put(f"name:{name.casefold()}", ref)
        return ref

    def _billing(self, session: Session, rec: ImportRecord) -> uuid.UUID:
        if rec.billing_npi:
            return self._provider(
                session, rec.billing_npi, rec.billing_name, rec.billing_tax_id, billing=True
            )
        return self.billing[0]

    def _rendering(self, session: Session, rec: ImportRecord) -> uuid.UUID | None:
        if not rec.rendering_npi:
            return None
        return self._provider(session, rec.rendering_npi, rec.rendering_name, None, billing=False)

    def _provider(
        self, session: Session, npi: str, name: str | None, tax_id: str | None, *, billing: bool
    ) -> uuid.UUID:
        found = self.providers.get(npi)
        if found is not None:
            return found
        role = "billing" if billing else "rendering"
        data = _provider_data(npi, name, tax_id, billing=billing)
        try:
            created = providers.create_provider(session, self.ctx, ProviderCreate(**data))
        except (ValueError, RcmError) as exc:
            raise RowRejected("bad_provider", f"{role} provider NPI {npi} cannot be created: {exc}") from exc
        self.providers.put(npi, created.id)
        return created.id

    def _patient(self, rec: ImportRecord, rows: BatchRows) -> uuid.UUID:
        number = rec.patient_account or generated_account(rec)
        found = self.patients.get(number)
        if found is not None:
            return found
        patient_id = rows.patient(rec, number)
        self.patients.put(number, patient_id)
        return patient_id

    def _coverage(
        self, rec: ImportRecord, patient_id: uuid.UUID, payer_id: uuid.UUID, rows: BatchRows
    ) -> uuid.UUID | None:
        found = self.coverages.get((patient_id, payer_id))
        if found is not None or not rec.member_id:
            return found
        used = self.priorities.get(patient_id) or ()
        free = next((p for p in PRIORITIES if p not in used), None)
        if free is None:
            return None
        coverage_id = rows.coverage(patient_id, payer_id, rec.member_id, free)
        self.coverages.put((patient_id, payer_id), coverage_id)
        self.priorities.put(patient_id, (*used, free))
        return coverage_id


def _provider_data(npi: str, name: str | None, tax_id: str | None, *, billing: bool) -> dict[str, object]:
    if billing:
        digits = (tax_id or "").replace("-", "").strip()
        return {
            "entity_type": ProviderEntity.organization,
            "name": name or f"Billing NPI {npi}",
            "npi": npi,
            "tax_id": digits,
            "is_billing": True,
        }
    last, _, first = (name or "").partition(",")
    return {
        "entity_type": ProviderEntity.person,
        "name": last.strip()[:60] or f"NPI {npi}",
        "first_name": first.strip()[:35] or "Unknown",
        "npi": npi,
    }
