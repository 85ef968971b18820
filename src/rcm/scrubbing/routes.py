from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter

from rcm.auth.permissions import Action
from rcm.claims import service as claims
from rcm.claims.models import Claim
from rcm.claims.schemas import ClaimRead
from rcm.jobs.models import Job
from rcm.payments.schemas import JobRead
from rcm.routing import SessionDep, permission
from rcm.scrubbing import admin, service
from rcm.scrubbing.models import PriorAuthRequirement, RulePackRecord, ScrubFinding
from rcm.scrubbing.schemas import (
    BatchScrubRequest,
    FindingRead,
    PriorAuthRead,
    PriorAuthWrite,
    RulePackRead,
    RulePackWrite,
    ScrubRead,
    SignOffRequest,
)
from rcm.tenancy import AuthContext

router = APIRouter(tags=["scrubbing"])
Scrub = Annotated[AuthContext, permission(Action.claims_scrub)]
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read)]
SignOff = Annotated[AuthContext, permission(Action.claims_sign_off)]
RulePacks = Annotated[AuthContext, permission(Action.rulepacks_write)]


@router.post("/claims/{claim_id}/scrub", response_model=ScrubRead)
def scrub_claim(claim_id: uuid.UUID, ctx: Scrub, session: SessionDep) -> ScrubRead:
    """Run the built-in edits and rule packs; a Draft claim with no error finding becomes Scrubbed."""
    (outcome,) = service.scrub_claims(session, ctx, [claim_id])
    return ScrubRead(
        claim_id=outcome.claim.id,
        status=outcome.claim.status,
        blocking=outcome.result.blocking,
        rules_evaluated=outcome.result.rules_evaluated,
        findings=[FindingRead.model_validate(f, from_attributes=True) for f in outcome.result.findings],
    )


@router.post("/claims/scrub", response_model=JobRead, status_code=202)
def scrub_batch(body: BatchScrubRequest, ctx: Scrub, session: SessionDep) -> Job:
    """Scrub many claims (by ids, or every Draft claim of a payer) in a job; poll `GET /jobs/{id}`."""
    job: Job = service.start_batch(session, ctx, body.claim_ids, body.status, body.payer_id)
    return job


@router.get("/claims/{claim_id}/findings", response_model=list[FindingRead])
def claim_findings(claim_id: uuid.UUID, ctx: ClaimsRead, session: SessionDep) -> list[ScrubFinding]:
    """The findings of the claim's latest scrub."""
    return service.latest_findings(session, ctx, claim_id)


@router.post("/claims/{claim_id}/sign-off", response_model=ClaimRead)
def sign_off(claim_id: uuid.UUID, body: SignOffRequest, ctx: SignOff, session: SessionDep) -> Claim:
    """A clinician signs off the claim's coding (cleared by any later change to codes)."""
    return claims.sign_off(session, ctx, claim_id, body.note)


@router.get("/rule-packs", response_model=list[RulePackRead])
def list_packs(ctx: ClaimsRead, session: SessionDep) -> list[RulePackRecord]:
    """The organization's active rule packs (the built-in default pack always applies first)."""
    return admin.list_packs(session, ctx)


@router.post("/rule-packs", response_model=RulePackRead, status_code=201)
def save_pack(body: RulePackWrite, ctx: RulePacks, session: SessionDep) -> RulePackRecord:
    """Save a YAML pack as the next version of its name; a malformed pack is refused with its position."""
    return admin.save_pack(session, ctx, body.name, body.content, body.payer_id)


@router.get("/rule-packs/{name}", response_model=RulePackRead)
def get_pack(name: str, ctx: ClaimsRead, session: SessionDep) -> RulePackRecord:
    """The newest version of a pack."""
    return admin.get_pack(session, ctx, name)


@router.post("/rule-packs/{name}/deactivate", response_model=RulePackRead)
def deactivate_pack(name: str, ctx: RulePacks, session: SessionDep) -> RulePackRecord:
    """Stop applying a pack."""
    return admin.deactivate_pack(session, ctx, name)


@router.get("/prior-auth-requirements", response_model=list[PriorAuthRead])
def list_prior_auth(ctx: ClaimsRead, session: SessionDep) -> list[PriorAuthRequirement]:
    """Codes each payer authorizes in advance."""
    return admin.list_prior_auth(session, ctx)


@router.post("/prior-auth-requirements", response_model=PriorAuthRead, status_code=201)
def add_prior_auth(body: PriorAuthWrite, ctx: RulePacks, session: SessionDep) -> PriorAuthRequirement:
    """Require prior authorization for a code with a payer (or every payer of a type)."""
    return admin.add_prior_auth(session, ctx, body.model_dump())
