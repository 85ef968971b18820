"""Debian's Chromium driven by Selenium, and the rule for when it is missing.

Locally a missing browser skips the browser tests with the command that installs it; in CI
(`CI=true`) it fails them, so CI can never pass without having run them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
APT_INSTALL = "apt-get install -y chromium chromium-driver"
CHROME_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1440,1000",
)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _problem(binaries: Sequence[Path]) -> str:
    missing = [str(p) for p in binaries if not p.exists()]
    if missing:
        return f"missing {' and '.join(missing)} (install: {APT_INSTALL})"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (uv sync --group dev)"
    return ""


def require_browser(binaries: Sequence[Path] | None = None, *, ci: bool | None = None) -> None:
    """Skip with the install command when Chromium is missing; in CI a missing browser is a failure."""
    problem = _problem(binaries or (CHROMIUM, CHROMEDRIVER))
    if not problem:
        return
    if in_ci() if ci is None else ci:
        pytest.fail(f"CI must run the browser tests: {problem}", pytrace=False)
    pytest.skip(f"headless browser tests: {problem}")


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium with a fresh profile, its console log kept for the tests to read."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="rcm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROME_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
