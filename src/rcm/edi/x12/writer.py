"""Serialize segments and wrap them in ISA/GS/ST ... SE/GE/IEA with caller-owned control numbers.

Our output always uses `*` elements, `:` components, `^` repetitions and `~` terminators, one
segment per line. Control numbers are passed in: the caller persists them per organization.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from rcm.edi.errors import X12BuildError

ELEMENT, COMPONENT, REPETITION, TERMINATOR = "*", ":", "^", "~"
_RESERVED = re.compile(r"[*:^~\r\n]")
_MAX_CONTROL_NUMBER = 999_999_999


def clean(value: str, name: str = "") -> str:
    """A caller-supplied value, refused if it holds a delimiter (it would corrupt the file)."""
    if _RESERVED.search(value):
        raise X12BuildError(
            f"{name or 'value'} {value[:40]!r} contains a reserved X12 delimiter (* : ^ ~ or a line break)",
            field=name,
        )
    return value.strip()


def segment(*elements: str) -> str:
    """One segment without its terminator; trailing empty elements are dropped."""
    end = len(elements)
    while end > 1 and not elements[end - 1]:
        end -= 1
    return ELEMENT.join(elements[:end])


def composite(*parts: str) -> str:
    end = len(parts)
    while end > 1 and not parts[end - 1]:
        end -= 1
    return COMPONENT.join(parts[:end])


@dataclass(frozen=True, slots=True)
class EnvelopeSpec:
    """Interchange and group identity plus the three control numbers for one outbound file."""

    sender_id: str
    receiver_id: str
    interchange_control_number: int
    group_control_number: int
    transaction_set_control_number: int
    created_at: datetime
    sender_qualifier: str = "ZZ"
    receiver_qualifier: str = "ZZ"
    usage: str = "P"  # ISA15: P production, T test
    ack_requested: str = "0"  # ISA14: 1 asks the receiver for a TA1
    application_sender: str = ""  # GS02, defaults to sender_id
    application_receiver: str = ""  # GS03, defaults to receiver_id

    @property
    def isa13(self) -> str:
        return f"{self.interchange_control_number:09d}"

    @property
    def st02(self) -> str:
        return f"{self.transaction_set_control_number:04d}"

    def check(self) -> None:
        for name in ("interchange_control_number", "group_control_number", "transaction_set_control_number"):
            number = getattr(self, name)
            if not 0 < number <= _MAX_CONTROL_NUMBER:
                raise X12BuildError(
                    f"{name} must be between 1 and {_MAX_CONTROL_NUMBER}, got {number}", field=name
                )
        for name in ("sender_id", "receiver_id"):
            value = clean(getattr(self, name), name)
            if not 0 < len(value) <= 15:
                raise X12BuildError(f"{name} must be 1 to 15 characters, got {value!r}", field=name)
        if self.usage not in ("P", "T"):
            raise X12BuildError(f"usage must be P or T, got {self.usage!r}", field="usage")


def interchange(envelope: EnvelopeSpec, functional_id: str, version: str, st01: str, body: list[str]) -> str:
    """A complete ISA..IEA text holding one ST..SE around `body` (segments without terminators)."""
    segments = (
        *envelope_head(envelope, functional_id, version, st01),
        *body,
        *envelope_tail(envelope, len(body)),
    )
    return "".join(f"{s}{TERMINATOR}\n" for s in segments)


def envelope_head(envelope: EnvelopeSpec, functional_id: str, version: str, st01: str) -> list[str]:
    """ISA, GS and ST; with `envelope_tail` this lets a caller stream a large body to a file."""
    envelope.check()
    at = envelope.created_at
    gs = segment(
        "GS",
        functional_id,
        clean(envelope.application_sender or envelope.sender_id, "GS02"),
        clean(envelope.application_receiver or envelope.receiver_id, "GS03"),
        at.strftime("%Y%m%d"),
        at.strftime("%H%M"),
        str(envelope.group_control_number),
        "X",
        version,
    )
    # ST03 is "not used" in the 835 (X221A1) and required everywhere else.
    return [_isa(envelope), gs, segment("ST", st01, envelope.st02, version if st01 != "835" else "")]


def envelope_tail(envelope: EnvelopeSpec, body_segments: int) -> list[str]:
    """SE (counting ST and SE), GE and IEA for one transaction set in one group."""
    return [
        segment("SE", str(body_segments + 2), envelope.st02),
        segment("GE", "1", str(envelope.group_control_number)),
        segment("IEA", "1", envelope.isa13),
    ]


def write_segments(out: TextIO, segments: Iterable[str]) -> int:
    """Write segments with terminator and line break; returns how many were written."""
    count = 0
    for seg in segments:
        out.write(f"{seg}{TERMINATOR}\n")
        count += 1
    return count


def _isa(envelope: EnvelopeSpec) -> str:
    at = envelope.created_at
    return ELEMENT.join(
        (
            "ISA",
            "00",
            " " * 10,
            "00",
            " " * 10,
            f"{envelope.sender_qualifier:<2}",
            f"{envelope.sender_id:<15}",
            f"{envelope.receiver_qualifier:<2}",
            f"{envelope.receiver_id:<15}",
            at.strftime("%y%m%d"),
            at.strftime("%H%M"),
            REPETITION,
            "00501",
            envelope.isa13,
            envelope.ack_requested,
            envelope.usage,
            COMPONENT,
        )
    )
