"""The row layout of each generated table: plain tuples whose fields are named here.

Rows are tuples rather than dicts or dataclasses because a million-claim run makes about ten million
of them. Values are what the column stores: UUIDs, dates, tz-aware datetimes, ints, Decimal units,
strings for enum columns, and JSON columns as JSON text (ready for COPY).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

Row = tuple[Any, ...]
Batch = dict[str, list[Row]]

_STAMPS = ("id", "org_id", "created_at", "updated_at")
_ADDRESS = ("address_line1", "city", "state", "postal_code")
_MONEY = ("charge_cents", "allowed_cents", "paid_cents", "patient_responsibility_cents", "adjustment_cents")

# Insertion order respects foreign keys (claims reference each other: primary <-> secondary).
FIELDS: dict[str, tuple[str, ...]] = {
    "payers": (
        *_STAMPS,
        "name",
        "payer_type",
        "payer_code",
        "timely_filing_days",
        "appeal_days",
        "is_active",
        *_ADDRESS,
    ),
    "providers": (
        *_STAMPS,
        "entity_type",
        "name",
        "first_name",
        "npi",
        "taxonomy_code",
        "tax_id",
        "is_billing",
        *_ADDRESS,
    ),
    "patients": (
        *_STAMPS,
        "account_number",
        "first_name",
        "last_name",
        "birth_date",
        "gender",
        "phone",
        "email",
        *_ADDRESS,
    ),
    "coverages": (
        *_STAMPS,
        "patient_id",
        "payer_id",
        "priority",
        "member_id",
        "group_number",
        "relationship",
        "subscriber_first_name",
        "subscriber_last_name",
        "subscriber_birth_date",
        "subscriber_gender",
        "effective_from",
        "is_active",
        *_ADDRESS,
    ),
    "encounters": (
        *_STAMPS,
        "patient_id",
        "rendering_provider_id",
        "billing_provider_id",
        "referring_provider_id",
        "service_date",
        "place_of_service",
        "claim_type",
        "type_of_bill",
        "status",
        "diagnosis_codes",
        "charges",
        "prior_authorization_number",
    ),
    "claims": (
        *_STAMPS,
        "patient_id",
        "encounter_id",
        "coverage_id",
        "payer_id",
        "payer_sequence",
        "billing_provider_id",
        "rendering_provider_id",
        "referring_provider_id",
        "claim_type",
        "status",
        "frequency_code",
        "patient_control_number",
        "place_of_service",
        "type_of_bill",
        "service_date_from",
        "service_date_to",
        "diagnosis_codes",
        "prior_authorization_number",
        *_MONEY,
        "balance_cents",
        "payer_claim_control_number",
        "clearinghouse_tracking_id",
        "primary_claim_id",
        "next_payer_claim_id",
        "first_submitted_at",
        "submitted_at",
        "adjudicated_at",
        "last_payment_at",
        "submission_count",
        "rejection_count",
        "adjudication_count",
        "version",
        "written_off_cents",
        "open_denied_cents",
    ),
    "claim_lines": (
        *_STAMPS,
        "claim_id",
        "line_number",
        "procedure_code",
        "modifiers",
        "diagnosis_pointers",
        "units",
        "service_date",
        "revenue_code",
        *_MONEY,
    ),
    "payments": (
        *_STAMPS,
        "claim_id",
        "payer_id",
        "payer_name",
        "amount_cents",
        "method",
        "source",
        "era_trace_number",
        "posted_at",
        "is_reversal",
        "claim_status_code",
        "payer_claim_control_number",
    ),
    "payment_adjustments": (
        *_STAMPS,
        "payment_id",
        "claim_id",
        "claim_line_id",
        "group_code",
        "carc",
        "amount_cents",
        "kind",
    ),
    "denials": (
        *_STAMPS,
        "claim_id",
        "claim_line_id",
        "payer_id",
        "group_code",
        "carc",
        "rarcs",
        "amount_cents",
        "reason",
        "category",
        "root_cause",
        "recommended_action",
        "owning_team",
        "appeal_status",
        "appeal_deadline",
        "is_open",
        "payment_id",
        "adjudication_date",
        "mapping_version",
        "resolution",
        "resolved_at",
    ),
    "write_offs": (*_STAMPS, "claim_id", "amount_cents", "reason", "note", "status", "decided_at"),
}
# Not a table: what the loader writes into each claim's audit event (the lifecycle path it went through).
CLAIM_EVENTS = "claim_events"
CLAIM_EVENT_FIELDS = ("claim_id", "patient_control_number", "status", "charge_cents", "path")
TABLES: tuple[str, ...] = tuple(FIELDS)
INDEX: dict[str, dict[str, int]] = {
    table: {f: i for i, f in enumerate(fields)} for table, fields in FIELDS.items()
}


def new_batch() -> Batch:
    batch: Batch = {table: [] for table in TABLES}
    batch[CLAIM_EVENTS] = []
    return batch


def as_dicts(batch: Batch, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table as dicts, JSON columns decoded (tests and small tools; slow at scale)."""
    fields = CLAIM_EVENT_FIELDS if table == CLAIM_EVENTS else FIELDS[table]
    for row in batch[table]:
        record = dict(zip(fields, row, strict=True))
        for key in ("diagnosis_codes", "charges", "modifiers", "diagnosis_pointers", "rarcs"):
            if key in record:
                record[key] = json.loads(record[key])
        yield record


def merge(batches: list[Batch]) -> Batch:
    merged = new_batch()
    for batch in batches:
        for table, rows in batch.items():
            merged[table].extend(rows)
    return merged
