"""File-drop connector: an outbound directory the clearinghouse picks up from, an inbound one it
drops responses into. Files appear atomically (temp + rename), hidden names are ignored, and a
ledger in `state_dir` makes sends idempotent and inbound files handed out once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rcm.clearinghouse.connector import ConnectorNotConfigured, InboundFile, SendReceipt
from rcm.clearinghouse.ledger import Ledger, atomic_write, now, previous_send, sha256
from rcm.edi.detect import detect_kind

PROCESSED = "processed"


def safe_filename(name: str) -> str:
    """The base name only, refusing names that would escape the directory or hide the file."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or "\x00" in name:
        raise ConnectorNotConfigured(f"unusable file name {name!r}", filename=name)
    return name


class FileDropConnector:
    def __init__(self, outbound_dir: Path, inbound_dir: Path, state_dir: Path | None = None) -> None:
        self.outbound_dir = Path(outbound_dir)
        self.inbound_dir = Path(inbound_dir)
        self.ledger = Ledger(Path(state_dir or self.outbound_dir.parent) / "filedrop-ledger.json")

    @classmethod
    def from_options(
        cls,
        *,
        outbound_dir: Path | str | None = None,
        inbound_dir: Path | str | None = None,
        state_dir: Path | str | None = None,
        **_ignored: Any,
    ) -> FileDropConnector:
        if outbound_dir is None or inbound_dir is None:
            raise ConnectorNotConfigured("the filedrop connector needs outbound_dir and inbound_dir")
        return cls(Path(outbound_dir), Path(inbound_dir), Path(state_dir) if state_dir else None)

    def send_batch(self, control_number: str, filename: str, content: bytes) -> SendReceipt:
        name = safe_filename(filename)
        with self.ledger.locked() as data:
            earlier = previous_send(data, control_number, content)
            if earlier is not None:
                return _receipt(control_number, earlier, sent=False)
            atomic_write(self.outbound_dir / name, content)
            entry = {"filename": name, "sha256": sha256(content), "sent_at": now()}
            data["sent"][control_number] = entry
        return _receipt(control_number, entry, sent=True)

    def fetch_responses(self) -> list[InboundFile]:
        if not self.inbound_dir.is_dir():
            return []
        with self.ledger.locked() as data:
            fresh = []
            for path in sorted(
                p for p in self.inbound_dir.iterdir() if p.is_file() and not p.name.startswith(".")
            ):
                if path.name in data["delivered"]:
                    continue
                content = path.read_bytes()
                data["delivered"][path.name] = {"sha256": sha256(content), "delivered_at": now()}
                fresh.append(InboundFile(path.name, detect_kind(content), content))
        return fresh

    def acknowledge(self, file: InboundFile) -> None:
        """Move a handled file into inbound/processed/ so the inbound directory stays short."""
        source = self.inbound_dir / safe_filename(file.name)
        if source.exists():
            target = self.inbound_dir / PROCESSED / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)


def _receipt(control_number: str, entry: dict[str, Any], *, sent: bool) -> SendReceipt:
    detail = (
        f"sent as {entry['filename']}"
        if sent
        else f"already sent as {entry['filename']} at {entry['sent_at']}"
    )
    return SendReceipt(
        control_number,
        entry["filename"],
        sent,
        datetime.fromisoformat(entry["sent_at"]).astimezone(UTC),
        detail,
    )
