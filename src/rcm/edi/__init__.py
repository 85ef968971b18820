"""X12 5010 codec: pure text <-> dataclasses, no database, no settings, no web framework.

Parsers (streaming where files get big): `stream_835`/`iter_835_claims`/`parse_835`,
`parse_999`, `parse_ta1`, `parse_277` (277CA and 277), `parse_837`. Builders: `build_837`
(837P/837I with COB), `build_276`, and for the payer simulator `build_999`, `build_277ca`,
`build_835`. `validate_x12` wraps pyx12. Every malformed input raises an `X12Error` (a 422).
"""

from rcm.edi.acknowledgment import FunctionalGroupAck, InterchangeAck, TransactionSetAck
from rcm.edi.build_276 import build_276
from rcm.edi.build_277ca import ClaimAck, build_277ca, claim_ack_tree
from rcm.edi.build_835 import build_835
from rcm.edi.build_837 import build_837, build_837i, build_837p, check_claim
from rcm.edi.build_999 import build_999
from rcm.edi.claim_input import (
    BillingProvider,
    Claim,
    ClaimBatch,
    ClaimStatusInquiry,
    ClaimStatusRequest,
    ClaimType,
    LineAdjudication,
    OtherPayer,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from rcm.edi.claim_status import ClaimStatus, ClaimStatusResponse, StatusCode, StatusInfo
from rcm.edi.common import Address, Adjustment, Entity, Procedure, Reference
from rcm.edi.detect import detect_kind
from rcm.edi.errors import (
    UnexpectedTransactionSet,
    UnsupportedX12Version,
    X12BuildError,
    X12ControlNumberMismatch,
    X12CountMismatch,
    X12ElementError,
    X12EnvelopeError,
    X12Error,
    X12MissingInterchange,
    X12StructureError,
    X12SyntaxError,
    X12ValidationUnavailable,
)
from rcm.edi.parse_277 import parse_277
from rcm.edi.parse_835 import RemittanceEvent, iter_835_claims, parse_835, stream_835
from rcm.edi.parse_837 import iter_837, parse_837
from rcm.edi.parse_999 import parse_999, parse_ta1
from rcm.edi.remittance import (
    Balance,
    ClaimPayment,
    Party,
    PaymentInfo,
    ProviderAdjustment,
    Remittance,
    RemittanceEnd,
    RemittanceHeader,
    ServicePayment,
)
from rcm.edi.validation import ValidationIssue, ValidationResult, validate_x12
from rcm.edi.versions import ADOPTED, TransactionKind, normalize_version
from rcm.edi.x12.source import X12Source
from rcm.edi.x12.writer import EnvelopeSpec

__all__ = [
    "ADOPTED",
    "Address",
    "Adjustment",
    "Balance",
    "BillingProvider",
    "Claim",
    "ClaimAck",
    "ClaimBatch",
    "ClaimPayment",
    "ClaimStatus",
    "ClaimStatusInquiry",
    "ClaimStatusRequest",
    "ClaimStatusResponse",
    "ClaimType",
    "Entity",
    "EnvelopeSpec",
    "FunctionalGroupAck",
    "InterchangeAck",
    "LineAdjudication",
    "OtherPayer",
    "Party",
    "Patient",
    "Payer",
    "PaymentInfo",
    "Procedure",
    "Provider",
    "ProviderAdjustment",
    "Receiver",
    "Reference",
    "Remittance",
    "RemittanceEnd",
    "RemittanceEvent",
    "RemittanceHeader",
    "ServiceFacility",
    "ServiceLine",
    "ServicePayment",
    "StatusCode",
    "StatusInfo",
    "Submitter",
    "Subscriber",
    "TransactionKind",
    "TransactionSetAck",
    "UnexpectedTransactionSet",
    "UnsupportedX12Version",
    "ValidationIssue",
    "ValidationResult",
    "X12BuildError",
    "X12ControlNumberMismatch",
    "X12CountMismatch",
    "X12ElementError",
    "X12EnvelopeError",
    "X12Error",
    "X12MissingInterchange",
    "X12Source",
    "X12StructureError",
    "X12SyntaxError",
    "X12ValidationUnavailable",
    "build_276",
    "build_277ca",
    "build_835",
    "build_837",
    "build_837i",
    "build_837p",
    "build_999",
    "check_claim",
    "claim_ack_tree",
    "detect_kind",
    "iter_835_claims",
    "iter_837",
    "normalize_version",
    "parse_277",
    "parse_835",
    "parse_837",
    "parse_999",
    "parse_ta1",
    "stream_835",
    "validate_x12",
]
