"""SFTP connector (asyncssh client): the file drop, on a clearinghouse's SFTP server.

Uploads go to a hidden `.name.part` file renamed into place (POSIX rename when the server has
it), so the clearinghouse never picks up half a file. The ledger stays local in `state_dir`.
The synchronous methods run their own event loop, in a worker thread when the caller already
runs one (an async route), so the connector fits Celery tasks and FastAPI alike.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import posixpath
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncssh

from rcm.clearinghouse.connector import ConnectorNotConfigured, InboundFile, SendReceipt
from rcm.clearinghouse.filedrop import PROCESSED, safe_filename
from rcm.clearinghouse.ledger import Ledger, now, previous_send, sha256
from rcm.edi.detect import detect_kind

T = TypeVar("T")


@dataclass(frozen=True)
class SftpSettings:
    host: str
    username: str
    port: int = 22
    password: str | None = None
    client_keys: list[str] = field(default_factory=list)  # paths to private keys
    known_hosts: str | None = None  # path; None only for tests against a throwaway server
    remote_outbound: str = "inbound"  # where the clearinghouse picks our 837s up
    remote_inbound: str = "outbound"  # where it drops 999/277/835 for us
    connect_timeout: float = 30.0


class SftpConnector:
    def __init__(self, settings: SftpSettings, state_dir: Path) -> None:
        self.settings = settings
        self.ledger = Ledger(Path(state_dir) / "sftp-ledger.json")

    @classmethod
    def from_options(
        cls,
        *,
        host: str | None = None,
        username: str | None = None,
        state_dir: Path | str | None = None,
        **options: Any,
    ) -> SftpConnector:
        if not host or not username or state_dir is None:
            raise ConnectorNotConfigured("the sftp connector needs host, username and state_dir")
        known = {f for f in SftpSettings.__dataclass_fields__ if f not in ("host", "username")}
        return cls(
            SftpSettings(host, username, **{k: v for k, v in options.items() if k in known}), Path(state_dir)
        )

    def send_batch(self, control_number: str, filename: str, content: bytes) -> SendReceipt:
        name = safe_filename(filename)
        with self.ledger.locked() as data:
            earlier = previous_send(data, control_number, content)
            if earlier is not None:
                when = datetime.fromisoformat(earlier["sent_at"]).astimezone(UTC)
                return SendReceipt(
                    control_number, earlier["filename"], False, when, f"already sent as {earlier['filename']}"
                )
            _run(lambda: self._upload(name, content))
            entry = {"filename": name, "sha256": sha256(content), "sent_at": now()}
            data["sent"][control_number] = entry
        return SendReceipt(control_number, name, True, datetime.now(UTC), f"uploaded to {self.settings.host}")

    def fetch_responses(self) -> list[InboundFile]:
        with self.ledger.locked() as data:
            files = _run(lambda: self._download(set(data["delivered"])))
            for file in files:
                data["delivered"][file.name] = {"sha256": sha256(file.content), "delivered_at": now()}
        return files

    def acknowledge(self, file: InboundFile) -> None:
        _run(lambda: self._archive(safe_filename(file.name)))

    async def _connect(self) -> asyncssh.SSHClientConnection:
        s = self.settings
        return await asyncssh.connect(
            s.host,
            s.port,
            username=s.username,
            password=s.password,
            client_keys=s.client_keys or None,
            known_hosts=s.known_hosts,
            connect_timeout=s.connect_timeout,
        )

    async def _upload(self, name: str, content: bytes) -> None:
        async with await self._connect() as conn, conn.start_sftp_client() as sftp:
            directory = self.settings.remote_outbound
            await sftp.makedirs(directory, exist_ok=True)
            temp, final = posixpath.join(directory, f".{name}.part"), posixpath.join(directory, name)
            async with sftp.open(temp, "wb") as handle:
                await handle.write(content)
            try:
                await sftp.posix_rename(temp, final)
            except asyncssh.SFTPError:
                await sftp.rename(temp, final)

    async def _download(self, delivered: set[str]) -> list[InboundFile]:
        files: list[InboundFile] = []
        async with await self._connect() as conn, conn.start_sftp_client() as sftp:
            directory = self.settings.remote_inbound
            if not await sftp.isdir(directory):
                return files
            for name in sorted(await sftp.listdir(directory)):
                path = posixpath.join(directory, name)
                if name.startswith(".") or name in delivered or not await sftp.isfile(path):
                    continue
                async with sftp.open(path, "rb") as handle:
                    content = await handle.read()
                data = content if isinstance(content, bytes) else content.encode()
                files.append(InboundFile(name, detect_kind(data), data))
        return files

    async def _archive(self, name: str) -> None:
        async with await self._connect() as conn, conn.start_sftp_client() as sftp:
            directory = self.settings.remote_inbound
            await sftp.makedirs(posixpath.join(directory, PROCESSED), exist_ok=True)
            await sftp.rename(posixpath.join(directory, name), posixpath.join(directory, PROCESSED, name))


def _run(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(main())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()
