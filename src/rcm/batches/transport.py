"""Moving files through the organization's clearinghouse connector (send, poll)."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from rcm import files
from rcm.audit import service as audit
from rcm.batches import inbound
from rcm.batches.models import BatchStatus
from rcm.batches.repository import BatchRepository
from rcm.config import get_settings
from rcm.db import unit_of_work, utcnow
from rcm.tenancy import AuthContext

log = logging.getLogger(__name__)
MAX_SEND_ATTEMPTS = 5


def clearinghouse_dir(org_id: uuid.UUID) -> Path:
    return get_settings().data_dir / "clearinghouse" / str(org_id)


def connector_for(org_id: uuid.UUID) -> Any:
    """The org's connector: the built-in payer simulator, a file drop, or SFTP (settings)."""
    from rcm.clearinghouse import make_connector

    settings = get_settings()
    root = clearinghouse_dir(org_id)
    outbound = settings.clearinghouse_outbound_dir or root / "outbound"
    inbound_dir = settings.clearinghouse_inbound_dir or root / "inbound"
    sftp = {
        "host": settings.sftp_host,
        "port": settings.sftp_port,
        "username": settings.sftp_username,
        "password": settings.sftp_password,
        "client_keys": settings.sftp_key_files,
        "known_hosts": settings.sftp_known_hosts,
        "remote_outbound": settings.sftp_remote_outbound,
        "remote_inbound": settings.sftp_remote_inbound,
    }
    options = (
        sftp if settings.clearinghouse == "sftp" else {"outbound_dir": outbound, "inbound_dir": inbound_dir}
    )
    return make_connector(settings.clearinghouse, state_dir=root, **options)


def send_batch(session: Session, ctx: AuthContext, batch_id: uuid.UUID) -> None:
    batch = BatchRepository(session, ctx).get_or_raise(batch_id)
    if batch.status not in (BatchStatus.created, BatchStatus.send_failed):
        return  # already sent: sending is idempotent by batch
    batch.send_attempts += 1
    try:
        receipt = connector_for(ctx.org_id).send_batch(
            batch.interchange_control_number, batch.filename, files.read(batch.storage_key)
        )
    except (OSError, ConnectionError) as exc:
        batch.status, batch.detail = BatchStatus.send_failed, f"send failed: {exc}"[:2000]
        log.warning("batch send failed", extra={"batch_id": str(batch.id), "error": str(exc)})
        return
    batch.status, batch.sent_at = BatchStatus.sent, utcnow()
    audit.record(
        session,
        ctx,
        "batch.sent",
        batch,
        changes={"status": ["created", "sent"]},
        reason=str(getattr(receipt, "detail", "") or "")[:200],
    )


def resend_unsent(session: Session, ctx: AuthContext) -> list[uuid.UUID]:
    return [b.id for b in BatchRepository(session, ctx).unsent(MAX_SEND_ATTEMPTS)]


@dataclass
class PollResult:
    files: int = 0
    processed: int = 0
    duplicates: int = 0
    failed: int = 0


def poll(org_id: uuid.UUID) -> PollResult:
    """Fetch the clearinghouse's answers and ingest each file in its own transaction."""
    result = PollResult()
    ctx = AuthContext.system(org_id)
    connector = connector_for(org_id)
    for item in connector.fetch_responses():
        result.files += 1
        try:
            with unit_of_work() as session:
                ingested = inbound.ingest(session, ctx, item.name, item.content, source="clearinghouse")
        except Exception:
            # Unexpected: keep the bytes in the file store so nothing is lost, then carry on.
            stored = files.store(org_id, f"unprocessed-{item.name}", item.content)
            log.exception("inbound file could not be ingested", extra={"stored_as": stored.key})
            result.failed += 1
            continue
        connector.acknowledge(item)
        if ingested.duplicate:
            result.duplicates += 1
        elif ingested.error is not None:
            result.failed += 1
        else:
            result.processed += 1
    return result
