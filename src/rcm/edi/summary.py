"""A JSON-ready summary of any supported X12 file: what `rcm edi parse` / `python -m rcm.edi` print."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from rcm.edi.detect import detect_kind
from rcm.edi.parse_277 import parse_277
from rcm.edi.parse_835 import stream_835
from rcm.edi.parse_837 import parse_837
from rcm.edi.parse_999 import parse_999, parse_ta1
from rcm.edi.remittance import ClaimPayment, RemittanceEnd
from rcm.edi.x12.source import X12Source, iter_text_chunks, names_a_file


def summarize(source: X12Source, *, strict: bool = True) -> dict[str, Any]:
    """Kind and the figures a biller checks first; raises `X12Error` on malformed input."""
    # A path is read twice (kind, then a streaming parse); anything else is read into memory once.
    text: X12Source = source if _is_path(source) else "".join(iter_text_chunks(source))
    kind = detect_kind(text)
    summaries = {"835": _remittances, "837": _claims, "999": _acks, "277": _statuses, "TA1": _ta1}
    handler = summaries.get(kind)
    if handler is None:
        return {"kind": kind}
    return {"kind": kind, **handler(text, strict)}


def _remittances(text: X12Source, strict: bool) -> dict[str, Any]:
    items = []
    reversals = 0
    for event in stream_835(text, strict=strict):  # constant memory, however many claims
        if isinstance(event, ClaimPayment):
            reversals += event.is_reversal
        elif isinstance(event, RemittanceEnd):
            balance, header = event.balance(), event.header
            items.append(
                {
                    "trace_number": header.trace_number,
                    "payer": header.payer.name if header.payer else "",
                    "payment": str(header.payment.amount),
                    "claims": event.claim_count,
                    "reversals": reversals,
                    "claims_paid": str(balance.claims_paid),
                    "provider_adjustments": str(balance.provider_adjustments),
                    "balanced": balance.balanced,
                }
            )
            reversals = 0
    return {"remittances": items}


def _claims(text: X12Source, strict: bool) -> dict[str, Any]:
    batches = parse_837(text, strict=strict)
    return {
        "batches": [
            {
                "type": b.claim_type.value,
                "claims": len(b.claims),
                "total_charge": str(sum((c.total_charge for c in b.claims), Decimal(0))),
                "lines": sum(len(c.lines) for c in b.claims),
                "with_prior_payers": sum(1 for c in b.claims if c.other_payers),
            }
            for b in batches
        ]
    }


def _acks(text: X12Source, strict: bool) -> dict[str, Any]:
    return {
        "acknowledgments": [
            {
                "group_control_number": a.group_control_number,
                "status": a.status,
                "accepted": a.accepted_control_numbers(),
                "rejected": a.rejected_control_numbers(),
            }
            for a in parse_999(text, strict=strict)
        ]
    }


def _statuses(text: X12Source, strict: bool) -> dict[str, Any]:
    return {
        "responses": [
            {
                "version": r.version,
                "claims": [
                    {
                        "patient_control_number": c.patient_control_number,
                        "rejected": c.rejected,
                        "statuses": [
                            f"{s.code.category}:{s.code.status}:{s.code.entity}" for s in c.statuses
                        ],
                        "payer_claim_control_number": c.payer_claim_control_number,
                    }
                    for c in r.claims
                ],
            }
            for r in parse_277(text, strict=strict)
        ]
    }


def _ta1(text: X12Source, strict: bool) -> dict[str, Any]:
    return {
        "interchange_acks": [
            {"control_number": t.control_number, "status": t.status, "note": t.note_code}
            for t in parse_ta1(text, strict=strict)
        ]
    }


def _is_path(source: X12Source) -> bool:
    return isinstance(source, os.PathLike) or (isinstance(source, str) and names_a_file(source))
