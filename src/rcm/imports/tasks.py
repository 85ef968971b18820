"""Jobs of the imports domain."""

from __future__ import annotations

import uuid
from typing import Any

from rcm.imports.runner import run_import_job
from rcm.jobs.queue import task


@task("imports.claims")
def import_claims(*, job_id: str, org_id: str) -> dict[str, Any]:
    return run_import_job(uuid.UUID(str(org_id)), uuid.UUID(str(job_id)))
