"""Route dependencies: the caller's AuthContext, and permission checks from the table."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.orm import Session

from rcm.auth import service
from rcm.auth.permissions import Action, is_allowed
from rcm.auth.security import decode_access_token
from rcm.db import session_dependency
from rcm.errors import Forbidden, Unauthorized
from rcm.tenancy import AuthContext

SessionDep = Annotated[Session, Depends(session_dependency)]
_bearer = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)


def current_context(session: SessionDep, token: Annotated[str | None, Depends(_bearer)]) -> AuthContext:
    if not token:
        raise Unauthorized("missing bearer token")
    claims = decode_access_token(token)
    try:
        user_id, org_id = uuid.UUID(claims["sub"]), uuid.UUID(claims["org"])
    except ValueError as exc:
        raise Unauthorized("invalid access token") from exc
    return service.context_for_token(session, user_id, org_id)


CurrentContext = Annotated[AuthContext, Depends(current_context)]


def require(*actions: Action) -> Callable[[AuthContext], AuthContext]:
    """Allow the caller if their role may perform ANY of `actions` (e.g. read or read_own)."""

    def check(ctx: CurrentContext) -> AuthContext:
        if not any(is_allowed(ctx.role, a) for a in actions):
            raise Forbidden(
                f"role {ctx.role.value} may not {' or '.join(a.value for a in actions)}",
                role=ctx.role.value,
                actions=[a.value for a in actions],
            )
        return ctx

    check.actions = actions  # type: ignore[attr-defined]  # read by the permission-matrix test
    return check


def permission(*actions: Action) -> object:
    """`Annotated[AuthContext, permission(Action.x)]` for route signatures."""
    return Depends(require(*actions))
