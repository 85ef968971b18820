"""Secondary and tertiary claims from the primary's remittance, with COB loops that pass pyx12."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rcm import files
from rcm.batches import service as batches
from rcm.claims.models import Claim, PayerSequence
from rcm.claims.state_machine import ClaimStatus
from rcm.edi import parse_837
from rcm.edi.validation import validate_x12
from rcm.flows import after_remittance
from rcm.patients.models import CoveragePriority
from rcm.payments.ledger import check_ledger
from rcm.payments.posting import post_era
from tests.factories import ClaimWorld, OrgFixture, make_coverage, make_payer, scrubbed
from tests.payments.era import Clp, Line, era


def _claim(session: Session, claim_id: object) -> Claim:
    session.expire_all()
    return session.scalars(select(Claim).where(Claim.id == claim_id).options(selectinload(Claim.lines))).one()


def _post(session: Session, org: OrgFixture, content: bytes) -> list[Claim]:
    report = post_era(session, org.ctx, content)
    created = after_remittance(session, org.ctx, report)["next_payer_claims"]
    return [_claim(session, uuid.UUID(c)) for c in created]


class TestSecondary:
    def test_primary_with_patient_share_creates_a_secondary_claim(
        self, session: Session, org: OrgFixture, world: ClaimWorld, submitted: Callable[..., Claim]
    ) -> None:
        medigap = make_payer(session, org, payer_code="MEDIGAP1", name="Medigap Plan")
        make_coverage(session, org, world.patient, medigap, CoveragePriority.secondary)
        primary = submitted(lines=2)
        content = era(
            [
                Clp(
                    primary,
                    [
                        Line(6000, [("CO", "45", 2000), ("PR", "2", 2000)]),
                        Line(8000, [("CO", "45", 2500), ("PR", "1", 2000)]),
                    ],
                )
            ]
        )
        (secondary,) = _post(session, org, content)
        primary = _claim(session, primary.id)
        assert primary.status is ClaimStatus.paid and primary.next_payer_claim_id == secondary.id
        assert secondary.status is ClaimStatus.draft
        assert (secondary.payer_id, secondary.payer_sequence) == (medigap.id, PayerSequence.secondary)
        assert secondary.primary_claim_id == primary.id
        assert secondary.patient_control_number == primary.patient_control_number + "-2"
        assert [ln.charge_cents for ln in secondary.lines] == [ln.charge_cents for ln in primary.lines]
        assert check_ledger(session, org.ctx).ok

    def test_secondary_837_carries_the_primary_adjudication_and_passes_pyx12(
        self, session: Session, org: OrgFixture, world: ClaimWorld, submitted: Callable[..., Claim]
    ) -> None:
        medigap = make_payer(session, org, payer_code="MEDIGAP2", name="Medigap Plan")
        make_coverage(session, org, world.patient, medigap, CoveragePriority.secondary)
        primary = submitted(lines=2)
        content = era(
            [
                Clp(
                    primary,
                    [
                        Line(6000, [("CO", "45", 2000), ("PR", "2", 2000)]),
                        Line(8000, [("CO", "45", 2500), ("PR", "1", 2000)]),
                    ],
                )
            ]
        )
        (secondary,) = _post(session, org, content)
        scrubbed(session, org, secondary)
        (batch,) = batches.submit_claims(session, org.ctx, [secondary.id])
        text = files.read(batch.storage_key).decode()
        assert "SBR*S*" in text and "AMT*D*140~" in text and "SVD*" in text and "DTP*573*D8*" in text
        result = validate_x12(text)
        assert result.valid, result.errors
        parsed = parse_837(text)[0].claims[0]
        other = parsed.other_payers[0]
        assert other.payer.payer_id == world.payer.payer_code and other.responsibility == "P"
        assert [a.paid_amount for a in parsed.lines[0].adjudications] == [60]

    def test_no_secondary_coverage_no_claim(
        self, session: Session, org: OrgFixture, submitted: Callable[..., Claim]
    ) -> None:
        primary = submitted(lines=1)
        assert (
            _post(session, org, era([Clp(primary, [Line(6000, [("CO", "45", 2000), ("PR", "2", 2000)])])]))
            == []
        )

    def test_tertiary_after_secondary(
        self, session: Session, org: OrgFixture, world: ClaimWorld, submitted: Callable[..., Claim]
    ) -> None:
        second = make_payer(session, org, payer_code="SECOND1")
        third = make_payer(session, org, payer_code="THIRD1")
        make_coverage(session, org, world.patient, second, CoveragePriority.secondary)
        make_coverage(session, org, world.patient, third, CoveragePriority.tertiary)
        primary = submitted(lines=1)
        (secondary,) = _post(
            session,
            org,
            era([Clp(primary, [Line(6000, [("CO", "45", 2000), ("PR", "2", 2000)])])], trace="P1"),
        )
        scrubbed(session, org, secondary)
        batches.submit_claims(session, org.ctx, [secondary.id])
        secondary = _claim(session, secondary.id)
        (tertiary,) = _post(
            session,
            org,
            era(
                [Clp(secondary, [Line(1000, [("OA", "23", 8000), ("PR", "2", 1000)])])],
                trace="S1",
                payer_code="SECOND1",
            ),
        )
        assert tertiary.payer_sequence is PayerSequence.tertiary and tertiary.primary_claim_id == secondary.id
        scrubbed(session, org, tertiary)
        (batch,) = batches.submit_claims(session, org.ctx, [tertiary.id])
        parsed = parse_837(files.read(batch.storage_key))[0].claims[0]
        assert [o.responsibility for o in parsed.other_payers] == ["P", "S"]
        assert validate_x12(files.read(batch.storage_key)).valid
