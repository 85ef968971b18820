"""999 and 277CA answers move submitted claims: rejection is Rejected (never Denied), A1/A2 Accepted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from rcm.batches import inbound
from rcm.batches import service as batches
from rcm.batches.models import Batch, BatchStatus
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from rcm.edi import build_277ca, build_999
from rcm.edi.acknowledgment import FunctionalGroupAck, SegmentError, TransactionSetAck
from rcm.edi.build_277ca import ClaimAck, claim_ack_tree
from rcm.edi.claim_status import StatusCode
from rcm.edi.common import Entity
from rcm.edi.x12.writer import EnvelopeSpec
from tests.factories import OrgFixture, make_claim, scrubbed


def _envelope(n: int = 7001) -> EnvelopeSpec:
    return EnvelopeSpec(
        sender_id="CLEARHOUSE",
        receiver_id="RIVERSIDE",
        interchange_control_number=n,
        group_control_number=n,
        transaction_set_control_number=n,
        created_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
    )


def _submitted(session: Session, org: OrgFixture, count: int = 2) -> tuple[Batch, list[Claim]]:
    claims = [scrubbed(session, org, make_claim(session, org)) for _ in range(count)]
    return batches.submit_claims(session, org.ctx, [c.id for c in claims])[0], claims


def _999(batch: Batch, status: str, errors: list[SegmentError] | None = None) -> bytes:
    ts = TransactionSetAck(
        "837",
        batch.transaction_control_number,
        status,
        "005010X222A1",
        error_codes=["5"] if status == "R" else [],
        segment_errors=errors or [],
    )
    ack = FunctionalGroupAck(
        "HC", batch.group_control_number, "005010X222A1", status, 1, 1, 1 if status == "A" else 0, [ts]
    )
    return build_999(ack, _envelope()).encode()


def _277ca(decisions: list[tuple[Claim, str, str]], pccn: str = "") -> bytes:
    person = Entity("QC", "1", "DOE", "PAT")
    provider = Entity("85", "2", "RIVERSIDE CLINIC", id_qualifier="XX", identifier="1234567893")
    acks = [
        ClaimAck(
            c.patient_control_number,
            Decimal(c.charge_cents) / 100,
            c.service_date_from,
            person,
            provider,
            StatusCode(category, status, "PR"),
            payer_claim_control_number=pccn,
        )
        for c, category, status in decisions
    ]
    tree = claim_ack_tree(
        Entity("PR", "2", "PAYER"),
        Entity("41", "2", "RIVERSIDE"),
        acks,
        day=date(2026, 11, 21),
        batch_trace="T1",
        reference_id="R1",
    )
    return build_277ca(tree, _envelope(7002)).encode()


class Test999:
    def test_rejected_transaction_set_rejects_every_claim_with_codes(
        self, session: Session, org: OrgFixture
    ) -> None:
        batch, claims = _submitted(session, org)
        errors = [SegmentError("NM1", 12, "8", "2010BA")]
        result = inbound.ingest(session, org.ctx, "ack.999", _999(batch, "R", errors), source="test")
        assert result.error is None, result.error
        assert result.summary["rejected"] == 2
        assert all(c.status is ClaimStatus.rejected and c.rejection_count == 1 for c in claims)
        assert batch.status is BatchStatus.rejected
        assert result.batch.related_batch_id == batch.id

    def test_accepted_999_leaves_claims_submitted_and_records_it(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        batch, claims = _submitted(session, org, 1)
        inbound.ingest(session, org.ctx, "ack.999", _999(batch, "A"), source="test")
        assert claims[0].status is ClaimStatus.submitted
        assert batch.status is BatchStatus.acknowledged
        session.commit()
        acks = as_role("biller").get(f"/claims/{claims[0].id}/acknowledgments").json()
        assert [(a["kind"], a["category"], a["accepted"]) for a in acks] == [("999", "A", True)]


class Test277CA:
    def test_a2_accepts_a7_rejects(self, session: Session, org: OrgFixture) -> None:
        _, (good, bad) = _submitted(session, org)
        content = _277ca([(good, "A2", "20"), (bad, "A7", "562")], pccn="PAYER-CCN-1")
        result = inbound.ingest(session, org.ctx, "ack.277", content, source="test")
        assert result.error is None, result.error
        assert result.batch.kind.value == "277CA"
        assert good.status is ClaimStatus.accepted
        assert good.payer_claim_control_number == "PAYER-CCN-1"
        assert bad.status is ClaimStatus.rejected  # never Denied: no adjudication happened
        assert bad.adjudication_count == 0

    def test_unknown_claim_is_reported_not_fatal(self, session: Session, org: OrgFixture) -> None:
        _, (claim,) = _submitted(session, org, 1)
        stranger = make_claim(session, org)
        stranger.patient_control_number = "NOT-OURS-1"
        content = _277ca([(claim, "A1", "19"), (stranger, "A1", "19")])
        session.expunge(stranger)
        result = inbound.ingest(session, org.ctx, "ack.277", content, source="test")
        assert result.summary["unmatched"] == ["NOT-OURS-1"]
        assert claim.status is ClaimStatus.accepted


class TestInboundSafety:
    def test_same_file_twice_is_processed_once(self, session: Session, org: OrgFixture) -> None:
        batch, claims = _submitted(session, org, 1)
        content = _999(batch, "R")
        first = inbound.ingest(session, org.ctx, "a.999", content, source="test")
        second = inbound.ingest(session, org.ctx, "a-again.999", content, source="test")
        assert second.duplicate and second.batch.id == first.batch.id
        assert claims[0].rejection_count == 1

    def test_malformed_upload_is_422_and_kept(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        biller = as_role("biller")
        res = biller.post("/edi/inbound", files={"file": ("junk.999", b"ISA*00*garbage~", "text/plain")})
        assert res.status_code == 422
        body = res.json()
        assert body["error"] == "InboundFileUnreadable"
        stored = biller.get(f"/batches/{body['context']['batch_id']}")
        assert stored.status_code == 200 and stored.json()["status"] == "failed"

    def test_truncated_999_names_the_problem(
        self, session: Session, org: OrgFixture, as_role: Callable
    ) -> None:
        batch, _ = _submitted(session, org, 1)
        session.commit()
        text = _999(batch, "R").decode()
        cut = text[: text.index("AK9")]  # no AK9/SE/GE/IEA
        res = as_role("biller").post("/edi/inbound", files={"file": ("cut.999", cut.encode(), "text/plain")})
        assert res.status_code == 422
        assert res.json()["error"].startswith("X12")
