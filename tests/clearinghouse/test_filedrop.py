"""File-drop connector: atomic, idempotent sends; each inbound file handed out once."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcm.clearinghouse import (
    ClearinghouseConnector,
    ConnectorNotConfigured,
    ControlNumberReused,
    make_connector,
)
from rcm.clearinghouse.filedrop import FileDropConnector
from rcm.edi import build_999
from rcm.edi.acknowledgment import FunctionalGroupAck, TransactionSetAck
from rcm.edi.examples import envelope


@pytest.fixture
def drop(tmp_path: Path) -> FileDropConnector:
    return FileDropConnector(tmp_path / "out", tmp_path / "in", tmp_path / "state")


def _ack() -> bytes:
    ack = FunctionalGroupAck("HC", "1", "005010X222A1", "A", 1, 1, 1, [TransactionSetAck("837", "0001", "A")])
    return build_999(ack, envelope()).encode()


class TestSend:
    def test_writes_the_file_atomically_without_leftovers(self, drop: FileDropConnector) -> None:
        receipt = drop.send_batch("000000001", "batch1.x12", b"ISA...")
        assert receipt.sent and not receipt.already_sent and receipt.filename == "batch1.x12"
        assert sorted(p.name for p in drop.outbound_dir.iterdir()) == ["batch1.x12"]
        assert (drop.outbound_dir / "batch1.x12").read_bytes() == b"ISA..."

    def test_the_same_control_number_is_not_sent_twice(self, drop: FileDropConnector) -> None:
        drop.send_batch("000000001", "batch1.x12", b"ISA...")
        (drop.outbound_dir / "batch1.x12").unlink()  # the clearinghouse picked it up
        again = drop.send_batch("000000001", "batch1.x12", b"ISA...")
        assert again.already_sent and "already sent" in again.detail
        assert not (drop.outbound_dir / "batch1.x12").exists()

    def test_reusing_a_control_number_for_other_content_is_a_conflict(self, drop: FileDropConnector) -> None:
        drop.send_batch("000000001", "batch1.x12", b"ISA...")
        with pytest.raises(ControlNumberReused) as failure:
            drop.send_batch("000000001", "batch1b.x12", b"ISA other")
        assert failure.value.status_code == 409

    @pytest.mark.parametrize("name", ["../escape.x12", "sub/dir.x12", ".hidden", ""])
    def test_refuses_names_that_escape_or_hide(self, drop: FileDropConnector, name: str) -> None:
        with pytest.raises(ConnectorNotConfigured):
            drop.send_batch("000000002", name, b"ISA")


class TestFetch:
    def test_each_inbound_file_is_returned_once_with_its_kind(self, drop: FileDropConnector) -> None:
        drop.inbound_dir.mkdir(parents=True)
        (drop.inbound_dir / "a.999").write_bytes(_ack())
        (drop.inbound_dir / "b.txt").write_bytes(b"not x12")
        (drop.inbound_dir / ".partial.tmp").write_bytes(b"still being written")
        first = drop.fetch_responses()
        assert [(f.name, f.kind) for f in first] == [("a.999", "999"), ("b.txt", "unknown")]
        assert drop.fetch_responses() == []
        (drop.inbound_dir / "c.999").write_bytes(_ack())
        assert [f.name for f in drop.fetch_responses()] == ["c.999"]

    def test_a_new_connector_on_the_same_state_remembers_deliveries(self, tmp_path: Path) -> None:
        first = FileDropConnector(tmp_path / "out", tmp_path / "in", tmp_path / "state")
        first.inbound_dir.mkdir(parents=True)
        (first.inbound_dir / "a.999").write_bytes(_ack())
        assert len(first.fetch_responses()) == 1
        assert (
            FileDropConnector(tmp_path / "out", tmp_path / "in", tmp_path / "state").fetch_responses() == []
        )

    def test_acknowledge_moves_the_file_to_processed(self, drop: FileDropConnector) -> None:
        drop.inbound_dir.mkdir(parents=True)
        (drop.inbound_dir / "a.999").write_bytes(_ack())
        [file] = drop.fetch_responses()
        drop.acknowledge(file)
        assert (drop.inbound_dir / "processed" / "a.999").exists() and not (
            drop.inbound_dir / "a.999"
        ).exists()

    def test_missing_inbound_directory_means_nothing_yet(self, drop: FileDropConnector) -> None:
        assert drop.fetch_responses() == []


class TestFactory:
    def test_makes_each_kind_and_satisfies_the_protocol(self, tmp_path: Path) -> None:
        drop = make_connector(
            "filedrop", outbound_dir=tmp_path / "o", inbound_dir=tmp_path / "i", state_dir=tmp_path
        )
        simulator = make_connector(
            "simulator", state_dir=tmp_path / "sim", outbound_dir=None, inbound_dir=None
        )
        sftp = make_connector(
            "sftp", host="127.0.0.1", username="me", state_dir=tmp_path, outbound_dir=tmp_path
        )
        for connector in (drop, simulator, sftp):
            assert isinstance(connector, ClearinghouseConnector)

    def test_unknown_kind_or_missing_options_are_clear_errors(self, tmp_path: Path) -> None:
        with pytest.raises(ConnectorNotConfigured, match="unknown clearinghouse connector"):
            make_connector("fax")
        with pytest.raises(ConnectorNotConfigured, match="outbound_dir"):
            make_connector("filedrop", state_dir=tmp_path)
        with pytest.raises(ConnectorNotConfigured, match="host"):
            make_connector("sftp", state_dir=tmp_path)
