"""The appeal's documents: the generated letter (PDF) and the attachments (medical records, notes...)."""

from __future__ import annotations

import re
import uuid

from sqlalchemy.orm import Session

from rcm import files, records
from rcm.appeals import letter
from rcm.appeals.errors import (
    AppealAlreadySubmitted,
    AppealNotPending,
    AttachmentRejected,
    LetterNotGenerated,
)
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.db import utcnow
from rcm.denials import mapping
from rcm.denials import service as denials
from rcm.denials.models import Appeal, AppealAttachment, AppealStatus
from rcm.denials.repository import AppealRepository, AttachmentRepository
from rcm.errors import NotFound
from rcm.orgs import service as orgs
from rcm.patients import service as patients
from rcm.payers import service as payers
from rcm.providers import service as providers
from rcm.tenancy import AuthContext

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 25
_CONTENT_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def require_editable(appeal: Appeal) -> None:
    """Letter and attachments may change until the package goes to the payer."""
    if appeal.status is not AppealStatus.pending:
        raise AppealNotPending(f"the appeal is {appeal.status.value}", status=appeal.status.value)
    if appeal.submitted_at is not None:
        raise AppealAlreadySubmitted(
            "the appeal was submitted; its letter and attachments are frozen",
            submitted_at=appeal.submitted_at.isoformat(),
        )


def _address(line1: str, line2: str, city: str, state: str, postal: str) -> list[str]:
    zip_code = f"{postal[:5]}-{postal[5:]}" if len(postal) == 9 else postal
    return [x for x in (line1, line2, f"{city}, {state} {zip_code}".strip(" ,")) if x]


def _denied_line(claim: Claim, line_id: uuid.UUID | None) -> str:
    for line in claim.lines if line_id else []:
        if line.id == line_id:
            mods = f"-{'-'.join(line.modifiers)}" if line.modifiers else ""
            day = line.service_date.strftime("%m/%d/%Y")
            return f"line {line.line_number}: {line.procedure_code}{mods} on {day}"
    return ""


def letter_facts(session: Session, ctx: AuthContext, appeal: Appeal) -> letter.LetterFacts:
    denial = denials.get_denial(session, ctx, appeal.denial_id)
    claim = claims.get_claim(session, ctx, appeal.claim_id)
    org = orgs.get_organization(session, ctx)
    biller = providers.get_provider(session, ctx, claim.billing_provider_id)
    payer = payers.get_payer(session, ctx, claim.payer_id)
    patient = patients.get_patient(session, ctx, claim.patient_id)
    coverage = patients.get_coverage(session, ctx, claim.coverage_id) if claim.coverage_id else None
    attached = AttachmentRepository(session, ctx).of_appeal(appeal.id)
    return letter.LetterFacts(
        organization=org.name,
        provider_name=" ".join(x for x in (biller.first_name, biller.name) if x),
        provider_address=_address(
            biller.address_line1, biller.address_line2, biller.city, biller.state, biller.postal_code
        ),
        provider_npi=biller.npi,
        provider_tax_id=biller.tax_id,
        contact_name=org.submitter_contact_name,
        contact_phone=org.submitter_contact_phone,
        payer_name=payer.name,
        payer_address=_address(
            payer.address_line1, payer.address_line2, payer.city, payer.state, payer.postal_code
        ),
        patient_name=f"{patient.first_name} {patient.last_name}",
        patient_account=patient.account_number,
        member_id=coverage.member_id if coverage else "",
        patient_control_number=claim.patient_control_number,
        payer_claim_control_number=claim.payer_claim_control_number,
        service_from=claim.service_date_from,
        service_to=claim.service_date_to,
        billed_cents=claim.charge_cents,
        denied_cents=denial.amount_cents,
        denied_line=_denied_line(claim, denial.claim_line_id),
        denial_codes=[mapping.reason_text(denial.group_code, denial.carc)],
        remark_codes=list(denial.rarcs),
        level=appeal.level,
        deadline=appeal.deadline,
        reason=appeal.reason,
        argument=appeal.argument,
        citations=list(appeal.citations),
        attachments=[a.filename for a in attached],
        letter_date=utcnow(),
    )


def write_letter(session: Session, ctx: AuthContext, appeal: Appeal) -> Appeal:
    pdf = letter.render_pdf(letter_facts(session, ctx, appeal))
    stored = files.store(ctx.org_id, f"appeal-{appeal.id.hex[:12]}-letter.pdf", pdf)
    values = {"letter_storage_key": stored.key}
    return records.update(session, ctx, appeal, values, "appeal.letter_generated", reason=stored.sha256)


def generate_letter(session: Session, ctx: AuthContext, appeal_id: uuid.UUID) -> Appeal:
    """(Re)generate the appeal letter from the claim, the denial and the appeal, and store it."""
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id, for_update=True)
    require_editable(appeal)
    return write_letter(session, ctx, appeal)


def letter_content(session: Session, ctx: AuthContext, appeal_id: uuid.UUID) -> tuple[Appeal, bytes]:
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id)
    if not appeal.letter_storage_key:
        raise LetterNotGenerated("no letter was generated for this appeal yet", appeal_id=str(appeal_id))
    return appeal, files.read(appeal.letter_storage_key)


def add_attachment(
    session: Session,
    ctx: AuthContext,
    appeal_id: uuid.UUID,
    filename: str,
    content_type: str,
    content: bytes,
) -> AppealAttachment:
    """Store a supporting document (records, notes, an EOB) with the appeal, keeping its content type."""
    appeal = AppealRepository(session, ctx).get_or_raise(appeal_id, for_update=True)
    require_editable(appeal)
    repo = AttachmentRepository(session, ctx)
    _check_attachment(content, len(repo.of_appeal(appeal.id)))
    name = files.safe_name(filename or "attachment")
    stored = files.store(ctx.org_id, name, content)
    kind = content_type.split(";")[0].strip().lower()
    row = AppealAttachment(
        appeal_id=appeal.id,
        filename=name,
        content_type=kind if _CONTENT_TYPE.match(kind) else "application/octet-stream",
        storage_key=stored.key,
        size_bytes=stored.size,
        sha256=stored.sha256,
    )
    return records.create(session, ctx, repo, row, "appeal.attachment_added")


def _check_attachment(content: bytes, already: int) -> None:
    if not content:
        raise AttachmentRejected("the file is empty")
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRejected(
            f"the file is larger than {MAX_ATTACHMENT_BYTES // (1024 * 1024)} MiB", limit=MAX_ATTACHMENT_BYTES
        )
    if already >= MAX_ATTACHMENTS:
        raise AttachmentRejected(
            f"an appeal holds at most {MAX_ATTACHMENTS} attachments", limit=MAX_ATTACHMENTS
        )


def list_attachments(session: Session, ctx: AuthContext, appeal_id: uuid.UUID) -> list[AppealAttachment]:
    AppealRepository(session, ctx).get_or_raise(appeal_id)
    return AttachmentRepository(session, ctx).of_appeal(appeal_id)


def attachment_content(
    session: Session, ctx: AuthContext, appeal_id: uuid.UUID, attachment_id: uuid.UUID
) -> tuple[AppealAttachment, bytes]:
    found = AttachmentRepository(session, ctx).get_or_raise(attachment_id)
    if found.appeal_id != appeal_id:
        raise NotFound(f"attachment {attachment_id} not found", id=str(attachment_id))
    return found, files.read(found.storage_key)
