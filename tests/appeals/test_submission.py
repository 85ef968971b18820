"""Submitting an appeal: refused late, frozen, packaged and sent through the connector after commit, once."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from unittest.mock import ANY, create_autospec

import pytest
from sqlalchemy.orm import Session

from rcm.appeals import service, submission, tasks
from rcm.appeals.errors import AppealDeadlinePassed
from rcm.appeals.package import control_number
from rcm.appeals.schemas import AppealCreate
from rcm.audit.repository import AuditRepository
from rcm.batches import transport
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.clearinghouse.connector import ClearinghouseConnector
from rcm.denials.models import Appeal, Denial
from rcm.tenancy import AuthContext
from tests.appeals.test_appeals import ARGUMENT, open_appeal
from tests.appeals.test_documents import RECORDS, upload
from tests.denials.helpers import Denier, fresh
from tests.factories import OrgFixture, ctx_for, make_user


def outbound(org: OrgFixture) -> Path:
    return transport.clearinghouse_dir(org.id) / "outbound"


def sent_files(org: OrgFixture) -> list[Path]:
    return sorted(outbound(org).glob("APPEAL-*.zip"))


@pytest.fixture
def manager(session: Session, org: OrgFixture) -> AuthContext:
    return ctx_for(make_user(session, org, "billing_manager"))


def opened(session: Session, manager: AuthContext, denial: Denial) -> Appeal:
    appeal = service.open_appeal(session, manager, denial.id, AppealCreate(**ARGUMENT))
    session.commit()
    return appeal


def sent_events(session: Session, org: OrgFixture, appeal: Appeal) -> list[str]:
    events = AuditRepository(session, org.ctx).for_entity("appeal", appeal.id)
    return [e.action for e in events if e.action == "appeal.sent"]


class TestSubmit:
    def test_sent_through_the_connector_after_commit_exactly_once(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        appeal = opened(session, manager, denied())
        submission.submit_appeal(session, manager, appeal.id)
        assert sent_files(org) == []  # nothing leaves before the transaction commits
        session.commit()
        files = sent_files(org)
        assert [f.name for f in files] == [f"{control_number(appeal.id)}.zip"]
        first_bytes = files[0].read_bytes()
        tasks.send_appeal(appeal_id=str(appeal.id), org_id=str(org.id))  # a redelivered job
        assert sent_files(org) == files and files[0].read_bytes() == first_bytes
        assert sent_events(session, org, appeal) == ["appeal.sent"]
        stamped = fresh(session, Appeal, appeal.id)
        assert stamped.submitted_at is not None and stamped.submitted_by == manager.user_id

    def test_a_rolled_back_submission_sends_nothing(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        appeal = opened(session, manager, denied())
        submission.submit_appeal(session, manager, appeal.id)
        session.rollback()
        session.commit()
        assert sent_files(org) == []
        assert fresh(session, Appeal, appeal.id).submitted_at is None

    def test_the_package_holds_the_letter_the_attachments_and_a_manifest(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied()
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denial)
        upload(manager, appeal)
        res = manager.post(f"/appeals/{appeal['id']}/submit")
        assert res.status_code == 200, res.text
        (package,) = sent_files(org)
        with zipfile.ZipFile(io.BytesIO(package.read_bytes())) as archive:
            names = archive.namelist()
            manifest = json.loads(archive.read("manifest.json"))
            letter = archive.read("letter.pdf")
            attachment = archive.read("attachments/01-progress-notes.pdf")
        assert names == ["manifest.json", "letter.pdf", "attachments/01-progress-notes.pdf"]
        claim = fresh(session, Claim, denial.claim_id)
        assert manifest["control_number"] == res.json()["control_number"]
        assert manifest["patient_control_number"] == claim.patient_control_number
        assert manifest["denial"].startswith("CO-50: ") and manifest["remark_codes"] == ["N115"]
        assert [f["name"] for f in manifest["files"]] == names[1:]
        assert letter.startswith(b"%PDF-") and attachment == RECORDS[1]

    def test_a_denied_claim_goes_back_to_submitted(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        denial = denied()
        assert fresh(session, Claim, denial.claim_id).status is ClaimStatus.denied
        appeal = opened(session, manager, denial)
        submission.submit_appeal(session, manager, appeal.id)
        session.commit()
        claim = fresh(session, Claim, denial.claim_id)
        assert claim.status is ClaimStatus.submitted
        last = AuditRepository(session, org.ctx).for_entity("claim", claim.id)[-1]
        assert (last.action, last.reason, last.source_document_id) == (
            "claim.resubmit",
            "level 1 appeal submitted",
            str(appeal.id),
        )

    def test_refused_after_the_deadline(
        self, session: Session, org: OrgFixture, denied: Denier, manager: AuthContext
    ) -> None:
        denial = denied()
        appeal = opened(session, manager, denial)
        late = appeal.deadline + timedelta(days=1)
        with pytest.raises(AppealDeadlinePassed):
            submission.submit_appeal(session, manager, appeal.id, today=late)
        session.rollback()
        submission.submit_appeal(session, manager, appeal.id, today=appeal.deadline)  # the last day is fine
        session.commit()
        assert len(sent_files(org)) == 1

    def test_submitting_twice_is_a_conflict_and_billers_may_not(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denied())
        assert as_role("biller").post(f"/appeals/{appeal['id']}/submit").status_code == 403
        assert manager.post(f"/appeals/{appeal['id']}/submit").status_code == 200
        again = manager.post(f"/appeals/{appeal['id']}/submit")
        assert again.status_code == 409 and again.json()["error"] == "AppealAlreadySubmitted"
        assert len(sent_files(org)) == 1


class TestConnectorEdge:
    def test_the_connector_gets_the_control_number_and_a_zip(
        self,
        session: Session,
        org: OrgFixture,
        denied: Denier,
        manager: AuthContext,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        connector = create_autospec(ClearinghouseConnector, instance=True)
        appeal = opened(session, manager, denied())  # the claim's own 837 went out before the patch
        monkeypatch.setattr(transport, "connector_for", lambda org_id: connector)
        submission.submit_appeal(session, manager, appeal.id)
        connector.send_batch.assert_not_called()
        session.commit()
        number = control_number(appeal.id)
        connector.send_batch.assert_called_once_with(number, f"{number}.zip", ANY)
        assert connector.send_batch.call_args.args[2].startswith(b"PK")

    def test_a_failed_send_is_retryable_and_not_recorded_as_sent(
        self,
        session: Session,
        org: OrgFixture,
        denied: Denier,
        manager: AuthContext,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        connector = create_autospec(ClearinghouseConnector, instance=True)
        connector.send_batch.side_effect = OSError("outbound share unavailable")
        appeal = opened(session, manager, denied())  # the claim's own 837 went out before the patch
        monkeypatch.setattr(transport, "connector_for", lambda org_id: connector)
        submission.submit_appeal(session, manager, appeal.id)
        session.commit()  # the eager job fails and is logged; the submission itself stands
        assert fresh(session, Appeal, appeal.id).submitted_at is not None
        with pytest.raises(ConnectionError, match="could not be sent"):
            tasks.send_appeal(appeal_id=str(appeal.id), org_id=str(org.id))
        assert sent_events(session, org, appeal) == []

    def test_an_unsubmitted_appeal_is_not_sent(
        self,
        session: Session,
        org: OrgFixture,
        denied: Denier,
        manager: AuthContext,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        connector = create_autospec(ClearinghouseConnector, instance=True)
        appeal = opened(session, manager, denied())  # the claim's own 837 went out before the patch
        monkeypatch.setattr(transport, "connector_for", lambda org_id: connector)
        tasks.send_appeal(appeal_id=str(appeal.id), org_id=str(org.id))
        connector.send_batch.assert_not_called()
