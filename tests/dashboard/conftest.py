"""Dashboard fixtures: the `browser` marker, a live server on a free port, a committed practice, Chromium.

Browser tests skip locally when Chromium or its driver is missing, and fail when CI=true.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from rcm.db import database
from tests.dashboard.browser import chromium, require_browser
from tests.dashboard.practice import Practice, seed_practice


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real headless Chromium (needs chromium, chromedriver)"
    )


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
def browser() -> Iterator[Any]:
    require_browser()
    with chromium() as driver:
        yield driver
