"""SFTP connector against a real asyncssh SFTP server on 127.0.0.1 (random port, generated keys)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from rcm.clearinghouse.connector import ControlNumberReused
from rcm.clearinghouse.sftp import SftpConnector, SftpSettings
from rcm.edi import build_999
from rcm.edi.acknowledgment import FunctionalGroupAck, TransactionSetAck
from rcm.edi.examples import envelope


class _Server:
    """An SFTP server chrooted to `root`, accepting one generated client key, on its own loop thread."""

    def __init__(self, root: Path, client_public_key: str) -> None:
        self.root = root
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.listener = asyncio.run_coroutine_threadsafe(self._listen(client_public_key), self.loop).result(
            10
        )
        self.port = self.listener.sockets[0].getsockname()[1]

    async def _listen(self, client_public_key: str) -> asyncssh.SSHAcceptor:
        return await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[asyncssh.generate_private_key("ssh-ed25519")],
            authorized_client_keys=asyncssh.import_authorized_keys(client_public_key),
            sftp_factory=lambda chan: asyncssh.SFTPServer(chan, chroot=str(self.root).encode()),
            allow_scp=False,
        )

    def close(self) -> None:
        self.listener.close()
        asyncio.run_coroutine_threadsafe(self.listener.wait_closed(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def server_and_connector(tmp_path: Path) -> Iterator[tuple[Path, SftpConnector]]:
    key = asyncssh.generate_private_key("ssh-ed25519")
    key_path = tmp_path / "client_key"
    key.write_private_key(str(key_path))
    root = tmp_path / "remote"
    root.mkdir()
    server = _Server(root, key.export_public_key().decode())
    settings = SftpSettings(
        "127.0.0.1", "rcm", port=server.port, client_keys=[str(key_path)], known_hosts=None
    )
    try:
        yield root, SftpConnector(settings, tmp_path / "state")
    finally:
        server.close()


def _ack() -> bytes:
    ack = FunctionalGroupAck("HC", "1", "005010X222A1", "A", 1, 1, 1, [TransactionSetAck("837", "0001", "A")])
    return build_999(ack, envelope()).encode()


def test_uploads_into_the_remote_outbound_directory_once(
    server_and_connector: tuple[Path, SftpConnector],
) -> None:
    root, connector = server_and_connector
    receipt = connector.send_batch("000000009", "batch9.x12", b"ISA*837")
    assert receipt.sent
    assert (root / "inbound" / "batch9.x12").read_bytes() == b"ISA*837"
    assert not any(p.name.startswith(".") for p in (root / "inbound").iterdir())
    (root / "inbound" / "batch9.x12").unlink()
    assert connector.send_batch("000000009", "batch9.x12", b"ISA*837").already_sent
    assert not (root / "inbound" / "batch9.x12").exists()
    with pytest.raises(ControlNumberReused):
        connector.send_batch("000000009", "batch9.x12", b"ISA*other")


def test_downloads_each_response_once_and_archives_it(
    server_and_connector: tuple[Path, SftpConnector],
) -> None:
    root, connector = server_and_connector
    assert connector.fetch_responses() == []  # no remote directory yet
    (root / "outbound").mkdir()
    (root / "outbound" / "ack1.999").write_bytes(_ack())
    (root / "outbound" / ".upload.part").write_bytes(b"half")
    [file] = connector.fetch_responses()
    assert (file.name, file.kind, file.content) == ("ack1.999", "999", _ack())
    assert connector.fetch_responses() == []
    connector.acknowledge(file)
    assert (root / "outbound" / "processed" / "ack1.999").exists()


def test_works_when_called_from_a_running_event_loop(
    server_and_connector: tuple[Path, SftpConnector],
) -> None:
    root, connector = server_and_connector

    async def inside_an_async_route() -> bool:
        return connector.send_batch("000000010", "batch10.x12", b"ISA").sent

    assert asyncio.run(inside_an_async_route())
    assert (root / "inbound" / "batch10.x12").exists()
