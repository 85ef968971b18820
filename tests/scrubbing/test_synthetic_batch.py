"""A realistic synthetic batch: every seeded defect is found by the right rule; no clean claim is blocked."""

from __future__ import annotations

from collections import Counter

from rcm.scrubbing.engine import Scrubber
from tests.scrubbing.builders import TODAY, error_ids
from tests.scrubbing.synthetic import DEFECTS, make_batch


def test_thousand_claims_with_seeded_defects() -> None:
    batch = make_batch(1000, seed=2026, today=TODAY)
    results = {r.claim_id: r for r in Scrubber.with_default_pack(batch.lookups).scrub_many(batch.claims)}
    assert len(results) == 1000
    kinds = Counter(kind for kind, _ in batch.seeded.values())
    assert len(batch.seeded) == 100
    assert set(kinds) == {d.kind for d in DEFECTS} and min(kinds.values()) >= 4

    missed = {
        claim_id: (kind, expected, error_ids(results[claim_id].findings))
        for claim_id, (kind, expected) in batch.seeded.items()
        if error_ids(results[claim_id].findings) != expected
    }
    assert missed == {}, "each seeded claim is blocked by exactly the rules its defect targets"

    blocked_clean = {
        claim_id: sorted(error_ids(result.findings))
        for claim_id, result in results.items()
        if claim_id not in batch.seeded and result.blocking
    }
    assert blocked_clean == {}


def test_batch_is_deterministic() -> None:
    first, second = make_batch(50, seed=7, today=TODAY), make_batch(50, seed=7, today=TODAY)
    assert first.claims == second.claims and first.seeded == second.seeded
