"""The clearinghouse connector interface and its factory.

A connector moves files, nothing more: it sends one 837 batch (idempotent by the batch's
interchange control number) and hands back each inbound response file (999, 277, 835, TA1)
exactly once. What the files mean is the batches/payments domains' business.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from rcm.errors import Conflict, InvalidInput


@dataclass(frozen=True, slots=True)
class SendReceipt:
    """What happened to one `send_batch` call; `sent` is False when it had already been sent."""

    control_number: str
    filename: str
    sent: bool
    sent_at: datetime
    detail: str = ""

    @property
    def already_sent(self) -> bool:
        return not self.sent


@dataclass(frozen=True, slots=True)
class InboundFile:
    """One response file: its name on the clearinghouse side, its kind (999/277/835/TA1/unknown)."""

    name: str
    kind: str
    content: bytes


class ControlNumberReused(Conflict):
    """The same batch control number was sent before with different content."""


class ConnectorNotConfigured(InvalidInput):
    """Unknown connector kind or missing options (host, credentials, directories)."""


@runtime_checkable
class ClearinghouseConnector(Protocol):
    def send_batch(self, control_number: str, filename: str, content: bytes) -> SendReceipt:
        """Deliver one outbound file; sending a control number twice does not send twice."""
        ...

    def fetch_responses(self) -> list[InboundFile]:
        """Inbound files not handed out before (each one is returned once)."""
        ...

    def acknowledge(self, file: InboundFile) -> None:
        """Optional housekeeping once a file is safely stored (archive it on the remote side)."""
        ...


def make_connector(kind: str, **options: Any) -> ClearinghouseConnector:
    """`filedrop`, `sftp` or `simulator`, configured from keyword options (see docs/edi.md)."""
    if kind == "filedrop":
        from rcm.clearinghouse.filedrop import FileDropConnector

        return FileDropConnector.from_options(**options)
    if kind == "sftp":
        from rcm.clearinghouse.sftp import SftpConnector

        return SftpConnector.from_options(**options)
    if kind == "simulator":
        from rcm.clearinghouse.simulator.connector import SimulatorConnector

        return SimulatorConnector.from_options(**options)
    raise ConnectorNotConfigured(
        f"unknown clearinghouse connector {kind!r} (filedrop, sftp or simulator)", kind=kind
    )
