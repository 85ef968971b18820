"""Tell what an inbound file is (999, 277, 835, TA1, 837, 276) from its first segments."""

from __future__ import annotations

from rcm.edi.errors import X12Error
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.tokenizer import Tokenizer

UNKNOWN = "unknown"
_KNOWN_SETS = frozenset({"999", "277", "835", "837", "276", "997", "271", "270"})
_MAX_SEGMENTS = 20  # ST or TA1 come right after ISA/GS


def detect_kind(source: X12Source) -> str:
    """'999', '277', '835', '837', '276', 'TA1', ... or 'unknown' when it is not readable X12."""
    try:
        for count, seg in enumerate(Tokenizer(source, chunk_size=4096)):
            if seg[0] == "TA1":
                return "TA1"
            if seg[0] == "ST" and len(seg) > 1:
                return seg[1] if seg[1] in _KNOWN_SETS else UNKNOWN
            if count >= _MAX_SEGMENTS:
                break
    except X12Error:
        return UNKNOWN
    return UNKNOWN
