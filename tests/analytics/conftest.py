from __future__ import annotations

from collections.abc import Iterator

import pytest

from rcm.analytics import service


@pytest.fixture(autouse=True, params=["rollups", "raw"])
def kpi_source(request: pytest.FixtureRequest) -> Iterator[str]:
    """Every KPI test runs twice: from the trigger-maintained rollups and from the claims themselves."""
    saved = service.USE_ROLLUPS
    service.USE_ROLLUPS = request.param == "rollups"
    yield request.param
    service.USE_ROLLUPS = saved
