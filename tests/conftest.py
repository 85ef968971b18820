"""Test fixtures: a migrated database (SQLite by default, PostgreSQL when RCM_TEST_DATABASE_URL is set),
each test inside a transaction that is rolled back, and clients logged in as any role.

In CI (CI=true) PostgreSQL and Redis are required: if either is unreachable the run fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="rcm-test-"))
os.environ.setdefault("RCM_ENV", "test")
os.environ.setdefault("RCM_JWT_SECRET", "test-secret-that-is-long-enough-for-hs256-0123456789")
os.environ["RCM_JOBS_EAGER"] = "true"
os.environ["RCM_SCHEDULER_ENABLED"] = "false"
os.environ["RCM_DATA_DIR"] = str(_TMP)
os.environ["RCM_LOG_JSON"] = "false"
os.environ["RCM_LOG_LEVEL"] = "WARNING"
TEST_DATABASE_URL = os.environ.get("RCM_TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"
os.environ["RCM_DATABASE_URL"] = TEST_DATABASE_URL
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import Connection, Engine  # noqa: E402
from sqlalchemy.orm import Session, sessionmaker  # noqa: E402

from rcm.db import database, make_engine  # noqa: E402
from rcm.jobs.registry import load_all_tasks  # noqa: E402
from tests import factories  # noqa: E402

load_all_tasks()


def _require_services() -> None:
    if not IN_CI:
        return
    problems = []
    if not os.environ.get("RCM_TEST_DATABASE_URL", "").startswith("postgresql"):
        problems.append("RCM_TEST_DATABASE_URL must point at PostgreSQL in CI")
    if not os.environ.get("RCM_REDIS_URL"):
        problems.append("RCM_REDIS_URL must be set in CI")
    else:
        import redis

        try:
            redis.Redis.from_url(os.environ["RCM_REDIS_URL"], socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis unreachable at {os.environ['RCM_REDIS_URL']}: {exc}")
    if problems:
        pytest.exit("CI needs its services: " + "; ".join(problems), returncode=3)


def _reset_schema(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    from rcm.migrations import upgrade_to_head

    with engine.begin() as conn:
        upgrade_to_head(conn)


@pytest.fixture(scope="session")
def engine() -> Iterator[Engine]:
    _require_services()
    eng = make_engine(TEST_DATABASE_URL)
    try:
        with eng.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:
        pytest.exit(f"test database unreachable at {TEST_DATABASE_URL}: {exc}", returncode=3)
    _reset_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """One connection per test, in a transaction rolled back at the end; sessions use savepoints."""
    conn = engine.connect()
    outer = conn.begin()
    database.configure(
        engine, sessionmaker(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
    )
    yield conn
    if outer.is_active:
        outer.rollback()
    conn.close()
    database.configure(engine)


@pytest.fixture
def committed(engine: Engine) -> Iterator[Engine]:
    """For tests that need real commits on separate connections (locking, workers)."""
    database.configure(engine)
    yield engine


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    s = database.session()
    yield s
    s.close()


@pytest.fixture
def org(session: Session) -> factories.OrgFixture:
    return factories.make_org(session, "Test Practice")


@pytest.fixture
def other_org(session: Session) -> factories.OrgFixture:
    return factories.make_org(session, "Other Practice")


@pytest.fixture
def app_client(connection: Connection) -> Iterator[TestClient]:
    from rcm.app import create_app

    with TestClient(create_app(), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def as_role(app_client: TestClient, session: Session, org: factories.OrgFixture) -> Callable[..., TestClient]:
    """`as_role("biller")` -> a client whose requests carry a biller's token of `org`."""

    def make(role: str, *, of: factories.OrgFixture | None = None, **user_fields: object) -> TestClient:
        target = of or org
        user = factories.make_user(session, target, role, **user_fields)
        session.commit()
        return factories.AuthedClient(app_client, factories.token_for(user))  # type: ignore[return-value]

    return make


@pytest.fixture(scope="session")
def celery_worker(engine: Engine) -> Iterator[object]:
    """A real Celery worker process consuming from Redis, on the test database (committed data only)."""
    import subprocess
    import sys
    import time

    redis_url = os.environ.get("RCM_REDIS_URL")
    if not redis_url or engine.dialect.name != "postgresql":
        pytest.skip("needs Redis and PostgreSQL (RCM_REDIS_URL, RCM_TEST_DATABASE_URL); CI always runs it")
    env = {**os.environ, "RCM_JOBS_BACKEND": "celery", "RCM_JOBS_EAGER": "false", "RCM_REDIS_URL": redis_url}
    queue = f"rcm-test-{os.getpid()}"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "rcm.worker",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    from rcm.config import get_settings
    from rcm.worker import celery_app

    celery_app.conf.task_default_queue = queue
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if celery_app.send_task("platform.ping", queue=queue).get(timeout=5) == "pong":
                    break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read() if proc.stdout else ""
                    pytest.fail(f"celery worker did not start: {out[-2000:]}")
        settings = get_settings()
        previous = (settings.jobs_backend, settings.redis_url)
        yield celery_app
        settings.jobs_backend, settings.redis_url = previous
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
