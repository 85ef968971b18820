"""Dashboard fixtures: the `browser` marker, a live server on a free port, a committed practice, Chromium.

Browser tests skip locally when Chromium or its driver is missing, and fail when CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from rcm.db import database
from tests.dashboard.practice import Practice, seed_practice

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
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real headless Chromium (needs chromium, chromedriver)"
    )


def require_browser() -> None:
    """Skip with the install command when Chromium is missing; in CI a missing browser is a failure."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    problem = f"missing {' and '.join(missing)} (install: {APT_INSTALL})" if missing else ""
    if not problem:
        try:
            import selenium  # noqa: F401
        except ImportError:
            problem = "the selenium package is not installed (uv sync --group dev)"
    if problem:
        if IN_CI:
            pytest.fail(f"CI must run the browser tests: {problem}", pytrace=False)
        pytest.skip(f"headless browser tests: {problem}")


@pytest.fixture(scope="module")
def live_server(engine: Engine) -> Iterator[str]:
    """The real app under uvicorn in a thread, on a port the OS picked, reading committed data."""
    import uvicorn

    from rcm.app import create_app

    database.configure(engine)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the live server did not start", pytrace=False)
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()


@pytest.fixture(scope="module")
def practice(live_server: str) -> Practice:
    return seed_practice()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    require_browser()
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


# DEV-ONLY-REMOVE: mount the dashboard until src/rcm/api_routers.py carries its line.
import rcm.api_routers as _routers  # noqa: E402
from rcm.dashboard.routes import router as _dashboard  # noqa: E402

if _dashboard not in _routers.ROUTERS:
    _routers.ROUTERS.append(_dashboard)
