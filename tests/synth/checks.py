"""Invariant checks over generated (or loaded) rows; each returns the problems it found."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from rcm.claims.state_machine import ClaimEvent, ClaimStatus, next_status

MONEY = ("charge_cents", "allowed_cents", "paid_cents", "patient_responsibility_cents", "adjustment_cents")
Rows = list[dict[str, Any]]


def _sums(rows: Rows, key: str, *, where: Any = None) -> dict[Any, int]:
    out: dict[Any, int] = defaultdict(int)
    for row in rows:
        if where is None or where(row):
            out[row[key]] += row["amount_cents"]
    return out


def money_problems(
    claims: Rows, lines: Rows, payments: Rows, adjustments: Rows, write_offs: Rows
) -> list[str]:
    problems: list[str] = []
    by_claim: dict[uuid.UUID, Rows] = defaultdict(list)
    for line in lines:
        by_claim[line["claim_id"]].append(line)
        settled = line["paid_cents"] + line["adjustment_cents"] + line["patient_responsibility_cents"]
        if min(line[m] for m in MONEY) < 0 or settled > line["charge_cents"]:
            problems.append(f"line {line['id']}: charge {line['charge_cents']} < settled {settled}")
    paid = _sums(payments, "claim_id")
    applied = _sums(adjustments, "claim_id", where=lambda a: a["kind"] == "contractual")
    patient = _sums(adjustments, "claim_id", where=lambda a: a["kind"] == "patient")
    written = _sums(write_offs, "claim_id")
    for claim in claims:
        cid = claim["id"]
        total = claim["paid_cents"] + claim["adjustment_cents"] + claim["patient_responsibility_cents"]
        if claim["charge_cents"] != total + claim["balance_cents"] or claim["balance_cents"] < 0:
            problems.append(f"claim {cid}: charge != paid + adjustments + PR + balance")
        for column in MONEY:
            if claim[column] != sum(line[column] for line in by_claim[cid]):
                problems.append(f"claim {cid}: {column} != sum of its lines")
        if paid.get(cid, 0) != claim["paid_cents"]:
            problems.append(f"claim {cid}: payments {paid.get(cid, 0)} != paid {claim['paid_cents']}")
        if applied.get(cid, 0) + written.get(cid, 0) != claim["adjustment_cents"]:
            problems.append(f"claim {cid}: applied adjustments + write-offs != adjustment_cents")
        if patient.get(cid, 0) != claim["patient_responsibility_cents"]:
            problems.append(f"claim {cid}: PR adjustments != patient_responsibility_cents")
        if claim.get("written_off_cents", written.get(cid, 0)) != written.get(cid, 0):
            problems.append(f"claim {cid}: written_off_cents != its applied write-offs")
    return problems


def open_denied_problems(claims: Rows, denials: Rows) -> list[str]:
    """`claims.open_denied_cents`: the open, non-PR denial amounts (when the column exists)."""
    open_denied: dict[Any, int] = defaultdict(int)
    for denial in denials:
        if denial["is_open"] and denial["group_code"] != "PR":
            open_denied[denial["claim_id"]] += denial["amount_cents"]
    return [
        f"claim {c['id']}: open_denied_cents {c['open_denied_cents']} != {open_denied.get(c['id'], 0)}"
        for c in claims
        if "open_denied_cents" in c and c["open_denied_cents"] != open_denied.get(c["id"], 0)
    ]


def line_adjustment_problems(lines: Rows, adjustments: Rows, write_offs: Rows) -> list[str]:
    """Line-level CAS rows explain each line's PR exactly, and its adjustments unless written off."""
    written = {w["claim_id"] for w in write_offs}
    patient = _sums(adjustments, "claim_line_id", where=lambda a: a["kind"] == "patient")
    applied = _sums(adjustments, "claim_line_id", where=lambda a: a["kind"] == "contractual")
    problems = []
    for line in lines:
        if patient.get(line["id"], 0) != line["patient_responsibility_cents"]:
            problems.append(f"line {line['id']}: PR rows != patient_responsibility_cents")
        if line["claim_id"] not in written and applied.get(line["id"], 0) != line["adjustment_cents"]:
            problems.append(f"line {line['id']}: applied rows != adjustment_cents")
    return problems


def replay(path: str) -> tuple[ClaimStatus, dict[str, int]]:
    """Walk a recorded event path from Draft through the state machine, counting as lifecycle does."""
    status, counts = ClaimStatus.draft, {"submission_count": 0, "rejection_count": 0, "adjudication_count": 0}
    for name in filter(None, path.split(",")):
        event = ClaimEvent(name)
        status = next_status(status, event)
        if event in (ClaimEvent.submit, ClaimEvent.resubmit):
            counts["submission_count"] += 1
        elif event is ClaimEvent.reject:
            counts["rejection_count"] += 1
        elif event in (ClaimEvent.deny, ClaimEvent.pay_full, ClaimEvent.pay_partial):
            counts["adjudication_count"] += 1
    return status, counts


def lifecycle_problems(claims: Rows, events: Rows) -> list[str]:
    problems = []
    by_id = {e["claim_id"]: e for e in events}
    for claim in claims:
        status, counts = replay(by_id[claim["id"]]["path"])
        if status.value != claim["status"]:
            problems.append(f"claim {claim['id']}: path ends {status.value}, row says {claim['status']}")
        for key, value in counts.items():
            if claim[key] != value:
                problems.append(f"claim {claim['id']}: {key} {claim[key]} != {value} from its path")
        problems += _timestamp_problems(claim)
    return problems


def _timestamp_problems(claim: dict[str, Any]) -> list[str]:
    cid, status = claim["id"], claim["status"]
    problems = []
    if (claim["submission_count"] > 0) != (claim["first_submitted_at"] is not None):
        problems.append(f"claim {cid}: first_submitted_at vs submission_count")
    if claim["first_submitted_at"] and claim["first_submitted_at"] > claim["submitted_at"]:
        problems.append(f"claim {cid}: first submission after the last one")
    if (claim["adjudication_count"] > 0) != (claim["adjudicated_at"] is not None):
        problems.append(f"claim {cid}: adjudicated_at vs adjudication_count")
    if claim["paid_cents"] > 0 and claim["last_payment_at"] is None:
        problems.append(f"claim {cid}: paid without last_payment_at")
    if claim["created_at"] > claim["updated_at"]:
        problems.append(f"claim {cid}: created after its last update")
    if status in ("Paid", "WrittenOff") and claim["balance_cents"] != 0:
        problems.append(f"claim {cid}: {status} with an open balance")
    settled = claim["paid_cents"] + claim["patient_responsibility_cents"]
    if status == "PartiallyPaid" and not (claim["balance_cents"] > 0 and settled > 0):
        problems.append(f"claim {cid}: PartiallyPaid needs something settled and an open balance")
    if status in ("Draft", "Scrubbed", "Submitted", "Rejected", "Voided") and claim["paid_cents"]:
        problems.append(f"claim {cid}: {status} with a payment")
    return problems
