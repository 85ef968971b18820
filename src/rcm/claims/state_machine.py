"""The claim lifecycle of SPEC section 4 as data. Pure: no session, no settings.

Every status change in the product goes through `next_status`; an event that is not in the
table for the current status raises `IllegalClaimTransition` naming the allowed events.
"""

from __future__ import annotations

from enum import StrEnum

from rcm.errors import Conflict


class ClaimStatus(StrEnum):
    draft = "Draft"
    scrubbed = "Scrubbed"
    submitted = "Submitted"
    rejected = "Rejected"
    accepted = "Accepted"
    denied = "Denied"
    paid = "Paid"
    partially_paid = "PartiallyPaid"
    written_off = "WrittenOff"
    voided = "Voided"


class ClaimEvent(StrEnum):
    scrub_passed = "scrub_passed"
    edit = "edit"
    submit = "submit"
    reject = "reject"
    correct = "correct"
    accept = "accept"
    deny = "deny"
    pay_full = "pay_full"
    pay_partial = "pay_partial"
    write_off = "write_off"
    resubmit = "resubmit"
    cancel = "cancel"
    reverse = "reverse"


S, E = ClaimStatus, ClaimEvent

TRANSITIONS: dict[tuple[ClaimStatus, ClaimEvent], ClaimStatus] = {
    (S.draft, E.scrub_passed): S.scrubbed,
    (S.draft, E.cancel): S.voided,
    # Editing a scrubbed claim invalidates the scrub: back to Draft.
    (S.scrubbed, E.edit): S.draft,
    (S.scrubbed, E.submit): S.submitted,
    (S.scrubbed, E.cancel): S.voided,
    # 999 / 277CA A3-A8: the claim never reached adjudication (a rejection is not a denial).
    (S.submitted, E.reject): S.rejected,
    (S.submitted, E.accept): S.accepted,
    (S.submitted, E.deny): S.denied,
    (S.rejected, E.correct): S.draft,
    (S.accepted, E.pay_full): S.paid,
    (S.accepted, E.pay_partial): S.partially_paid,
    (S.accepted, E.deny): S.denied,
    (S.partially_paid, E.pay_full): S.paid,
    (S.partially_paid, E.write_off): S.written_off,
    # CLP02=22 on an ERA reverses a prior payment: reopen the claim for the corrected payment.
    (S.partially_paid, E.reverse): S.accepted,
    (S.paid, E.reverse): S.accepted,
    (S.denied, E.resubmit): S.submitted,
    (S.denied, E.write_off): S.written_off,
    # The payer reprocessed its own denial (a reversal, or a payment on a denied claim).
    (S.denied, E.reverse): S.accepted,
}

TERMINAL: frozenset[ClaimStatus] = frozenset({S.paid, S.written_off, S.voided})


class IllegalClaimTransition(Conflict):
    """409: the event is not allowed from the claim's current status."""


def allowed_events(status: ClaimStatus) -> dict[ClaimEvent, ClaimStatus]:
    return {event: to for (frm, event), to in TRANSITIONS.items() if frm is status}


def next_status(status: ClaimStatus, event: ClaimEvent) -> ClaimStatus:
    target = TRANSITIONS.get((status, event))
    if target is None:
        allowed = allowed_events(status)
        names = ", ".join(f"{e.value} -> {s.value}" for e, s in allowed.items()) or "none (terminal)"
        raise IllegalClaimTransition(
            f"cannot {event.value} a claim that is {status.value}; allowed: {names}",
            status=status.value,
            event=event.value,
            allowed_events=[e.value for e in allowed],
            allowed_next_states=sorted({s.value for s in allowed.values()}),
        )
    return target
