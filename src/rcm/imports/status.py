"""Source-system status words, and the legal way from a claim's status to the one a file reports.

Pure: the claim state machine's table, read as a graph. An import never infers a reversal
(`reverse` needs the payer's document), so Paid, WrittenOff and Voided stay final here; and a
denial, rejection, write-off or cancellation only as the status the file reports, never on the way.
"""

from __future__ import annotations

from collections import deque

from rcm.claims.state_machine import TRANSITIONS, ClaimEvent, ClaimStatus
from rcm.imports.columns import normalize_header
from rcm.imports.values import BadValue

S = ClaimStatus
WORDS: dict[ClaimStatus, tuple[str, ...]] = {
    S.paid: ("Paid", "Paid in Full", "Closed Paid"),
    S.partially_paid: ("Partially Paid", "PartiallyPaid", "Partial", "Partial Payment", "Part Paid"),
    S.denied: ("Denied", "Denial"),
    S.rejected: ("Rejected", "Reject", "Clearinghouse Rejected"),
    S.submitted: ("Submitted", "Billed", "Pending", "Open", "Sent", "Filed"),
    S.accepted: ("Accepted", "In Process", "Processing", "Acknowledged", "Received", "Adjudicating"),
    S.written_off: ("Written Off", "WrittenOff", "Write Off", "Closed", "Bad Debt"),
    S.draft: ("Draft", "Unbilled", "New", "Hold", "On Hold", "Ready to Bill"),
    S.scrubbed: ("Scrubbed", "Ready to Submit"),
    S.voided: ("Void", "Voided", "Cancelled", "Canceled"),
}
_LOOKUP = {normalize_header(word): status for status, words in WORDS.items() for word in words}
NOT_INFERRED = frozenset({ClaimEvent.reverse})
# Outcomes an import may report but never invent on the way to another status: a denial or a
# rejection in the path would count in the denial and clean-claim rates without having happened.
LAST_STEP_ONLY = frozenset({ClaimEvent.deny, ClaimEvent.reject, ClaimEvent.write_off, ClaimEvent.cancel})
Step = tuple[ClaimEvent, ClaimStatus, ClaimStatus]


def parse_status(raw: str) -> ClaimStatus | None:
    text = raw.strip()
    if not text:
        return None
    found = _LOOKUP.get(normalize_header(text))
    if found is None:
        raise BadValue(
            f"unknown status {raw!r}; accepted: {', '.join(w for ws in WORDS.values() for w in ws)}"
        )
    return found


def _edges(status: ClaimStatus) -> list[tuple[ClaimEvent, ClaimStatus]]:
    return [(e, to) for (frm, e), to in TRANSITIONS.items() if frm is status and e not in NOT_INFERRED]


def next_states(status: ClaimStatus) -> list[str]:
    return sorted({to.value for _, to in _edges(status)})


def shortest_path(current: ClaimStatus, target: ClaimStatus) -> list[Step] | None:
    """The fewest events that take `current` to `target` (breadth first); [] when equal, None if none."""
    if current is target:
        return []
    came_from: dict[ClaimStatus, Step] = {}
    queue = deque([current])
    while queue:
        status = queue.popleft()
        for event, to in _edges(status):
            if to in came_from or to is current or (event in LAST_STEP_ONLY and to is not target):
                continue
            came_from[to] = (event, status, to)
            if to is target:
                return _walk_back(came_from, current, target)
            queue.append(to)
    return None


def _walk_back(came_from: dict[ClaimStatus, Step], current: ClaimStatus, target: ClaimStatus) -> list[Step]:
    steps: list[Step] = []
    status = target
    while status is not current:
        step = came_from[status]
        steps.append(step)
        status = step[1]
    return steps[::-1]
