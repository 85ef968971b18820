"""Jobs of the payments domain."""

from __future__ import annotations

import uuid
from typing import Any

from rcm.jobs.queue import task
from rcm.payments import eras
from rcm.tenancy import AuthContext


@task("payments.post_files")
def post_files(*, job_id: str, org_id: str) -> dict[str, Any]:
    return eras.run_post_files(AuthContext.system(uuid.UUID(str(org_id))), uuid.UUID(str(job_id)))
