"""The FastAPI application: routers, the one error handler, health checks, request logs."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from rcm.db import database
from rcm.errors import RcmError
from rcm.logging_setup import configure_logging

log = logging.getLogger("rcm.api")


def _envelope(status: int, error: str, detail: str, **context: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": error, "detail": detail, "context": context})


def _field_path(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RcmError)
    async def rcm_error(_: Request, exc: RcmError) -> JSONResponse:
        return JSONResponse(status_code=exc.status_code, content=exc.to_dict())

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {"field": _field_path(e["loc"]), "message": e["msg"], "type": e["type"]} for e in exc.errors()
        ]
        first = f"{errors[0]['field']}: {errors[0]['message']}" if errors else "invalid request"
        return _envelope(422, "RequestValidationError", first, errors=errors)

    @app.exception_handler(StaleDataError)
    async def stale(_: Request, exc: StaleDataError) -> JSONResponse:
        return _envelope(
            409, "ConcurrentModification", "the record was changed by someone else; reload and retry"
        )

    @app.exception_handler(IntegrityError)
    async def integrity(_: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error", extra={"error": str(exc.orig)[:500]})
        return _envelope(
            409,
            "IntegrityConflict",
            "the change conflicts with existing data (duplicate or missing reference)",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _envelope(exc.status_code, "HTTPError", str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _envelope(500, "InternalError", "an unexpected error occurred; it has been logged")


def install_request_logging(app: FastAPI) -> None:
    @app.middleware("http")
    async def log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["x-request-id"] = request_id
        log.info(
            "request",
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


def install_health(app: FastAPI) -> None:
    @app.get("/health", tags=["ops"])
    def health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok"}

    @app.get("/ready", tags=["ops"], responses={503: {"description": "database unreachable"}})
    def ready() -> JSONResponse:
        """Readiness: the database answers a query."""
        try:
            with database.session() as session:
                session.execute(text("SELECT 1"))
        except Exception as exc:  # any driver error means not ready
            return _envelope(503, "NotReady", "database unreachable", database=type(exc).__name__)
        return JSONResponse({"status": "ready", "database": "ok"})


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Embedded mode runs the periodic jobs (clearinghouse polling, deadline monitor) itself."""
    from rcm.config import JobsBackend, get_settings
    from rcm.jobs.scheduler import Scheduler

    settings = get_settings()
    scheduler = None
    if settings.scheduler_enabled and settings.jobs_backend is JobsBackend.inprocess:
        scheduler = Scheduler()
        scheduler.start()
    yield
    if scheduler is not None:
        scheduler.stop()


def create_app() -> FastAPI:
    from rcm.api_routers import ROUTERS
    from rcm.jobs.registry import load_all_tasks

    configure_logging()
    load_all_tasks()
    app = FastAPI(
        title="RCM engine",
        version="0.1.0",
        description="Claims, scrubbing, X12 submission, remittance posting, denials and KPIs.",
        lifespan=lifespan,
    )
    install_error_handlers(app)
    install_request_logging(app)
    install_health(app)
    for router in ROUTERS:
        app.include_router(router)
    return app
