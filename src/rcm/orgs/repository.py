from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from rcm.errors import NotFound
from rcm.orgs.models import Organization


def get_org(session: Session, org_id: uuid.UUID) -> Organization:
    org = session.scalars(select(Organization).where(Organization.id == org_id)).one_or_none()
    if org is None:
        raise NotFound(f"organization {org_id} not found")
    return org


def by_slug(session: Session, slug: str) -> Organization | None:
    return session.scalars(select(Organization).where(Organization.slug == slug)).one_or_none()


def all_org_ids(session: Session) -> list[uuid.UUID]:
    return list(session.scalars(select(Organization.id).order_by(Organization.created_at)))
