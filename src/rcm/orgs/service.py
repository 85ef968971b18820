"""Organizations (tenants): creation by an operator, settings by their practice admin."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from rcm.audit import service as audit
from rcm.errors import Conflict
from rcm.orgs import repository
from rcm.orgs.models import Organization
from rcm.orgs.schemas import OrganizationUpdate
from rcm.tenancy import AuthContext


def create_organization(session: Session, *, name: str, slug: str, **settings: object) -> Organization:
    if repository.by_slug(session, slug) is not None:
        raise Conflict(f"organization {slug} already exists", slug=slug)
    org = Organization(id=uuid.uuid4(), name=name, slug=slug, **settings)
    session.add(org)
    session.flush()
    audit.start_chain(session, org.id)
    audit.record(
        session,
        AuthContext.system(org.id),
        "organization.created",
        org,
        changes=audit.diff({}, audit.snapshot(org)),
    )
    return org


def get_organization(session: Session, ctx: AuthContext) -> Organization:
    return repository.get_org(session, ctx.org_id)


def find_by_slug(session: Session, slug: str) -> Organization | None:
    return repository.by_slug(session, slug)


def all_organization_ids(session: Session) -> list[uuid.UUID]:
    return repository.all_org_ids(session)


def update_organization(session: Session, ctx: AuthContext, data: OrganizationUpdate) -> Organization:
    org = repository.get_org(session, ctx.org_id)
    before = audit.snapshot(org)
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(org, key, value)
    session.flush()
    changes = audit.diff(before, audit.snapshot(org))
    if changes:
        audit.record(session, ctx, "organization.updated", org, changes=changes)
    return org
