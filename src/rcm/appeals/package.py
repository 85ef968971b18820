"""The appeal package sent to the clearinghouse: a ZIP with the letter, the attachments and a manifest.
Pure and deterministic (fixed entry times), so a retried send carries the very same bytes and the
connector's ledger recognises it as already sent.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from rcm.files import safe_name


def control_number(appeal_id: uuid.UUID) -> str:
    """The id the appeal package travels under at the clearinghouse (sending it twice sends once)."""
    return "APPEAL-" + appeal_id.hex[:12].upper()


@dataclass(frozen=True, slots=True)
class PackageFile:
    name: str
    content_type: str
    content: bytes
    sha256: str


def build_package(
    manifest: dict[str, Any], letter: bytes, attachments: list[PackageFile], stamped: datetime
) -> bytes:
    when = stamped.timetuple()[:6]
    entries = [("letter.pdf", letter)] + [
        (f"attachments/{n:02d}-{safe_name(f.name)}", f.content) for n, f in enumerate(attachments, 1)
    ]
    listed = {
        **manifest,
        "files": [{"name": "letter.pdf", "content_type": "application/pdf"}]
        + [
            {"name": name, "content_type": f.content_type, "sha256": f.sha256}
            for (name, _), f in zip(entries[1:], attachments, strict=True)
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        manifest_bytes = json.dumps(listed, indent=2, sort_keys=True).encode()
        for name, content in [("manifest.json", manifest_bytes), *entries]:
            archive.writestr(zipfile.ZipInfo(name, date_time=when), content, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
