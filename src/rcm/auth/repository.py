"""User queries. Login looks a user up by e-mail before any org is known."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcm.auth.models import User
from rcm.tenancy import OrgRepository


class UserRepository(OrgRepository[User]):
    model = User
    not_found = "user"

    def by_email(self, email: str) -> User | None:
        return self.session.scalars(self.base().where(func.lower(User.email) == email.lower())).one_or_none()


def find_login(session: Session, email: str) -> User | None:
    """The one unscoped user lookup: the credentials identify the org."""
    return session.scalars(select(User).where(func.lower(User.email) == email.lower())).one_or_none()


def load_active(session: Session, user_id: uuid.UUID, org_id: uuid.UUID) -> User | None:
    stmt = select(User).where(User.id == user_id, User.org_id == org_id, User.is_active.is_(True))
    return session.scalars(stmt).one_or_none()
