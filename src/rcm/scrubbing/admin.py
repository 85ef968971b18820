"""Rule packs and prior-auth lists an organization maintains, and the code sets an operator loads."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rcm import files, records
from rcm.codesets.hcpcs import parse_hcpcs_file
from rcm.codesets.icd10 import parse_cdc_code_file
from rcm.codesets.mue import parse_mue_file
from rcm.codesets.ncci import parse_ptp_file
from rcm.codesets.procedure_codes import parse_cpt_code_list
from rcm.errors import BusinessRuleViolation, InvalidInput, NotFound
from rcm.payers import service as payers
from rcm.scrubbing.models import (
    HcpcsCode,
    LicensedCptCode,
    MueRecord,
    NcciEdit,
    PriorAuthRequirement,
    RulePackRecord,
)
from rcm.scrubbing.packs import load_pack
from rcm.scrubbing.repository import CodeSetRepository, PriorAuthRepository, RulePackRepository
from rcm.tenancy import AuthContext


class PackPayerMismatch(BusinessRuleViolation):
    """A payer's pack must select that payer (pack-level `payer: {ids: [...]}`)."""


def save_pack(
    session: Session, ctx: AuthContext, name: str, content: str, payer_id: uuid.UUID | None
) -> RulePackRecord:
    """Validate (RulePackInvalid, 422, names the rule and position) and store as the next version."""
    repo = RulePackRepository(session, ctx)
    previous = repo.latest_version(name)
    version = previous.version + 1 if previous else 1
    pack = load_pack(content, f"{name} v{version}")
    if payer_id is not None:
        payer = payers.get_payer(session, ctx, payer_id)
        if payer.payer_code not in pack.payer.payer_ids:
            raise PackPayerMismatch(
                f"the pack for {payer.name} must select it: `payer: {{ids: [{payer.payer_code}]}}`",
                payer_code=payer.payer_code,
            )
    repo.deactivate(name)
    row = RulePackRecord(name=name, payer_id=payer_id, version=version, content=content, is_active=True)
    return records.create(session, ctx, repo, row, "rule_pack.saved")


def list_packs(session: Session, ctx: AuthContext) -> list[RulePackRecord]:
    return RulePackRepository(session, ctx).active()


def get_pack(session: Session, ctx: AuthContext, name: str) -> RulePackRecord:
    found = RulePackRepository(session, ctx).latest_version(name)
    if found is None:
        raise NotFound(f"rule pack {name} not found", name=name)
    return found


def deactivate_pack(session: Session, ctx: AuthContext, name: str) -> RulePackRecord:
    pack = get_pack(session, ctx, name)
    return records.update(session, ctx, pack, {"is_active": False}, "rule_pack.deactivated")


def add_prior_auth(session: Session, ctx: AuthContext, values: dict[str, Any]) -> PriorAuthRequirement:
    if values.get("payer_id"):
        payers.get_payer(session, ctx, values["payer_id"])
    elif not values.get("payer_type"):
        raise InvalidInput("give a payer_id or a payer_type")
    row = PriorAuthRequirement(**values)
    return records.create(session, ctx, PriorAuthRepository(session, ctx), row, "prior_auth.added")


def list_prior_auth(session: Session, ctx: AuthContext) -> list[PriorAuthRequirement]:
    return PriorAuthRepository(session, ctx).all()


# -- code sets (operator, CLI) --------------------------------------------------------------------


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="latin-1") as handle:
        yield from handle


def _load(
    session: Session,
    kind: str,
    path: Path,
    model: type[Any],
    rows: Iterable[dict[str, Any]],
    effective_from: date | None = None,
) -> int:
    repo = CodeSetRepository(session)
    count = repo.replace(model, rows)
    if count == 0:
        raise InvalidInput(f"{path.name}: no {kind} rows found", kind=kind)
    repo.record_load(kind, path.name, count, effective_from, "")
    return count


def load_ncci(session: Session, path: Path) -> int:
    rows = ({**asdict(e), "source": path.name} for e in parse_ptp_file(_lines(path), path.name))
    return _load(
        session, "ncci", path, NcciEdit, ({k: v for k, v in r.items() if k != "rationale"} for r in rows)
    )


def load_mue(session: Session, path: Path, effective: date | None) -> int:
    parsed = parse_mue_file(_lines(path), effective=effective, source=path.name)
    rows = (
        {
            "code": m.code,
            "max_units": m.max_units,
            "adjudication_indicator": m.adjudication_indicator,
            "effective": m.effective,
            "source": path.name,
        }
        for m in parsed
    )
    return _load(session, "mue", path, MueRecord, rows, effective)


def load_hcpcs(session: Session, path: Path) -> int:
    rows = (
        {**asdict(r), "short_description": r.short_description[:60]} for r in parse_hcpcs_file(_lines(path))
    )
    return _load(session, "hcpcs", path, HcpcsCode, rows)


def load_cpt(session: Session, path: Path) -> int:
    """Codes only from a customer's licensed file; descriptors are dropped, never stored."""
    return _load(
        session,
        "cpt",
        path,
        LicensedCptCode,
        ({"code": c} for c in sorted(set(parse_cpt_code_list(_lines(path))))),
    )


def load_icd10(session: Session, path: Path, effective_from: date) -> int:
    """Keep the CDC file in the file store; the scrubber adds it as a release valid from `effective_from`."""
    content = path.read_bytes()
    billable = parse_cdc_code_file(content.decode("latin-1").splitlines())
    if not billable:
        raise InvalidInput(f"{path.name}: no ICD-10-CM codes found (expected a CDC codes or CMS order file)")
    stored = files.store(uuid.UUID(int=0), path.name, content)
    CodeSetRepository(session).record_load("icd10", path.stem, len(billable), effective_from, stored.key)
    return len(billable)
