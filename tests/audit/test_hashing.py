"""The bulk hash (assembled from parts) is the hash `verify_chain` recomputes from the stored event."""

from __future__ import annotations

import uuid

import pytest

from rcm.audit.hashing import canonical_json, chained_hash, changes_json, event_hash


@pytest.mark.parametrize(
    ("changes", "reason", "actor"),
    [
        ({}, "", None),
        ({"status": ["Submitted", "Paid"], "paid_cents": [0, 12345]}, "835 trace T1 CLP02=1", "u"),
        ({"note": [None, 'quote " backslash \\ tab \t é ✓'], "n": [1, -2]}, "reason ü", "u"),
        ({"transitions": [["accept", "Submitted", "Accepted"]], "b": [True, False]}, "x" * 300, None),
        ({"nested": [{"z": 1, "a": [1, 2]}, None]}, "", "u"),
    ],
)
def test_chained_hash_equals_event_hash(changes: dict[str, object], reason: str, actor: str | None) -> None:
    actor_id = str(uuid.uuid4()) if actor else None
    parts = {
        "id": str(uuid.uuid4()),
        "org_id": str(uuid.uuid4()),
        "seq": 42,
        "occurred_at": "2026-12-04T15:00:00.123456+00:00",
        "actor_id": actor_id,
        "actor_role": "billing_manager",
        "action": "claim.remittance_posted",
        "entity_type": "claim",
        "entity_id": str(uuid.uuid4()),
        "reason": reason,
        "source_document_id": "doc-1",
        "prev_hash": "ab" * 32,
    }
    expected = event_hash({**parts, "changes": changes})
    bulk = chained_hash(
        event_id=parts["id"],
        org_id=parts["org_id"],
        seq=42,
        occurred_at=parts["occurred_at"],
        actor_id=actor_id,
        actor_role="billing_manager",
        action="claim.remittance_posted",
        entity_type="claim",
        entity_id=parts["entity_id"],
        changes=changes_json(changes),
        reason=reason,
        source_document_id="doc-1",
        prev_hash="ab" * 32,
    )
    assert bulk == expected
    assert changes_json(changes) == canonical_json(changes)
