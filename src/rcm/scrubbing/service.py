"""Scrub claims: the built-in edits plus the default, org and payer rule packs, before submission.

Draft -> Scrubbed only when no error finding remains; a Scrubbed claim that now fails (a pack
changed) goes back to Draft. Findings are stored per run and summarised in the claim's history.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.batches import service as batches
from rcm.claims import lifecycle
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimEvent, ClaimStatus
from rcm.db import utcnow
from rcm.scrubbing import dblookups
from rcm.scrubbing.context_builder import build_context
from rcm.scrubbing.engine import Scrubber, ScrubResult
from rcm.scrubbing.models import ScrubFinding
from rcm.scrubbing.packs import RulePack, load_default_pack, load_pack
from rcm.scrubbing.repository import FindingRepository, RulePackRepository
from rcm.tenancy import AuthContext

_SCRUBBERS: dict[uuid.UUID, tuple[tuple[Any, ...], Scrubber]] = {}


@dataclass(frozen=True, slots=True)
class ScrubOutcome:
    claim: Claim
    result: ScrubResult
    moved_to: ClaimStatus | None


def org_packs(session: Session, ctx: AuthContext) -> list[RulePack]:
    """The default pack, then the org's active packs (all-payer ones first, then payer ones)."""
    stored = RulePackRepository(session, ctx).active()
    return [load_default_pack(), *(load_pack(p.content, f"{p.name} v{p.version}") for p in stored)]


def _scrubber(session: Session, ctx: AuthContext) -> Scrubber:
    """Compiled once per org and pack set; rebuilt when a pack is saved or deactivated."""
    key = RulePackRepository(session, ctx).fingerprint()
    cached = _SCRUBBERS.get(ctx.org_id)
    if cached is None or cached[0] != key:
        cached = _SCRUBBERS[ctx.org_id] = (key, Scrubber(org_packs(session, ctx)))
    return cached[1]


def _with_lookups(base: Scrubber, lookups: Any) -> Scrubber:
    scrubber = copy.copy(base)  # shares the compiled rules and plan cache
    scrubber.lookups = lookups
    return scrubber


def scrub_claims(
    session: Session, ctx: AuthContext, claim_ids: Sequence[uuid.UUID], *, today: date | None = None
) -> list[ScrubOutcome]:
    selected = claims.get_claims_for_update(session, ctx, claim_ids)
    data = batches.load_submission_data(session, ctx, selected)
    today = today or date.today()
    contexts = [build_context(claim, data, today) for claim in selected]
    scrubber = _with_lookups(_scrubber(session, ctx), dblookups.prefetch(session, ctx, contexts, data.payers))
    outcomes = [
        _apply(session, ctx, claim, scrubber.scrub(context))
        for claim, context in zip(selected, contexts, strict=True)
    ]
    session.flush()
    return outcomes


def _apply(session: Session, ctx: AuthContext, claim: Claim, result: ScrubResult) -> ScrubOutcome:
    run_id, now = uuid.uuid4(), utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "org_id": ctx.org_id,
            "created_at": now,
            "updated_at": now,
            "created_by": ctx.user_id,
            "updated_by": ctx.user_id,
            "claim_id": claim.id,
            "run_id": run_id,
            "rule_id": f.rule_id,
            "severity": f.severity.value,
            "line_number": f.line_number,
            "field": f.field or "",
            "message": f.message[:1000],
            "fix_hint": (f.fix_hint or "")[:1000],
            "carc": str(f.carc or ""),
        }
        for f in result.findings
    ]
    FindingRepository(session, ctx).insert_many(rows)
    summary = {
        "errors": [len(result.errors)],
        "warnings": [len(result.warnings)],
        "rules": sorted(result.rule_ids),
        "rules_evaluated": result.rules_evaluated,
    }
    audit.record(
        session,
        ctx,
        "claim.scrubbed",
        claim,
        changes=summary,
        source_document_id=run_id,
        reason="blocked" if result.blocking else "clean",
    )
    event = _event(claim.status, result.blocking)
    if event is not None:
        lifecycle.apply_event(
            session,
            ctx,
            claim,
            event,
            source_document_id=run_id,
            reason="scrub passed" if event is ClaimEvent.scrub_passed else "scrub now fails",
        )
    return ScrubOutcome(claim, result, claim.status if event else None)


def _event(status: ClaimStatus, blocking: bool) -> ClaimEvent | None:
    if status is ClaimStatus.draft and not blocking:
        return ClaimEvent.scrub_passed
    if status is ClaimStatus.scrubbed and blocking:
        return ClaimEvent.edit
    return None


def latest_findings(session: Session, ctx: AuthContext, claim_id: uuid.UUID) -> list[ScrubFinding]:
    claims.get_claim(session, ctx, claim_id)
    return FindingRepository(session, ctx).latest(claim_id)


def start_batch(
    session: Session,
    ctx: AuthContext,
    claim_ids: list[uuid.UUID] | None,
    status: ClaimStatus | None,
    payer_id: uuid.UUID | None,
) -> Any:
    """Queue a batch scrub of the given claims (or every claim in `status`, of `payer_id`) as a job."""
    from rcm.claims.repository import ClaimFilters
    from rcm.jobs import service as jobs
    from rcm.jobs.queue import enqueue

    if claim_ids is None:
        claim_ids = claims.claim_ids_where(
            session, ctx, ClaimFilters(status=[status] if status else None, payer_id=payer_id)
        )
    job = jobs.create_job(
        session, ctx, "scrubbing.scrub_batch", len(claim_ids), {"claim_ids": [str(c) for c in claim_ids]}
    )
    enqueue(session, "scrubbing.scrub_batch", job_id=job.id, org_id=ctx.org_id)
    return job
