from __future__ import annotations

from rcm.jobs.models import Job
from rcm.tenancy import OrgRepository


class JobRepository(OrgRepository[Job]):
    model = Job
    not_found = "job"
