"""Which X12 versions (GS08/ST03) we accept, and how bare or errata ids are normalized at ingest.

HIPAA adopted the ids in `ADOPTED`; our own output always uses them. For parsing we also accept
the errata A2/A3 releases (identical layouts for the loops we read) and normalize ids that omit
the addenda suffix, as several real senders do (`005010X222` means `005010X222A1`).
"""

from __future__ import annotations

from enum import StrEnum

from rcm.edi.errors import UnsupportedX12Version

INTERCHANGE_VERSION = "00501"


class TransactionKind(StrEnum):
    claim_professional = "837P"
    claim_institutional = "837I"
    remittance = "835"
    implementation_ack = "999"
    claim_ack = "277CA"
    claim_status_request = "276"
    claim_status_response = "277"


ADOPTED: dict[TransactionKind, str] = {
    TransactionKind.claim_professional: "005010X222A1",
    TransactionKind.claim_institutional: "005010X223A2",
    TransactionKind.remittance: "005010X221A1",
    TransactionKind.implementation_ack: "005010X231A1",
    TransactionKind.claim_ack: "005010X214",
    TransactionKind.claim_status_request: "005010X212",
    TransactionKind.claim_status_response: "005010X212",
}

# Bare ids (no addenda) are normalized to the adopted release.
_BARE = {
    "005010X222": "005010X222A1",
    "005010X223": "005010X223A2",
    "005010X221": "005010X221A1",
    "005010X231": "005010X231A1",
}

# version id -> (ST01, kind). Errata kept as declared: they parse with the same loops.
_ACCEPTED: dict[str, tuple[str, TransactionKind]] = {
    "005010X222A1": ("837", TransactionKind.claim_professional),
    "005010X222A2": ("837", TransactionKind.claim_professional),
    "005010X223A1": ("837", TransactionKind.claim_institutional),
    "005010X223A2": ("837", TransactionKind.claim_institutional),
    "005010X223A3": ("837", TransactionKind.claim_institutional),
    "005010X221A1": ("835", TransactionKind.remittance),
    "005010X231A1": ("999", TransactionKind.implementation_ack),
    "005010X214": ("277", TransactionKind.claim_ack),
    "005010X212": ("277", TransactionKind.claim_status_response),
}
_REQUEST_276 = "005010X212"


def normalize_version(version: str) -> str:
    """Map a bare id to its adopted release; other ids are returned unchanged."""
    return _BARE.get(version, version)


def transaction_kind(transaction_set_id: str, version: str) -> TransactionKind:
    """Classify ST01 + (normalized) version, refusing anything outside the supported set."""
    normalized = normalize_version(version)
    if transaction_set_id == "276" and normalized == _REQUEST_276:
        return TransactionKind.claim_status_request
    accepted = _ACCEPTED.get(normalized)
    if accepted is None or accepted[0] != transaction_set_id:
        supported = ", ".join(sorted({*_ACCEPTED, *_BARE}))
        raise UnsupportedX12Version(
            f"transaction set {transaction_set_id or '?'} version {version or '(none)'} is not supported "
            f"(supported: {supported})",
            transaction_set_id=transaction_set_id,
            version=version,
        )
    return accepted[1]
