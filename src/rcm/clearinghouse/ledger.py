"""A small JSON ledger of what was sent and what was handed out, shared by the connectors.

Writes are atomic (temp file + rename) and serialized across processes with an flock on a
sibling lock file, so a worker crash never leaves a half-written ledger.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rcm.clearinghouse.connector import ControlNumberReused


def atomic_write(path: Path, content: bytes) -> None:
    """Write to a hidden temp file in the same directory, fsync, then rename over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with temp.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    """`sent` by batch control number and `delivered` by inbound file name."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def locked(self) -> Iterator[dict[str, Any]]:
        """The ledger data, locked for the block and saved when the block ends without error."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(f"{self.path.name}.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self._load()
            yield data
            atomic_write(self.path, json.dumps(data, indent=1, sort_keys=True).encode())

    def read(self) -> dict[str, Any]:
        return self._load()

    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"sent": {}, "delivered": {}}
        data: dict[str, Any] = json.loads(self.path.read_text())
        data.setdefault("sent", {})
        data.setdefault("delivered", {})
        return data


def previous_send(data: dict[str, Any], control_number: str, content: bytes) -> dict[str, Any] | None:
    """The earlier send of this control number, refusing a reuse with other content."""
    entry: dict[str, Any] | None = data["sent"].get(control_number)
    if entry is not None and entry["sha256"] != sha256(content):
        raise ControlNumberReused(
            f"batch control number {control_number} was sent as {entry['filename']} with other content",
            control_number=control_number,
        )
    return entry
