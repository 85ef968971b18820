"""Bulk ids: version 7 UUIDs as canonical text, increasing, unique."""

from __future__ import annotations

import uuid

from rcm.ids import uuid7_text, uuid7_texts


def test_ids_are_canonical_version_7_uuids() -> None:
    for text in uuid7_texts(50):
        parsed = uuid.UUID(text)
        assert parsed.version == 7
        assert parsed.variant == uuid.RFC_4122
        assert str(parsed) == text


def test_ids_of_one_call_increase_and_are_unique() -> None:
    ids = uuid7_texts(10_000)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_calls_do_not_repeat_each_other() -> None:
    seen = {uuid7_text() for _ in range(2_000)}
    assert len(seen) == 2_000


def test_the_first_48_bits_are_the_millisecond_clock() -> None:
    import time

    before = time.time_ns() // 1_000_000
    stamp = uuid.UUID(uuid7_text()).int >> 80
    after = time.time_ns() // 1_000_000
    assert before <= stamp <= after
