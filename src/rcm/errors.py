"""The error hierarchy every layer raises, rendered by one handler in `rcm.app`.

Each subclass carries an HTTP status code so services never import FastAPI. The rendered
body is always `{"error": <class name>, "detail": <message>, "context": {...}}`.
"""

from __future__ import annotations

from typing import Any


class RcmError(Exception):
    """Base of every expected failure. Never a 500."""

    status_code: int = 400

    def __init__(self, detail: str, **context: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.context: dict[str, Any] = context

    @property
    def error(self) -> str:
        return type(self).__name__

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.error, "detail": self.detail, "context": self.context}


class BadRequest(RcmError):
    status_code = 400


class Unauthorized(RcmError):
    status_code = 401


class Forbidden(RcmError):
    status_code = 403


class NotFound(RcmError):
    status_code = 404


class Conflict(RcmError):
    status_code = 409


class BusinessRuleViolation(RcmError):
    status_code = 422


class InvalidInput(RcmError):
    """Input that parsed but makes no sense (a malformed file, a bad code). 422."""

    status_code = 422


class ServiceUnavailable(RcmError):
    status_code = 503
