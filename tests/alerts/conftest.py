"""Alert fixtures: claims in a given state, a rule factory, and a real local webhook receiver."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy.orm import Session

from rcm.alerts import service
from rcm.alerts.models import AlertRule
from rcm.alerts.schemas import AlertRuleCreate
from rcm.claims.models import Claim
from rcm.claims.state_machine import ClaimStatus
from tests.factories import ClaimWorld, OrgFixture, make_claim

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
SECRET = "s3cret-key-for-hmac-0123456789"
_names = itertools.count(1)


@pytest.fixture
def put(session: Session, org: OrgFixture) -> Callable[..., Claim]:
    """`put(world, status, age=..., charge=..., **columns)` -> a claim in exactly that state."""

    def make(
        world: ClaimWorld,
        status: ClaimStatus,
        *,
        age: int = 10,
        charge: int = 10_000,
        of: OrgFixture | None = None,
        **columns: Any,
    ) -> Claim:
        owner = of or org
        claim = make_claim(session, owner, lines=1, world=world, dos=TODAY - timedelta(days=age))
        claim.lines[0].charge_cents = claim.charge_cents = charge
        paid = columns.get("paid_cents", 0)
        columns.setdefault("balance_cents", charge - paid - columns.get("adjustment_cents", 0))
        for key, value in {"status": status, **columns}.items():
            setattr(claim, key, value)
        session.flush()
        return claim

    return make


@pytest.fixture
def make_rule(session: Session, org: OrgFixture) -> Callable[..., AlertRule]:
    def make(of: OrgFixture | None = None, **fields: Any) -> AlertRule:
        values: dict[str, Any] = {
            "name": f"rule {next(_names)}",
            "metric": "denial_rate",
            "comparator": ">",
            "threshold": 15.0,
            "webhook_url": "https://hooks.example.test/rcm",
            "secret": SECRET,
        }
        values.update(fields)
        return service.create_rule(session, (of or org).ctx, AlertRuleCreate(**values))

    return make


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookServer:
    """A real HTTP server on 127.0.0.1: answers with the scripted statuses, then 200."""

    url: str
    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)


def _handler(server: WebhookServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            server.received.append(Received(self.path, {k: v for k, v in self.headers.items()}, body))
            status = server.statuses.pop(0) if server.statuses else 200
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"receiver unhappy")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[WebhookServer]:
    state = WebhookServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}/hooks/rcm"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)
