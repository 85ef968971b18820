"""The org's clearinghouse connector is built from settings: simulator, file drop or SFTP."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from rcm.batches.transport import connector_for
from rcm.clearinghouse.connector import ConnectorNotConfigured
from rcm.clearinghouse.filedrop import FileDropConnector
from rcm.clearinghouse.sftp import SftpConnector
from rcm.config import get_settings


def test_sftp_account_comes_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "clearinghouse", "sftp")
    monkeypatch.setattr(settings, "sftp_host", "sftp.example-clearinghouse.test")
    monkeypatch.setattr(settings, "sftp_username", "acme")
    monkeypatch.setattr(settings, "sftp_port", 2222)
    monkeypatch.setattr(settings, "sftp_remote_outbound", "to-payer")
    connector = connector_for(uuid.uuid4())
    assert isinstance(connector, SftpConnector)
    assert (connector.settings.host, connector.settings.port) == ("sftp.example-clearinghouse.test", 2222)
    assert connector.settings.remote_outbound == "to-payer"


def test_sftp_without_a_host_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(get_settings(), "clearinghouse", "sftp")
    monkeypatch.setattr(get_settings(), "sftp_host", None)
    with pytest.raises(ConnectorNotConfigured, match="host"):
        connector_for(uuid.uuid4())


def test_filedrop_uses_the_configured_directories(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = get_settings()
    monkeypatch.setattr(settings, "clearinghouse", "filedrop")
    monkeypatch.setattr(settings, "clearinghouse_outbound_dir", tmp_path / "out")
    monkeypatch.setattr(settings, "clearinghouse_inbound_dir", tmp_path / "in")
    connector = connector_for(uuid.uuid4())
    assert isinstance(connector, FileDropConnector)
