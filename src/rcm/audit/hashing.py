"""Canonical JSON and the chain hash of an audit event. Pure."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

GENESIS_HASH = "0" * 64


def jsonable(value: Any) -> Any:
    """Turn model values into JSON-native ones, stably (the hash depends on it)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, float):
        return repr(value)
    raise TypeError(f"cannot audit a value of type {type(value).__name__}")


def canonical_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def event_hash(payload: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload).encode("ascii")).hexdigest()


_text = json.encoder.encode_basestring_ascii  # the (C) string encoder json.dumps uses


def _text_or_null(value: str | None) -> str:
    return "null" if value is None else _text(value)


def changes_json(changes: dict[str, Any]) -> str:
    """The canonical JSON of an event's (JSON-native) changes: stored as is, and hashed inside the event."""
    return canonical_json(changes)


def chained_hash(
    *,
    event_id: str,
    org_id: str,
    seq: int,
    occurred_at: str,
    actor_id: str | None,
    actor_role: str,
    action: str,
    entity_type: str,
    entity_id: str,
    changes: str,
    reason: str,
    source_document_id: str,
    prev_hash: str,
) -> str:
    """`event_hash` of the same event, for bulk appends: the canonical JSON is assembled from its
    parts (keys in sorted order, `changes` already canonical) instead of re-encoding a dict."""
    text = (
        f'{{"action":{_text(action)},"actor_id":{_text_or_null(actor_id)},"actor_role":{_text(actor_role)},'
        f'"changes":{changes},"entity_id":{_text(entity_id)},"entity_type":{_text(entity_type)},'
        f'"id":{_text(event_id)},"occurred_at":{_text(occurred_at)},"org_id":{_text(org_id)},'
        f'"prev_hash":{_text(prev_hash)},"reason":{_text(reason)},"seq":{seq},'
        f'"source_document_id":{_text(source_document_id)}}}'
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()
