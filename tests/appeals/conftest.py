from collections.abc import Iterator

import pytest

from rcm.config import get_settings
from tests.denials.helpers import denied, world

__all__ = ["denied", "file_drop", "world"]


@pytest.fixture(autouse=True)
def file_drop(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Appeal packages go through the file-drop connector under the test data directory."""
    monkeypatch.setattr(get_settings(), "clearinghouse", "filedrop")
    yield
