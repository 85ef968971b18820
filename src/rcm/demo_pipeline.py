"""Run demo claims through the real pipeline: scrub, 837 to the payer simulator, 999/277CA back,
835s posted, next-payer claims billed. What `make run` shows is what production would do."""

from __future__ import annotations

import uuid
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from rcm.batches import service as batches
from rcm.batches import transport
from rcm.claims import service as claims
from rcm.claims.repository import ClaimFilters
from rcm.claims.state_machine import ClaimStatus
from rcm.db import unit_of_work
from rcm.scrubbing import service as scrubbing
from rcm.tenancy import AuthContext

# Per payer id: how the simulated payer behaves (one payer slow to pay keeps claims Accepted).
SIMULATOR = {
    "seed": 20261123,
    "default": {
        "adjudication_delay_days": 0,
        "reversal_delay_days": 0,
        "rejection_rate": 0.08,
        "denial_rate": 0.12,
        "partial_payment_rate": 0.1,
        "reversal_rate": 0.03,
    },
    "payers": {"DEMOMAHMO": {"adjudication_delay_days": 45}},
}


def configure_simulator(org_id: uuid.UUID) -> Path:
    folder = transport.clearinghouse_dir(org_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "simulator.yaml"
    path.write_text(yaml.safe_dump(SIMULATOR))
    return path


def _draft_ids(session: Session, ctx: AuthContext) -> list[uuid.UUID]:
    return claims.claim_ids_where(session, ctx, ClaimFilters(status=[ClaimStatus.draft]))


def run(org_id: uuid.UUID, *, submit_share: float = 0.85) -> dict[str, int]:
    """Scrub every Draft claim, submit most clean ones, let the simulator answer, post what it sends."""
    ctx = AuthContext.system(org_id)
    configure_simulator(org_id)
    with unit_of_work() as session:
        outcomes = scrubbing.scrub_claims(session, ctx, _draft_ids(session, ctx))
        clean = [o.claim.id for o in outcomes if not o.result.blocking]
    keep = clean[int(len(clean) * submit_share) :]  # some stay Scrubbed, waiting for the next batch
    to_send = [c for c in clean if c not in set(keep)]
    if to_send:
        with unit_of_work() as session:
            sent = batches.submit_claims(session, ctx, to_send, reason="demo daily batch")
            batch_ids = [b.id for b in sent]
        for batch_id in batch_ids:  # what the send job does after commit, done here synchronously
            with unit_of_work() as session:
                transport.send_batch(session, ctx, batch_id)
    first, second = transport.poll(org_id), transport.poll(org_id)  # answers, then corrected payments
    _bill_next_payers(ctx)
    return {
        "scrubbed": len(outcomes),
        "clean": len(clean),
        "submitted": len(to_send),
        "files": first.files + second.files,
        "failed": first.failed + second.failed,
    }


def _bill_next_payers(ctx: AuthContext) -> None:
    """Secondary claims the postings created get scrubbed too (a manager submits them later)."""
    with unit_of_work() as session:
        scrubbing.scrub_claims(session, ctx, _draft_ids(session, ctx))
