"""Roles and permissions as data: one table of (action, role) -> allowed, from SPEC section 5.

Read the table row by row: an `x` means the role may perform the action. The hard rules of
the spec (submit and appeal need level >= 70, write-off approval needs >= 80) are checked
against the table at import, so an edit that breaks them fails loudly.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    patient = "patient"
    front_desk = "front_desk"
    ma_rn = "ma_rn"
    biller = "biller"
    clinician = "clinician"
    billing_manager = "billing_manager"
    practice_admin = "practice_admin"
    schema_admin = "schema_admin"


ROLE_LEVELS: dict[Role, int] = {
    Role.patient: 10,
    Role.front_desk: 30,
    Role.ma_rn: 40,
    Role.biller: 50,
    Role.clinician: 60,
    Role.billing_manager: 70,
    Role.practice_admin: 80,
    Role.schema_admin: 90,
}


class Action(StrEnum):
    claims_read = "claims.read"
    claims_read_own = "claims.read_own"
    claims_write = "claims.write"
    claims_scrub = "claims.scrub"
    claims_sign_off = "claims.sign_off"
    claims_submit = "claims.submit"
    claims_void = "claims.void"
    claims_record_outcome = "claims.record_outcome"
    patients_read = "patients.read"
    patients_write = "patients.write"
    providers_read = "providers.read"
    providers_write = "providers.write"
    payers_read = "payers.read"
    payers_write = "payers.write"
    encounters_read = "encounters.read"
    encounters_write = "encounters.write"
    payments_read = "payments.read"
    payments_read_own = "payments.read_own"
    payments_post_manual = "payments.post_manual"
    payments_post_era = "payments.post_era"
    payments_adjust = "payments.adjust"
    payments_void = "payments.void"
    denials_read = "denials.read"
    denials_write = "denials.write"
    appeals_submit = "appeals.submit"
    writeoffs_request = "writeoffs.request"
    writeoffs_approve = "writeoffs.approve"
    statements_read = "statements.read"
    statements_read_own = "statements.read_own"
    statements_generate = "statements.generate"
    statements_pay = "statements.pay"
    workqueues_work = "workqueues.work"
    analytics_read = "analytics.read"
    batches_read = "batches.read"
    imports_run = "imports.run"
    audit_read = "audit.read"
    audit_verify = "audit.verify"
    ledger_check = "ledger.check"
    rulepacks_write = "rulepacks.write"
    org_configure = "org.configure"
    users_manage = "users.manage"


_COLUMNS = ("pt", "fd", "ma", "bil", "cli", "bm", "pa", "sa")
_ROLE_OF_COLUMN = dict(zip(_COLUMNS, Role, strict=True))

# fmt: off
_TABLE = """
action                   pt  fd  ma  bil cli bm  pa  sa
claims.read              .   x   x   x   x   x   x   x
claims.read_own          x   .   .   .   .   .   .   .
claims.write             .   .   .   x   .   x   x   x
claims.scrub             .   .   .   x   .   x   x   x
claims.sign_off          .   .   .   .   x   .   x   x
claims.submit            .   .   .   .   .   x   x   x
claims.void              .   .   .   .   .   x   x   x
claims.record_outcome    .   .   .   x   .   x   x   x
patients.read            .   x   x   x   x   x   x   x
patients.write           .   x   .   x   .   x   x   x
providers.read           .   x   x   x   x   x   x   x
providers.write          .   .   .   .   .   .   x   x
payers.read              .   x   x   x   x   x   x   x
payers.write             .   .   .   .   .   .   x   x
encounters.read          .   x   x   x   x   x   x   x
encounters.write         .   x   .   x   x   x   x   x
payments.read            .   x   x   x   x   x   x   x
payments.read_own        x   .   .   .   .   .   .   .
payments.post_manual     .   x   .   x   .   x   x   x
payments.post_era        .   .   .   x   .   x   x   x
payments.adjust          .   .   .   .   .   x   x   x
payments.void            .   .   .   .   .   x   x   x
denials.read             .   x   x   x   x   x   x   x
denials.write            .   .   .   x   .   x   x   x
appeals.submit           .   .   .   .   .   x   x   x
writeoffs.request        .   .   .   x   .   x   x   x
writeoffs.approve        .   .   .   .   .   .   x   x
statements.read          .   x   x   x   x   x   x   x
statements.read_own      x   .   .   .   .   .   .   .
statements.generate      .   x   .   x   .   x   x   x
statements.pay           x   x   .   x   .   x   x   x
workqueues.work          .   .   .   x   .   x   x   x
analytics.read           .   .   .   x   x   x   x   x
batches.read             .   .   .   x   .   x   x   x
imports.run              .   .   .   x   .   x   x   x
audit.read               .   .   .   .   .   x   x   x
audit.verify             .   .   .   .   .   .   x   x
ledger.check             .   .   .   .   .   x   x   x
rulepacks.write          .   .   .   .   .   .   x   x
org.configure            .   .   .   .   .   .   x   x
users.manage             .   .   .   .   .   .   x   x
"""
# fmt: on


def _parse(table: str) -> dict[Action, frozenset[Role]]:
    lines = [line.split() for line in table.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    if tuple(header[1:]) != _COLUMNS:
        raise ValueError(f"permission table header must be {_COLUMNS}")
    parsed: dict[Action, frozenset[Role]] = {}
    for row in rows:
        action, marks = Action(row[0]), row[1:]
        if len(marks) != len(_COLUMNS) or set(marks) - {"x", "."}:
            raise ValueError(f"permission row {action} must have one x or . per role")
        parsed[action] = frozenset(
            _ROLE_OF_COLUMN[c] for c, m in zip(_COLUMNS, marks, strict=True) if m == "x"
        )
    missing = set(Action) - set(parsed)
    if missing:
        raise ValueError(f"permission table misses actions: {sorted(missing)}")
    return parsed


PERMISSIONS: dict[Action, frozenset[Role]] = _parse(_TABLE)

# Hard rules of SPEC section 5; the table may never contradict them.
MINIMUM_LEVEL: dict[Action, int] = {
    Action.claims_submit: 70,
    Action.appeals_submit: 70,
    Action.writeoffs_approve: 80,
    Action.rulepacks_write: 80,
}


def _check_hard_rules() -> None:
    for action, minimum in MINIMUM_LEVEL.items():
        too_low = [r for r in PERMISSIONS[action] if ROLE_LEVELS[r] < minimum]
        if too_low:
            raise ValueError(f"{action} needs level >= {minimum}; table grants it to {too_low}")


_check_hard_rules()


def is_allowed(role: Role, action: Action) -> bool:
    return role in PERMISSIONS[action] and ROLE_LEVELS[role] >= MINIMUM_LEVEL.get(action, 0)
