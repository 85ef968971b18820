"""999 (005010X231A1) implementation acknowledgment builder, used by the payer simulator."""

from __future__ import annotations

from rcm.edi.acknowledgment import ElementError, FunctionalGroupAck, SegmentError
from rcm.edi.errors import X12BuildError
from rcm.edi.versions import ADOPTED, TransactionKind
from rcm.edi.x12.writer import COMPONENT, EnvelopeSpec, interchange, segment

VERSION = ADOPTED[TransactionKind.implementation_ack]


def build_999(ack: FunctionalGroupAck, envelope: EnvelopeSpec) -> str:
    """One 999 acknowledging one functional group (AK1) and each of its transaction sets (AK2)."""
    body = [segment("AK1", ack.functional_id, ack.group_control_number, ack.version)]
    for ts in ack.transaction_sets:
        body.append(segment("AK2", ts.transaction_set_id, ts.control_number, ts.implementation_reference))
        for error in ts.segment_errors:
            body += _segment_error(error)
        body.append(segment("IK5", ts.status, *ts.error_codes[:5]))
    body.append(
        segment(
            "AK9",
            ack.status,
            str(ack.included),
            str(ack.received),
            str(ack.accepted_count),
            *ack.error_codes[:5],
        )
    )
    return interchange(envelope, "FA", VERSION, "999", body)


def _segment_error(error: SegmentError) -> list[str]:
    out = [segment("IK3", error.segment_id, str(error.position), error.loop_id, error.error_code)]
    out += [_context(ctx) for ctx in error.context]
    for element in error.elements:
        out += _element_error(element)
    return out


def _element_error(error: ElementError) -> list[str]:
    parts = [str(error.position)]
    if error.component_position is not None or error.repeat_position is not None:
        parts.append(str(error.component_position or ""))
    if error.repeat_position is not None:
        parts.append(str(error.repeat_position))
    out = [
        segment("IK4", COMPONENT.join(parts), error.data_element_reference, error.error_code, error.bad_value)
    ]
    return out + [_context(ctx) for ctx in error.context]


def _context(elements: tuple[str, ...]) -> str:
    # CTX elements are composites (CLM01:<patient control number>), so only * ~ and breaks are refused.
    for value in elements:
        if any(c in value for c in "*~\r\n"):
            raise X12BuildError(f"CTX value {value[:40]!r} contains a delimiter")
    return segment("CTX", *elements)
