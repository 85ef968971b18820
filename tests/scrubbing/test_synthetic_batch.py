"""A realistic synthetic batch: every seeded defect is found by the right rule; no clean claim is blocked."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from rcm.scrubbing.engine import Scrubber
from rcm.scrubbing.packs import load_default_pack
from rcm.scrubbing.rules import BUILTIN_EDITS, BuiltinEdit
from tests.scrubbing.builders import TODAY, error_ids
from tests.scrubbing.synthetic import DEFECTS, Batch, make_batch


@cache
def _batch() -> Batch:
    return make_batch(1000, seed=2026, today=TODAY)


def test_thousand_claims_with_seeded_defects() -> None:
    batch = _batch()
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


@pytest.mark.parametrize("removed", BUILTIN_EDITS, ids=[edit.name for edit in BUILTIN_EDITS])
def test_batch_misses_defects_without_each_builtin_edit(removed: BuiltinEdit) -> None:
    batch = _batch()
    kept = [edit for edit in BUILTIN_EDITS if edit is not removed]
    results = {
        r.claim_id: r
        for r in Scrubber([load_default_pack()], batch.lookups, builtins=kept).scrub_many(batch.claims)
    }
    missed = [
        cid for cid, (_, expected) in batch.seeded.items() if error_ids(results[cid].findings) != expected
    ]
    assert missed, f"no seeded defect depends on {removed.name}"
