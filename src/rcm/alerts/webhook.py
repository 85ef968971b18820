"""The webhook wire format: canonical JSON body, HMAC-SHA256 signature, one POST. No database.

Receivers verify `X-RCM-Signature: sha256=<hex>` as HMAC-SHA256(secret, raw body) and drop
repeats by `event_id`: a retry after a lost response sends the same event again.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

SIGNATURE_HEADER = "X-RCM-Signature"
EVENT_HEADER = "X-RCM-Event-Id"
TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    status_code: int | None
    error: str


def encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def headers(body: bytes, secret: str, event_id: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": "rcm-alerts/1",
        SIGNATURE_HEADER: sign(body, secret),
        EVENT_HEADER: event_id,
    }


def refused_host(url: str) -> str:
    """Why `url` must not be called when private targets are off: its host resolves to a
    loopback, private, link-local or otherwise non-public address (an admin could otherwise make
    the server call internal services). Empty when the target is public."""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        return f"cannot resolve {host!r}: {exc}"
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            return (
                f"{host!r} resolves to non-public address {address}; "
                "set RCM_WEBHOOK_PRIVATE_HOSTS=true to allow"
            )
    return ""


def post(
    url: str,
    body: bytes,
    sent_headers: dict[str, str],
    client: httpx.Client | None = None,
    allow_private: bool = True,
) -> Outcome:
    """POST once; any 2xx is delivered, everything else (status, timeout, refused) is a failure."""
    if not allow_private and (reason := refused_host(url)):
        return Outcome(False, None, f"refused: {reason}"[:500])
    try:
        if client is None:
            with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as own:
                response = own.post(url, content=body, headers=sent_headers)
        else:
            response = client.post(url, content=body, headers=sent_headers)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return Outcome(False, None, f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= response.status_code < 300:
        return Outcome(True, response.status_code, "")
    return Outcome(False, response.status_code, f"HTTP {response.status_code}: {response.text[:300]}"[:500])
