"""Scrub findings, rule packs stored per org (and per payer), prior-auth lists, and the reference
code sets loaded from customer/CMS files (NCCI PTP pairs, MUE limits, HCPCS, licensed CPT).

The code-set tables are reference data of the deployment, not of a tenant: they carry no
`org_id` (CMS publishes one set for everybody) and are loaded by an operator with `rcm codesets`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rcm.db import Base, OrgScoped, utcnow


class ScrubFinding(Base, OrgScoped):
    __tablename__ = "scrub_findings"
    __table_args__ = (Index("ix_scrub_findings_org_claim", "org_id", "claim_id", "run_id"),)

    claim_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("claims.id"))
    run_id: Mapped[uuid.UUID]
    rule_id: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(8))
    line_number: Mapped[int | None] = mapped_column(default=None)
    field: Mapped[str] = mapped_column(String(80), default="")
    message: Mapped[str] = mapped_column(String(1000))
    fix_hint: Mapped[str] = mapped_column(String(1000), default="")
    carc: Mapped[str] = mapped_column(String(5), default="")


class RulePackRecord(Base, OrgScoped):
    """A YAML rule pack of an organization (all payers, or one payer); each save is a new version."""

    __tablename__ = "rule_packs"
    __table_args__ = (UniqueConstraint("org_id", "name", "version"),)

    name: Mapped[str] = mapped_column(String(80))
    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    version: Mapped[int] = mapped_column(default=1)
    content: Mapped[str] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(default=True)


class PriorAuthRequirement(Base, OrgScoped):
    """Procedure codes a payer (or every payer of a type) authorizes in advance."""

    __tablename__ = "prior_auth_requirements"

    payer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("payers.id"), default=None)
    payer_type: Mapped[str] = mapped_column(String(24), default="")
    procedure_code: Mapped[str] = mapped_column(String(5))
    effective_from: Mapped[date | None] = mapped_column(default=None)
    effective_to: Mapped[date | None] = mapped_column(default=None)


class NcciEdit(Base):
    __tablename__ = "ncci_edits"
    __table_args__ = (Index("ix_ncci_edits_pair", "column1", "column2"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    column1: Mapped[str] = mapped_column(String(5))
    column2: Mapped[str] = mapped_column(String(5))
    effective: Mapped[date]
    deletion: Mapped[date | None] = mapped_column(default=None)
    modifier_indicator: Mapped[int]
    source: Mapped[str] = mapped_column(String(120), default="")


class MueRecord(Base):
    __tablename__ = "mue_limits"
    __table_args__ = (Index("ix_mue_limits_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(5))
    max_units: Mapped[int]
    adjudication_indicator: Mapped[int]
    effective: Mapped[date | None] = mapped_column(default=None)
    source: Mapped[str] = mapped_column(String(120), default="")


class HcpcsCode(Base):
    __tablename__ = "hcpcs_codes"
    __table_args__ = (Index("ix_hcpcs_codes_code", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(5))
    is_modifier: Mapped[bool] = mapped_column(default=False)
    short_description: Mapped[str] = mapped_column(String(60), default="")
    added: Mapped[date | None] = mapped_column(default=None)
    action_effective: Mapped[date | None] = mapped_column(default=None)
    terminated: Mapped[date | None] = mapped_column(default=None)
    action_code: Mapped[str] = mapped_column(String(2), default="")


class LicensedCptCode(Base):
    """Codes only, from a customer's licensed AMA file; never descriptors."""

    __tablename__ = "cpt_codes"

    code: Mapped[str] = mapped_column(String(5), primary_key=True)


class CodeSetLoad(Base):
    """Each file loaded into a code set: what, from where, when, how many rows."""

    __tablename__ = "code_set_loads"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(255))
    effective_from: Mapped[date | None] = mapped_column(default=None)
    rows: Mapped[int] = mapped_column(default=0)
    storage_key: Mapped[str] = mapped_column(String(255), default="")
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow)
