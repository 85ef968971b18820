from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter

from rcm.audit import service
from rcm.audit.schemas import AuditEventRead, ChainReportRead
from rcm.auth.permissions import Action
from rcm.pagination import PageOut
from rcm.routing import PageDep, SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/audit", tags=["audit"])
AuditRead = Annotated[AuthContext, permission(Action.audit_read)]
AuditVerify = Annotated[AuthContext, permission(Action.audit_verify)]


@router.get("/events", response_model=PageOut[AuditEventRead])
def list_events(
    ctx: AuditRead,
    session: SessionDep,
    page: PageDep,
    entity_type: str | None = None,
    actor_id: uuid.UUID | None = None,
    since: datetime | None = None,
) -> object:
    """The organization's audit log, newest first."""
    return service.list_events(session, ctx, page, entity_type=entity_type, actor_id=actor_id, since=since)


@router.get("/verify", response_model=ChainReportRead)
def verify(ctx: AuditVerify, session: SessionDep) -> service.ChainReport:
    """Recompute the organization's hash chain and report the first broken link."""
    return service.verify_chain(session, ctx)
