"""Inbound X12 (999, 277CA, 277, 835, TA1): store first, then process; a bad file is kept, marked failed.

Files arrive by upload (`POST /edi/inbound`) or from the clearinghouse poll. The same file twice
(same SHA-256) is recognised and not processed again.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from rcm import files
from rcm.audit import service as audit
from rcm.batches import acks
from rcm.batches.errors import InboundFileUnreadable
from rcm.batches.models import Batch, BatchDirection, BatchKind, BatchStatus
from rcm.batches.repository import BatchRepository
from rcm.db import utcnow
from rcm.edi.detect import detect_kind
from rcm.edi.parse_277 import parse_277
from rcm.edi.parse_999 import parse_999, parse_ta1
from rcm.errors import RcmError
from rcm.tenancy import AuthContext

log = logging.getLogger(__name__)
Handler = Callable[[Session, AuthContext, Batch, bytes], dict[str, Any]]
_KINDS = {
    "999": BatchKind.ack_999,
    "277": BatchKind.status_277,
    "835": BatchKind.remittance_835,
    "TA1": BatchKind.ack_ta1,
}
# Other domains register handlers for kinds they own (the payments domain posts 835s).
HANDLERS: dict[BatchKind, Handler] = {}


@dataclass
class IngestResult:
    batch: Batch
    duplicate: bool = False
    summary: dict[str, Any] = field(default_factory=dict)
    error: RcmError | None = None


def register(kind: BatchKind, handler: Handler) -> None:
    HANDLERS[kind] = handler


def _handle_999(session: Session, ctx: AuthContext, batch: Batch, content: bytes) -> dict[str, Any]:
    return acks.process_999(session, ctx, batch, parse_999(content)).as_dict()


def _handle_277(session: Session, ctx: AuthContext, batch: Batch, content: bytes) -> dict[str, Any]:
    responses = parse_277(content)
    if responses and all(r.is_claim_ack for r in responses):
        batch.kind = BatchKind.ack_277ca
    return acks.process_277(session, ctx, batch, responses).as_dict()


def _handle_ta1(session: Session, ctx: AuthContext, batch: Batch, content: bytes) -> dict[str, Any]:
    answers = parse_ta1(content)
    return {
        "interchanges": [
            {"isa13": a.control_number, "status": a.status, "note": a.note_code} for a in answers
        ]
    }


register(BatchKind.ack_999, _handle_999)
register(BatchKind.status_277, _handle_277)
register(BatchKind.ack_ta1, _handle_ta1)


def ingest(
    session: Session, ctx: AuthContext, filename: str, content: bytes, *, source: str, process: bool = True
) -> IngestResult:
    """Store the file (once per content), then process it unless `process=False` (a job does it)."""
    repo = BatchRepository(session, ctx)
    digest = hashlib.sha256(content).hexdigest()
    existing = repo.by_sha(BatchDirection.inbound, digest)
    if existing is not None:
        return IngestResult(existing, duplicate=True, summary={"detail": "this file was already received"})
    kind_code = detect_kind(content)
    batch = _store(session, ctx, repo, filename, content, source, kind_code)
    if kind_code not in _KINDS:
        return _fail(batch, f"not a supported inbound X12 file (detected: {kind_code})", None)
    return _process(session, ctx, batch, content) if process else IngestResult(batch)


def process_stored(session: Session, ctx: AuthContext, batch_id: uuid.UUID) -> IngestResult:
    """Process an inbound file stored earlier (batch ERA posting); a processed one is not redone."""
    batch = BatchRepository(session, ctx).get_or_raise(batch_id)
    if batch.status is not BatchStatus.received:
        return IngestResult(batch, duplicate=True, summary={"detail": f"already {batch.status.value}"})
    return _process(session, ctx, batch, files.read(batch.storage_key))


def _process(session: Session, ctx: AuthContext, batch: Batch, content: bytes) -> IngestResult:
    handler = HANDLERS.get(batch.kind)
    if handler is None:
        return _fail(batch, f"no handler for {batch.kind.value} files", None)
    try:
        with session.begin_nested():
            summary = handler(session, ctx, batch, content)
    except RcmError as exc:
        return _fail(batch, exc.detail, exc)
    batch.status, batch.processed_at = BatchStatus.processed, utcnow()
    batch.detail = str(summary)[:2000]
    return IngestResult(batch, summary=summary)


def _store(
    session: Session,
    ctx: AuthContext,
    repo: BatchRepository,
    filename: str,
    content: bytes,
    source: str,
    kind_code: str,
) -> Batch:
    stored = files.store(ctx.org_id, filename, content)
    batch = Batch(
        kind=_KINDS.get(kind_code, BatchKind.ack_999),
        direction=BatchDirection.inbound,
        status=BatchStatus.received,
        filename=files.safe_name(filename),
        storage_key=stored.key,
        size_bytes=stored.size,
        content_sha256=stored.sha256,
        detail=f"source: {source}",
    )
    repo.add(batch)
    session.flush()
    audit.record(
        session,
        ctx,
        "batch.received",
        batch,
        changes={"kind": [None, kind_code], "filename": [None, batch.filename], "source": [None, source]},
    )
    return batch


def _fail(batch: Batch, detail: str, error: RcmError | None) -> IngestResult:
    batch.status, batch.processed_at = BatchStatus.failed, utcnow()
    batch.detail = detail[:2000]
    log.warning("inbound file failed", extra={"batch_id": str(batch.id), "detail": detail[:500]})
    if error is None:
        error = InboundFileUnreadable(detail, batch_id=str(batch.id))
    error.context.setdefault("batch_id", str(batch.id))
    return IngestResult(batch, error=error)
