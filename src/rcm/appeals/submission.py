"""Submitting an appeal: frozen, packaged (letter + attachments) and sent through the organization's
clearinghouse connector by a job that runs after the transaction commits."""

from __future__ import annotations

import logging
import uuid
from datetime import date

from sqlalchemy.orm import Session

from rcm import files, records
from rcm.appeals import documents
from rcm.appeals.package import PackageFile, build_package, control_number
from rcm.appeals.service import check_deadline
from rcm.audit import service as audit
from rcm.batches import transport
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.clearinghouse.connector import SendReceipt
from rcm.db import utcnow
from rcm.denials import mapping
from rcm.denials import service as denials
from rcm.denials.models import Appeal
from rcm.denials.repository import AppealRepository, AttachmentRepository
from rcm.jobs.queue import enqueue
from rcm.tenancy import AuthContext

log = logging.getLogger(__name__)


def submit_appeal(
    session: Session, ctx: AuthContext, appeal_id: uuid.UUID, *, today: date | None = None
) -> Appeal:
    """Freeze the appeal (a letter is generated if there is none) and send it once the request commits."""
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id, for_update=True)
    documents.require_editable(appeal)
    check_deadline(appeal.deadline, today or utcnow().date())
    if not appeal.letter_storage_key:
        documents.write_letter(session, ctx, appeal)
    values = {"submitted_at": utcnow(), "submitted_by": ctx.user_id}
    records.update(session, ctx, appeal, values, "appeal.submitted", reason=control_number(appeal.id))
    claim = claims.get_claim(session, ctx, appeal.claim_id)
    if claim.status is ClaimStatus.denied:
        lifecycle.apply_event(
            session,
            ctx,
            claim,
            ClaimEvent.resubmit,
            reason=f"level {appeal.level} appeal submitted",
            source_document_id=appeal.id,
        )
    enqueue(session, "appeals.send", appeal_id=appeal.id, org_id=ctx.org_id)
    return appeal


def send_appeal(session: Session, ctx: AuthContext, appeal_id: uuid.UUID) -> SendReceipt | None:
    """Deliver the package; the connector sends a control number once, so a retry is harmless."""
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id)
    if appeal.submitted_at is None:
        return None
    number = control_number(appeal.id)
    content = package_of(session, ctx, appeal)
    try:
        receipt: SendReceipt = transport.connector_for(ctx.org_id).send_batch(
            number, f"{number}.zip", content
        )
    except OSError as exc:
        log.warning("appeal send failed", extra={"appeal_id": str(appeal.id), "error": str(exc)})
        raise ConnectionError(f"appeal {number} could not be sent: {exc}") from exc  # retried by the worker
    if receipt.sent:
        changes = {"control_number": [None, number], "size_bytes": [None, len(content)]}
        audit.record(session, ctx, "appeal.sent", appeal, changes=changes, reason=receipt.detail[:200])
    return receipt


def package_of(session: Session, ctx: AuthContext, appeal: Appeal) -> bytes:
    assert appeal.submitted_at is not None
    denial = denials.get_denial(session, ctx, appeal.denial_id)
    claim = claims.get_claim(session, ctx, appeal.claim_id)
    attached = [
        PackageFile(a.filename, a.content_type, files.read(a.storage_key), a.sha256)
        for a in AttachmentRepository(session, ctx).of_appeal(appeal.id)
    ]
    manifest = {
        "control_number": control_number(appeal.id),
        "appeal_level": appeal.level,
        "patient_control_number": claim.patient_control_number,
        "payer_claim_control_number": claim.payer_claim_control_number,
        "denial": mapping.reason_text(denial.group_code, denial.carc),
        "remark_codes": list(denial.rarcs),
        "submitted_at": appeal.submitted_at.isoformat(),
    }
    letter = files.read(appeal.letter_storage_key)
    return build_package(manifest, letter, attached, appeal.submitted_at)
