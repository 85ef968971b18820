"""Built-in edits: one module per edit, each a pure `check(claim, lookups) -> list[Finding]`.

Registered here in evaluation order; `BUILTIN_RULE_IDS` are reserved and cannot be taken by a
pack rule (a pack can still switch one off with `disable`).
"""

from __future__ import annotations

from rcm.scrubbing.rules import (
    charges_units,
    diagnoses,
    duplicates,
    icd10_validity,
    modifiers,
    mue_units,
    ncci_ptp,
    npi_taxonomy,
    place_of_service,
    prior_auth,
    procedure_codes,
    required_fields,
    timely_filing,
)
from rcm.scrubbing.rules.base import BuiltinEdit, Check

BUILTIN_EDITS: tuple[BuiltinEdit, ...] = (
    required_fields.EDIT,
    timely_filing.EDIT,
    charges_units.EDIT,
    npi_taxonomy.EDIT,
    place_of_service.EDIT,
    diagnoses.EDIT,
    icd10_validity.EDIT,
    procedure_codes.EDIT,
    modifiers.EDIT,
    ncci_ptp.EDIT,
    mue_units.EDIT,
    prior_auth.EDIT,
    duplicates.EDIT,
)
BUILTIN_RULE_IDS: frozenset[str] = frozenset(rule_id for edit in BUILTIN_EDITS for rule_id in edit.rule_ids)

__all__ = ["BUILTIN_EDITS", "BUILTIN_RULE_IDS", "BuiltinEdit", "Check"]
