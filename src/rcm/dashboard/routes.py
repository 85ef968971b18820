"""The dashboard pages: HTML shells served without a token; their scripts call the JSON API with one.

Nothing here reads the database: every number on a page comes from an authenticated, org-scoped API
call made by the browser, so the pages cannot show what the API would refuse.
"""

from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from rcm.claims.state_machine import ClaimStatus
from rcm.dashboard.kpis import KPI_CARDS
from rcm.workqueues.models import WorkItemKind

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
STATIC_PREFIX = "/dashboard/static"
# The token lives in sessionStorage: no inline script, no third-party origin may ever run on these pages.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

WORK_KINDS = {
    WorkItemKind.ar_followup: "AR follow-up",
    WorkItemKind.denial: "Denials",
    WorkItemKind.unmatched_remittance: "Unmatched remittances",
    WorkItemKind.write_off_approval: "Write-off approvals",
}

router = APIRouter(include_in_schema=False)
router.mount(STATIC_PREFIX, StaticFiles(directory=STATIC_DIR), name="dashboard-static")
templates = Jinja2Templates(directory=HERE / "templates")


@lru_cache(maxsize=1)
def asset_version() -> str:
    """A digest of the static files, appended to their URLs so a new release is never served stale."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(STATIC_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _page(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    values = {"page": page, "static": STATIC_PREFIX, "version": asset_version(), **context}
    response = templates.TemplateResponse(request, template, values)
    response.headers.update(
        {
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        }
    )
    return response


@router.get("/", response_class=HTMLResponse)
def overview_page(request: Request) -> HTMLResponse:
    """KPI cards, aging, denial rate by payer, payer scorecards and denial reasons."""
    return _page(request, "overview.html", "overview", kpis=KPI_CARDS)


@router.get("/dashboard")
def dashboard_home() -> RedirectResponse:
    """The overview lives at the root."""
    return RedirectResponse("/", status_code=307)


@router.get("/dashboard/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    """E-mail and password; the token is kept in the tab's sessionStorage."""
    return _page(request, "login.html", "login")


@router.get("/dashboard/claims", response_class=HTMLResponse)
def claims_page(request: Request) -> HTMLResponse:
    """Searchable, paged claim list."""
    return _page(request, "claims.html", "claims", statuses=[s.value for s in ClaimStatus])


@router.get("/dashboard/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, claim_id: uuid.UUID) -> HTMLResponse:
    """One claim: header, lines, payments, denials and its timeline."""
    return _page(request, "claim.html", "claims", claim_id=str(claim_id))


@router.get("/dashboard/workqueues", response_class=HTMLResponse)
def workqueues_page(request: Request) -> HTMLResponse:
    """Work queues, the items of one queue, agent workload and staff productivity."""
    kinds = [(kind.value, WORK_KINDS.get(kind, kind.value)) for kind in WorkItemKind]
    return _page(request, "workqueues.html", "workqueues", work_kinds=kinds)
