"""Login and user management."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.auth import repository
from rcm.auth.models import User
from rcm.auth.permissions import Role
from rcm.auth.security import create_access_token, hash_password, verify_password
from rcm.errors import Conflict, Unauthorized
from rcm.pagination import Page, PageParams
from rcm.tenancy import AuthContext

# Spend the same argon2 time for unknown e-mails, so timing does not reveal which exist.
_DUMMY_HASH = hash_password("not-a-real-password")


def login(session: Session, email: str, password: str) -> tuple[str, int, User]:
    user = repository.find_login(session, email)
    valid = verify_password(user.password_hash if user else _DUMMY_HASH, password)
    if user is None or not valid or not user.is_active:
        raise Unauthorized("incorrect e-mail or password")
    token, ttl = create_access_token(user.id, user.org_id, user.role)
    return token, ttl, user


def context_for_token(session: Session, user_id: uuid.UUID, org_id: uuid.UUID) -> AuthContext:
    user = repository.load_active(session, user_id, org_id)
    if user is None:
        raise Unauthorized("user no longer active")
    return AuthContext(org_id=user.org_id, user_id=user.id, role=Role(user.role), patient_id=user.patient_id)


def create_user(
    session: Session,
    ctx: AuthContext,
    *,
    email: str,
    full_name: str,
    role: Role,
    password: str,
    patient_id: uuid.UUID | None = None,
) -> User:
    if repository.find_login(session, email) is not None:
        raise Conflict(f"a user with e-mail {email} already exists", email=email)
    user = User(
        email=email,
        full_name=full_name,
        role=role,
        password_hash=hash_password(password),
        patient_id=patient_id,
    )
    repository.UserRepository(session, ctx).add(user)
    audit.record(session, ctx, "user.created", user, changes={"email": [None, email], "role": [None, role]})
    return user


def list_users(session: Session, ctx: AuthContext, params: PageParams) -> Page[User]:
    return repository.UserRepository(session, ctx).page(params)


def user_names(session: Session, ctx: AuthContext, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Display names of the org's users (timelines and productivity tables); unknown ids absent."""
    found = repository.UserRepository(session, ctx).many(user_ids)
    return {uid: user.full_name or user.email for uid, user in found.items()}
