"""Shared route-layer dependencies (the only shared module that imports FastAPI besides app.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from rcm.auth.deps import CurrentContext, SessionDep, permission
from rcm.pagination import PageParams


def page_params(
    page: Annotated[int, Query(ge=1, description="1-based page number")] = 1,
    page_size: Annotated[int, Query(ge=1, le=500, description="items per page")] = 50,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(page_params)]

__all__ = ["CurrentContext", "PageDep", "SessionDep", "permission"]
