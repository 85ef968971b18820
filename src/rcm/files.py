"""Stored files (X12 batches, appeal attachments): content-addressed under the data directory.

Keys are relative paths `<org>/<yyyy>/<mm>/<sha256>-<name>`, so a move to shared object
storage (several API machines) changes only this module.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rcm.config import get_settings
from rcm.errors import NotFound

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    sha256: str
    size: int


def _root() -> Path:
    return get_settings().data_dir / "files"


def safe_name(name: str) -> str:
    return _SAFE.sub("_", os.path.basename(name))[:120] or "file"


def store(org_id: uuid.UUID, name: str, content: bytes) -> StoredFile:
    digest = hashlib.sha256(content).hexdigest()
    now = datetime.now(UTC)
    key = f"{org_id}/{now:%Y/%m}/{digest[:16]}-{safe_name(name)}"
    path = _root() / key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + f".{uuid.uuid4().hex}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, path)
    return StoredFile(key=key, sha256=digest, size=len(content))


def path_of(key: str) -> Path:
    path = (_root() / key).resolve()
    if _root().resolve() not in path.parents:
        raise NotFound("stored file not found", key=key)
    if not path.exists():
        raise NotFound(f"stored file {key} is missing from the file store", key=key)
    return path


def read(key: str) -> bytes:
    return path_of(key).read_bytes()
