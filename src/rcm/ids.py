"""Ids for rows written in bulk: time-ordered UUIDs (version 7, RFC 9562), as canonical text.

Random (version 4) keys land on a random page of every primary-key index, so a big posting
touches (and logs a full-page image of) most of an index; time-ordered keys append at its right
edge. Text, not `uuid.UUID`: COPY takes it as is and the audit chain hashes the same text.
"""

from __future__ import annotations

import os
import time

_COUNTER_BITS = 47  # the last 48 bits count up from a random start, so they never carry over


def uuid7_texts(count: int) -> list[str]:
    """`count` new ids, increasing within the call: the millisecond clock, 26 random bits fixed
    for the call, then a counter that starts at a random 47-bit value (73 random bits in all, so
    ids made in the same millisecond by other calls or processes do not collide)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    rand_a, rand_b, start = rand & 0xFFF, (rand >> 12) & 0x3FFF, rand >> 33 & ((1 << _COUNTER_BITS) - 1)
    prefix = f"{ms >> 16:08x}-{ms & 0xFFFF:04x}-{0x7000 | rand_a:04x}-{0x8000 | rand_b:04x}-"
    return [f"{prefix}{n:012x}" for n in range(start, start + count)]


def uuid7_text() -> str:
    return uuid7_texts(1)[0]
