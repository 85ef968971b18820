from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from rcm.auth.permissions import Action
from rcm.claims.state_machine import ClaimStatus
from rcm.exports import service
from rcm.exports.schemas import ClaimExportFilters
from rcm.routing import SessionDep, permission
from rcm.tenancy import AuthContext

router = APIRouter(prefix="/exports", tags=["exports"])
ClaimsRead = Annotated[AuthContext, permission(Action.claims_read)]


@router.get("/claims.csv", response_class=StreamingResponse)
def export_claims(
    ctx: ClaimsRead,
    session: SessionDep,
    status: Annotated[list[ClaimStatus] | None, Query()] = None,
    payer_id: uuid.UUID | None = None,
    service_from: date | None = None,
    service_to: date | None = None,
) -> StreamingResponse:
    """Claims as CSV, one row per claim, in the columns `POST /imports/claims` reads (streamed)."""
    rows = service.claims_csv(session, ctx, ClaimExportFilters(status, payer_id, service_from, service_to))
    headers = {"Content-Disposition": 'attachment; filename="claims.csv"'}
    return StreamingResponse(rows, media_type="text/csv; charset=utf-8", headers=headers)
