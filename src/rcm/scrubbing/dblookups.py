"""Lookups for a batch of claims, prefetched from the database in a handful of queries.

Every reference the batch can need (NCCI pairs among its codes, MUE limits, HCPCS and licensed
CPT codes, the org's prior-auth lists, lines already at a payer for the same patients and dates,
payer filing limits) is read once, then served from memory by the engine's in-memory lookups.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from rcm import files
from rcm.codesets.filing_limits import FilingLimits
from rcm.codesets.hcpcs import HcpcsCodeSet, HcpcsRecord
from rcm.codesets.icd10 import Icd10CodeSet, Icd10Release, default_icd10_codeset, parse_cdc_code_file
from rcm.codesets.mue import MueLimit
from rcm.codesets.ncci import NcciPtpEdit
from rcm.payers.models import Payer
from rcm.scrubbing.context import ClaimContext
from rcm.scrubbing.lookups import (
    DuplicateMatch,
    InMemoryMue,
    InMemoryNcci,
    InMemoryPriorAuth,
    InMemoryProcedureCodes,
    Lookups,
    PriorAuthList,
)
from rcm.scrubbing.repository import CodeSetRepository, DuplicateRepository, PriorAuthRepository
from rcm.tenancy import AuthContext

DuplicateKey = tuple[str, str, str, date, str]


class KnownLines:
    """Lines already at a payer, keyed (patient, rendering provider, payer id, date, code)."""

    def __init__(self, rows: Sequence[Any], payer_codes: dict[uuid.UUID, str]) -> None:
        self._claims: dict[DuplicateKey, set[str]] = {}
        for claim_id, patient, rendering, payer, day, code in rows:
            key = (str(patient), str(rendering), payer_codes.get(payer, ""), day, code)
            self._claims.setdefault(key, set()).add(str(claim_id))

    def find_duplicates(self, claim: ClaimContext) -> Sequence[DuplicateMatch]:
        found = []
        for line in claim.lines:
            key = (
                claim.patient_id or "",
                claim.rendering_provider_id or "",
                claim.payer_id,
                line.service_date,
                line.procedure_code,
            )
            others = sorted(self._claims.get(key, set()) - {claim.claim_id})
            if others:
                found.append(DuplicateMatch(line.line_number, others[0]))
        return found


@lru_cache(maxsize=8)
def _icd10(loads: tuple[tuple[str, date, str], ...]) -> Icd10CodeSet:
    """The packaged releases plus every CDC file an operator loaded (cached per set of loads)."""
    codeset = default_icd10_codeset()
    for label, effective_from, key in loads:
        billable = parse_cdc_code_file(files.read(key).decode("latin-1").splitlines())
        codeset = codeset.with_release(Icd10Release(label, effective_from), billable)
    return codeset


def icd10_codeset(session: Session) -> Icd10CodeSet:
    loads = CodeSetRepository(session).loads("icd10")
    return _icd10(tuple((ld.source, ld.effective_from, ld.storage_key) for ld in loads if ld.effective_from))


def _procedures(repo: CodeSetRepository, codes: Collection[str]) -> InMemoryProcedureCodes:
    hcpcs = None
    if repo.has_hcpcs():
        hcpcs = HcpcsCodeSet(
            HcpcsRecord(
                r.code,
                r.is_modifier,
                r.short_description,
                r.added,
                r.action_effective,
                r.terminated,
                r.action_code,
            )
            for r in repo.hcpcs_for(codes)
        )
    return InMemoryProcedureCodes(hcpcs, repo.cpt_known(codes))


def _prior_auth(session: Session, ctx: AuthContext, payers: dict[uuid.UUID, Payer]) -> InMemoryPriorAuth:
    lists = [
        PriorAuthList(
            codes=frozenset({r.procedure_code}),
            payer_ids=frozenset({payers[r.payer_id].payer_code}) if r.payer_id in payers else frozenset(),
            payer_types=frozenset({r.payer_type}) if r.payer_type else frozenset(),
            effective_from=r.effective_from,
            effective_to=r.effective_to,
        )
        for r in PriorAuthRepository(session, ctx).all()
    ]
    return InMemoryPriorAuth(lists)


def prefetch(
    session: Session, ctx: AuthContext, contexts: Sequence[ClaimContext], payers: dict[uuid.UUID, Payer]
) -> Lookups:
    codes = {line.procedure_code for c in contexts for line in c.lines}
    repo = CodeSetRepository(session)
    ncci = (
        [
            NcciPtpEdit(e.column1, e.column2, e.effective, e.deletion, e.modifier_indicator)
            for e in repo.ncci_among(codes)
        ]
        if codes
        else []
    )
    mue = (
        [
            MueLimit(r.code, r.max_units, r.adjudication_indicator, effective=r.effective)
            for r in repo.mue_for(codes)
        ]
        if codes
        else []
    )
    patients = {uuid.UUID(c.patient_id) for c in contexts if c.patient_id}
    days = {line.service_date for c in contexts for line in c.lines}
    rows = DuplicateRepository(session, ctx).live_lines(patients, days) if patients else []
    return Lookups(
        icd10=icd10_codeset(session),
        procedures=_procedures(repo, codes),
        ncci=InMemoryNcci(ncci),
        mue=InMemoryMue(mue),
        prior_auth=_prior_auth(session, ctx, payers),
        duplicates=KnownLines(rows, {p.id: p.payer_code for p in payers.values()}),
        filing_limits=FilingLimits(
            {p.payer_code: p.timely_filing_days for p in payers.values() if p.timely_filing_days}
        ),
    )
