"""The transition table: every (state, event) pair, allowed ones land right, all others refused."""

from __future__ import annotations

import itertools

import pytest

from rcm.claims.state_machine import (
    TERMINAL,
    TRANSITIONS,
    ClaimEvent,
    ClaimStatus,
    IllegalClaimTransition,
    allowed_events,
    next_status,
)

S, E = ClaimStatus, ClaimEvent

# Written out independently of the module's table, from SPEC section 4 (+ Scrubbed -edit-> Draft
# from the scrubbing issue, and reversals of a partial payment or of a denial by the payer).
EXPECTED = {
    (S.draft, E.scrub_passed): S.scrubbed,
    (S.draft, E.cancel): S.voided,
    (S.scrubbed, E.submit): S.submitted,
    (S.scrubbed, E.cancel): S.voided,
    (S.scrubbed, E.edit): S.draft,
    (S.submitted, E.reject): S.rejected,
    (S.submitted, E.accept): S.accepted,
    (S.submitted, E.deny): S.denied,
    (S.rejected, E.correct): S.draft,
    (S.accepted, E.pay_full): S.paid,
    (S.accepted, E.pay_partial): S.partially_paid,
    (S.accepted, E.deny): S.denied,
    (S.partially_paid, E.pay_full): S.paid,
    (S.partially_paid, E.write_off): S.written_off,
    (S.partially_paid, E.reverse): S.accepted,
    (S.paid, E.reverse): S.accepted,
    (S.denied, E.resubmit): S.submitted,
    (S.denied, E.write_off): S.written_off,
    (S.denied, E.reverse): S.accepted,
}

ALL_PAIRS = list(itertools.product(ClaimStatus, ClaimEvent))


def test_table_matches_the_specification() -> None:
    assert TRANSITIONS == EXPECTED


@pytest.mark.parametrize(("status", "event"), ALL_PAIRS, ids=[f"{s.value}-{e.value}" for s, e in ALL_PAIRS])
def test_every_state_event_pair(status: ClaimStatus, event: ClaimEvent) -> None:
    if (status, event) in EXPECTED:
        assert next_status(status, event) is EXPECTED[(status, event)]
    else:
        with pytest.raises(IllegalClaimTransition) as info:
            next_status(status, event)
        assert info.value.status_code == 409
        assert set(info.value.context["allowed_events"]) == {e.value for (s, e) in EXPECTED if s is status}


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.draft, S.submitted),
        (S.draft, S.paid),
        (S.submitted, S.paid),
        (S.paid, S.submitted),
        *[(s, s) for s in ClaimStatus],
    ],
)
def test_named_illegal_moves_are_unreachable_in_one_step(start: ClaimStatus, target: ClaimStatus) -> None:
    assert target not in allowed_events(start).values()
    for event in ClaimEvent:
        if (start, event) not in EXPECTED:
            with pytest.raises(IllegalClaimTransition):
                next_status(start, event)


def test_refusal_names_the_allowed_next_states() -> None:
    with pytest.raises(IllegalClaimTransition) as info:
        next_status(S.draft, E.submit)
    assert info.value.context["allowed_next_states"] == ["Scrubbed", "Voided"]
    assert "scrub_passed -> Scrubbed" in info.value.detail


def test_terminal_states_only_leave_by_reversal() -> None:
    assert allowed_events(S.voided) == {}
    assert allowed_events(S.written_off) == {}
    assert allowed_events(S.paid) == {E.reverse: S.accepted}
    assert {S.paid, S.written_off, S.voided} == TERMINAL
