from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from rcm.auth import service
from rcm.auth.deps import CurrentContext, SessionDep, permission
from rcm.auth.models import User
from rcm.auth.permissions import Action, is_allowed
from rcm.auth.schemas import MeRead, TokenRead, UserCreate, UserRead
from rcm.pagination import PageOut
from rcm.routing import PageDep
from rcm.tenancy import AuthContext

router = APIRouter(tags=["auth"])
UsersManage = Annotated[AuthContext, permission(Action.users_manage)]


@router.post("/auth/token", response_model=TokenRead)
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep) -> TokenRead:
    """Log in with e-mail (as `username`) and password; returns a bearer JWT."""
    token, ttl, user = service.login(session, form.username, form.password)
    return TokenRead(access_token=token, expires_in=ttl, role=user.role)


@router.get("/auth/me", response_model=MeRead)
def who_am_i(ctx: CurrentContext) -> MeRead:
    """The caller's organization, role, level and allowed actions."""
    allowed = [a.value for a in Action if is_allowed(ctx.role, a)]
    return MeRead(user_id=ctx.user_id, org_id=ctx.org_id, role=ctx.role, level=ctx.level, permissions=allowed)


@router.post("/users", response_model=UserRead, status_code=201)
def create_user(body: UserCreate, ctx: UsersManage, session: SessionDep) -> User:
    """Create a user of the caller's organization."""
    return service.create_user(session, ctx, **body.model_dump())


@router.get("/users", response_model=PageOut[UserRead])
def list_users(ctx: UsersManage, session: SessionDep, page: PageDep) -> object:
    """Users of the caller's organization."""
    return service.list_users(session, ctx, page)
