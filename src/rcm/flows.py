"""Cross-domain orchestration: what happens after what.

inbound 835 -> post the remittance -> (denials and work items are opened by posting)
            -> secondary/tertiary claims for claims with a next payer
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from rcm.batches import inbound
from rcm.batches.models import Batch, BatchKind
from rcm.payments.posting import PostingReport, post_era
from rcm.tenancy import AuthContext


def after_remittance(session: Session, ctx: AuthContext, report: PostingReport) -> dict[str, Any]:
    """Follow-ups of a posted remittance: bill the next payer where there is one."""
    from rcm.cob import service as cob

    created = cob.create_next_payer_claims(session, ctx, sorted(report.touched_claim_ids))
    return {"next_payer_claims": [str(c.id) for c in created]}


def post_remittance_file(session: Session, ctx: AuthContext, batch: Batch, content: bytes) -> dict[str, Any]:
    report = post_era(session, ctx, content, batch_id=batch.id)
    follow_ups = after_remittance(session, ctx, report) if not report.duplicate else {}
    return {**report.as_dict(), **follow_ups}


inbound.register(BatchKind.remittance_835, post_remittance_file)
