"""What the built-in edits need from reference data, as protocols, plus in-memory versions.

The service layer implements these against the database (indexed NCCI/MUE/HCPCS tables, the
claims table for duplicates). Every protocol is asked once per claim with all of the claim's
codes, so a database implementation needs one query per lookup per claim, not one per line.
The in-memory versions index everything in dicts up front; tests and the benchmark use them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from rcm.codesets.filing_limits import FilingLimits
from rcm.codesets.hcpcs import CodeStatus, HcpcsCodeSet
from rcm.codesets.icd10 import Icd10Check, default_icd10_codeset
from rcm.codesets.mue import MueLimit
from rcm.codesets.ncci import NcciPtpEdit
from rcm.codesets.procedure_codes import ProcedureCodeKind, procedure_code_kind
from rcm.scrubbing.context import ClaimContext


class Icd10Lookup(Protocol):
    def check(self, code: str, service_date: date) -> Icd10Check: ...


class ProcedureCodeLookup(Protocol):
    def status(self, code: str, service_date: date) -> CodeStatus:
        """UNCHECKED when no loaded file covers the code's family (e.g. no licensed CPT file)."""
        ...


class NcciLookup(Protocol):
    def edits_among(self, codes: Collection[str], service_date: date) -> Sequence[NcciPtpEdit]:
        """Active PTP edits whose column 1 and column 2 codes are both in `codes`."""
        ...


class MueLookup(Protocol):
    def limits_for(self, codes: Collection[str], service_date: date) -> Mapping[str, MueLimit]: ...


class PriorAuthLookup(Protocol):
    def codes_requiring_authorization(
        self, payer_id: str, payer_type: str, codes: Collection[str], service_date: date
    ) -> frozenset[str]: ...


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    line_number: int
    other_claim_id: str


class DuplicateLookup(Protocol):
    def find_duplicates(self, claim: ClaimContext) -> Sequence[DuplicateMatch]:
        """Lines already submitted on another live claim: same patient, rendering provider, payer,
        date of service and procedure code."""
        ...


class FilingLimitLookup(Protocol):
    def filing_limit_days(self, payer_id: str, payer_type: str) -> int | None: ...


class InMemoryProcedureCodes:
    def __init__(self, hcpcs: HcpcsCodeSet | None = None, cpt_codes: Collection[str] | None = None) -> None:
        self._hcpcs = hcpcs
        self._cpt = frozenset(cpt_codes) if cpt_codes is not None else None

    def status(self, code: str, service_date: date) -> CodeStatus:
        kind = procedure_code_kind(code)
        if kind is ProcedureCodeKind.HCPCS_LEVEL_II:
            return self._hcpcs.status(code, service_date) if self._hcpcs else CodeStatus.UNCHECKED
        if kind is None or self._cpt is None:
            return CodeStatus.UNCHECKED
        return CodeStatus.VALID if code in self._cpt else CodeStatus.NOT_FOUND


class InMemoryNcci:
    def __init__(self, edits: Iterable[NcciPtpEdit]) -> None:
        self._pairs: dict[tuple[str, str], list[NcciPtpEdit]] = {}
        for edit in edits:
            self._pairs.setdefault((edit.column1, edit.column2), []).append(edit)
        self._column1 = frozenset(pair[0] for pair in self._pairs)

    def edits_among(self, codes: Collection[str], service_date: date) -> Sequence[NcciPtpEdit]:
        found: list[NcciPtpEdit] = []
        for first in codes:
            if first not in self._column1:
                continue
            for second in codes:
                for edit in self._pairs.get((first, second), ()):
                    if edit.active_on(service_date):
                        found.append(edit)
        return found


class InMemoryMue:
    def __init__(self, limits: Iterable[MueLimit]) -> None:
        self._limits = {limit.code: limit for limit in limits}

    def limits_for(self, codes: Collection[str], service_date: date) -> Mapping[str, MueLimit]:
        return {code: self._limits[code] for code in codes if code in self._limits}


@dataclass(frozen=True, slots=True)
class PriorAuthList:
    """Codes a payer (by id) or a payer type requires authorization for, over a date range."""

    codes: frozenset[str]
    payer_ids: frozenset[str] = frozenset()
    payer_types: frozenset[str] = frozenset()
    effective_from: date | None = None
    effective_to: date | None = None

    def applies(self, payer_id: str, payer_type: str, service_date: date) -> bool:
        if self.effective_from and service_date < self.effective_from:
            return False
        if self.effective_to and service_date > self.effective_to:
            return False
        return payer_id in self.payer_ids or payer_type in self.payer_types


class InMemoryPriorAuth:
    def __init__(self, lists: Iterable[PriorAuthList] = ()) -> None:
        self._lists = tuple(lists)

    def codes_requiring_authorization(
        self, payer_id: str, payer_type: str, codes: Collection[str], service_date: date
    ) -> frozenset[str]:
        required: set[str] = set()
        for auth_list in self._lists:
            if auth_list.applies(payer_id, payer_type, service_date):
                required.update(code for code in codes if code in auth_list.codes)
        return frozenset(required)


DuplicateKey = tuple[str | None, str | None, str, date, str]


class InMemoryDuplicates:
    """Remembers submitted claims; `record` is what a submission would do."""

    def __init__(self) -> None:
        self._submitted: dict[DuplicateKey, str] = {}

    @staticmethod
    def _keys(claim: ClaimContext) -> Iterable[tuple[int, DuplicateKey]]:
        for line in claim.lines:
            key = (
                claim.patient_id,
                claim.rendering_provider_id,
                claim.payer_id,
                line.service_date,
                line.procedure_code,
            )
            yield line.line_number, key

    def record(self, claim: ClaimContext) -> None:
        for _, key in self._keys(claim):
            self._submitted.setdefault(key, claim.claim_id)

    def find_duplicates(self, claim: ClaimContext) -> Sequence[DuplicateMatch]:
        matches = []
        for line_number, key in self._keys(claim):
            other = self._submitted.get(key)
            if other is not None and other != claim.claim_id:
                matches.append(DuplicateMatch(line_number, other))
        return matches


@dataclass(frozen=True, slots=True)
class Lookups:
    icd10: Icd10Lookup = field(default_factory=default_icd10_codeset)
    procedures: ProcedureCodeLookup = field(default_factory=InMemoryProcedureCodes)
    ncci: NcciLookup = field(default_factory=lambda: InMemoryNcci(()))
    mue: MueLookup = field(default_factory=lambda: InMemoryMue(()))
    prior_auth: PriorAuthLookup = field(default_factory=InMemoryPriorAuth)
    duplicates: DuplicateLookup = field(default_factory=InMemoryDuplicates)
    filing_limits: FilingLimitLookup = field(default_factory=FilingLimits)
