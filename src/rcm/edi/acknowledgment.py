"""999 implementation acknowledgment (005010X231A1) and TA1 interchange acknowledgment model.

The same dataclasses are what `parse_999` returns and what `build_999` takes. A transaction set
acknowledged with IK501=R (or M/W/X) never reached the payer's adjudication: its claims are
rejected, not denied, and no 835 will come for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ACCEPTED_CODES = frozenset({"A", "E"})  # E = accepted, but errors were noted


@dataclass(slots=True)
class ElementError:
    """IK4: element position (IK401-1/2/3), data element reference number, error code, bad value."""

    position: int
    error_code: str
    component_position: int | None = None
    repeat_position: int | None = None
    data_element_reference: str = ""
    bad_value: str = ""
    context: list[tuple[str, ...]] = field(default_factory=list)


@dataclass(slots=True)
class SegmentError:
    """IK3: the segment id, its position in the transaction set, loop id and syntax error code."""

    segment_id: str
    position: int
    error_code: str
    loop_id: str = ""
    context: list[tuple[str, ...]] = field(default_factory=list)
    elements: list[ElementError] = field(default_factory=list)


@dataclass(slots=True)
class TransactionSetAck:
    """AK2..IK5: one acknowledged transaction set (e.g. one 837 ST) and why it was rejected."""

    transaction_set_id: str
    control_number: str
    status: str
    implementation_reference: str = ""
    error_codes: list[str] = field(default_factory=list)
    segment_errors: list[SegmentError] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_CODES


@dataclass(slots=True)
class FunctionalGroupAck:
    """One 999 transaction set: AK1 (the acknowledged group), the AK2 loops and AK9 totals."""

    functional_id: str
    group_control_number: str
    version: str
    status: str
    included: int
    received: int
    accepted_count: int
    transaction_sets: list[TransactionSetAck] = field(default_factory=list)
    error_codes: list[str] = field(default_factory=list)
    control_number: str = ""
    interchange_control_number: str = ""

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_CODES

    def accepted_control_numbers(self) -> list[str]:
        return [t.control_number for t in self.transaction_sets if t.accepted]

    def rejected_control_numbers(self) -> list[str]:
        return [t.control_number for t in self.transaction_sets if not t.accepted]


@dataclass(slots=True)
class InterchangeAck:
    """TA1: the acknowledged ISA13, its date/time, A/E/R and the note (error) code."""

    control_number: str
    date: date | None
    time: str
    status: str
    note_code: str

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED_CODES
