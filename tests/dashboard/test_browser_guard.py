"""The browser tests may skip on a developer's machine without Chromium, never in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.dashboard.browser import APT_INSTALL, in_ci, require_browser


def test_a_missing_browser_skips_locally_with_the_install_command(tmp_path: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=APT_INSTALL):
        require_browser((tmp_path / "chromium",), ci=False)


def test_a_missing_browser_fails_in_ci(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_browser((tmp_path / "chromium", tmp_path / "chromedriver"), ci=True)


def test_a_present_browser_passes(tmp_path: Path) -> None:
    (tmp_path / "chromium").touch()
    require_browser((tmp_path / "chromium",), ci=True)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("1", True), ("", False), ("false", False)])
def test_ci_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("CI", value)
    assert in_ci() is expected
