"""The appeal's documents: attachments (upload, download, limits) and the letter PDF."""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rcm.appeals import documents
from rcm.appeals.letter import LetterFacts, render_pdf, render_text
from rcm.claims.models import Claim
from rcm.denials import mapping
from tests.appeals.test_appeals import ARGUMENT, open_appeal
from tests.denials.helpers import Denier, fresh
from tests.factories import OrgFixture

RECORDS = ("progress-notes.pdf", b"%PDF-1.4\n% progress notes of the visit\n", "application/pdf")


def pdf_text(pdf: bytes) -> bytes:
    """The page content of a PDF: every stream, inflated when it is Flate-compressed."""
    chunks = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks)


def upload(client: TestClient, appeal: dict[str, Any], file: tuple[str, bytes, str] = RECORDS) -> Any:
    return client.post(f"/appeals/{appeal['id']}/attachments", files={"file": file})


class TestAttachments:
    def test_upload_and_download_keep_bytes_and_content_type(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        appeal = open_appeal(as_role("billing_manager"), denied())
        biller = as_role("biller")
        res = upload(biller, appeal)
        assert res.status_code == 201, res.text
        att = res.json()
        assert (att["filename"], att["content_type"], att["size_bytes"]) == (
            "progress-notes.pdf",
            "application/pdf",
            len(RECORDS[1]),
        )
        assert att["sha256"] == hashlib.sha256(RECORDS[1]).hexdigest()
        down = as_role("ma_rn").get(f"/appeals/{appeal['id']}/attachments/{att['id']}")
        assert down.status_code == 200
        assert down.content == RECORDS[1]
        assert down.headers["content-type"] == "application/pdf"
        assert 'filename="progress-notes.pdf"' in down.headers["content-disposition"]
        listed = biller.get(f"/appeals/{appeal['id']}/attachments").json()
        assert [a["id"] for a in listed] == [att["id"]]

    def test_unsafe_names_and_odd_content_types_are_neutralised(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        appeal = open_appeal(as_role("billing_manager"), denied())
        res = upload(as_role("biller"), appeal, ("../../etc/pass wd.txt", b"x", "not a type"))
        assert res.status_code == 201, res.text
        assert (res.json()["filename"], res.json()["content_type"]) == (
            "pass_wd.txt",
            "application/octet-stream",
        )

    def test_empty_and_oversized_files_are_refused(
        self, session: Session, denied: Denier, as_role: Callable, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        appeal = open_appeal(as_role("billing_manager"), denied())
        biller = as_role("biller")
        empty = upload(biller, appeal, ("empty.pdf", b"", "application/pdf"))
        assert empty.status_code == 422 and empty.json()["error"] == "AttachmentRejected"
        monkeypatch.setattr(documents, "MAX_ATTACHMENT_BYTES", 16)
        big = upload(biller, appeal, ("big.pdf", b"x" * 17, "application/pdf"))
        assert big.status_code == 422 and big.json()["context"]["limit"] == 16
        assert biller.get(f"/appeals/{appeal['id']}/attachments").json() == []

    def test_frozen_once_submitted(self, session: Session, denied: Denier, as_role: Callable) -> None:
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denied())
        manager.post(f"/appeals/{appeal['id']}/submit")
        res = upload(as_role("biller"), appeal)
        assert res.status_code == 409 and res.json()["error"] == "AppealAlreadySubmitted"
        regen = as_role("biller").post(f"/appeals/{appeal['id']}/letter")
        assert regen.status_code == 409

    def test_who_may_upload_and_where(
        self, session: Session, other_org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denied())
        other = open_appeal(manager, denied())
        assert upload(as_role("front_desk"), appeal).status_code == 403
        att = upload(manager, appeal).json()
        assert upload(as_role("billing_manager", of=other_org), appeal).status_code == 404
        outsider = as_role("practice_admin", of=other_org)
        assert outsider.get(f"/appeals/{appeal['id']}/attachments/{att['id']}").status_code == 404
        wrong_appeal = manager.get(f"/appeals/{other['id']}/attachments/{att['id']}")
        assert wrong_appeal.status_code == 404


class TestLetter:
    def test_the_letter_is_a_pdf_with_the_claim_the_codes_and_the_argument(
        self, session: Session, org: OrgFixture, denied: Denier, as_role: Callable
    ) -> None:
        denial = denied(carc="50", remarks=("N115",))
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denial)
        upload(as_role("biller"), appeal)
        generated = as_role("biller").post(f"/appeals/{appeal['id']}/letter")
        assert generated.status_code == 200, generated.text
        assert generated.json()["letter_generated"] is True
        res = manager.get(f"/appeals/{appeal['id']}/letter")
        assert res.status_code == 200
        assert res.headers["content-type"] == "application/pdf"
        assert res.content.startswith(b"%PDF-") and res.content.rstrip().endswith(b"%%EOF")
        text = pdf_text(res.content)
        claim = fresh(session, Claim, denial.claim_id)
        expected = [
            org.name,
            "Acme Health",
            claim.patient_control_number,
            "PCCN" + claim.patient_control_number,
            mapping.reason_text("CO", "50"),
            "Remark codes: N115",
            "$100.00",
            ARGUMENT["citations"][0],
            "progress-notes.pdf",
            "1st-level appeal",
        ]
        for value in expected:
            assert value.encode() in text, value
        assert b"not medically necessary per payer" in text  # our label, never X12's description

    def test_no_letter_before_it_is_generated(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        appeal = open_appeal(as_role("billing_manager"), denied())
        res = as_role("biller").get(f"/appeals/{appeal['id']}/letter")
        assert res.status_code == 404 and res.json()["error"] == "LetterNotGenerated"

    def test_submitting_generates_the_missing_letter(
        self, session: Session, denied: Denier, as_role: Callable
    ) -> None:
        manager = as_role("billing_manager")
        appeal = open_appeal(manager, denied())
        assert manager.post(f"/appeals/{appeal['id']}/submit").json()["letter_generated"] is True
        assert manager.get(f"/appeals/{appeal['id']}/letter").status_code == 200


def facts(**changes: Any) -> LetterFacts:
    base: dict[str, Any] = {
        "organization": "Riverside Practice",
        "provider_name": "Riverside Clinic",
        "provider_address": ["100 Main St", "Springfield, IL 62701-1234"],
        "provider_npi": "1234567893",
        "provider_tax_id": "123456789",
        "contact_name": "Dana Biller",
        "contact_phone": "2175550100",
        "payer_name": "Acme Health",
        "payer_address": ["1 Payer Way", "Columbus, OH 43215"],
        "patient_name": "Pat Doe",
        "patient_account": "ACCT000001",
        "member_id": "MEM0000001",
        "patient_control_number": "C1234567890ABC",
        "payer_claim_control_number": "",
        "service_from": date(2026, 1, 2),
        "service_to": date(2026, 1, 3),
        "billed_cents": 123456,
        "denied_cents": 100000,
        "denied_line": "",
        "denial_codes": ["CO-197: prior authorization absent"],
        "remark_codes": [],
        "level": 2,
        "deadline": date(2026, 7, 1),
        "reason": "Authorization PA-1 was on file.",
        "argument": "",
        "letter_date": datetime(2026, 1, 20, tzinfo=UTC),
    }
    return LetterFacts(**{**base, **changes})


class TestLetterText:
    def test_free_text_cannot_inject_layout(self) -> None:
        text = render_text(facts(argument="# Not a title\n| Not | a row\nplain “quoted” line"))
        assert "\\# Not a title" in text and "\\| Not | a row" in text
        assert 'plain "quoted" line' in text

    def test_empty_parts_are_left_out_and_amounts_formatted(self) -> None:
        text = render_text(facts())
        assert "Supporting argument" not in text and "References" not in text
        assert "| Payer claim control number | not assigned" in text
        assert "| Dates of service | 01/02/2026 to 01/03/2026" in text
        assert "$1,234.56" in text and "2nd-level appeal" in text and "(217) 555-0100" in text
        assert "- None" in text  # no enclosures

    def test_uncompressed_output_shows_the_text_directly(self) -> None:
        pdf = render_pdf(facts(reason="Authorization PA-1 was on file \u2014 see the portal."))
        raw = render_pdf(facts(), compress=False)
        assert b"C1234567890ABC" in raw and b"CO-197: prior authorization absent" in raw
        body = b"prior authorization absent"
        assert body not in pdf and body in pdf_text(pdf)  # compressed, yet the same text
        assert b"on file - see the portal" in pdf_text(pdf)  # an em dash is not Latin-1: mapped
