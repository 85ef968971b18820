"""`SimulatorConnector`: the payer simulator behind the same interface as a real clearinghouse.

`send_batch` drops the 837 in the outbound directory (idempotent, like the file drop) and lets
the simulator answer into the inbound directory at once (999, 277CA); `fetch_responses` first
releases the 835s whose adjudication date the clock has reached, then hands out new files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from rcm.clearinghouse.connector import ConnectorNotConfigured, InboundFile, SendReceipt
from rcm.clearinghouse.filedrop import FileDropConnector
from rcm.clearinghouse.ledger import atomic_write
from rcm.clearinghouse.simulator.config import SimulatorConfig
from rcm.clearinghouse.simulator.engine import GeneratedFile, PayerSimulator

CONFIG_FILE = "simulator.yaml"


class SimulatorConnector:
    def __init__(
        self,
        state_dir: Path,
        config: SimulatorConfig | None = None,
        clock: Callable[[], date] = date.today,
        outbound_dir: Path | None = None,
        inbound_dir: Path | None = None,
    ) -> None:
        state_dir = Path(state_dir)
        self.clock = clock
        self.drop = FileDropConnector(
            outbound_dir or state_dir / "outbound", inbound_dir or state_dir / "inbound", state_dir
        )
        self.simulator = PayerSimulator(config or _config_in(state_dir), state_dir / "simulator")

    @classmethod
    def from_options(
        cls,
        *,
        state_dir: Path | str | None = None,
        config: Any = None,
        seed: int | None = None,
        clock: Callable[[], date] | None = None,
        outbound_dir: Path | str | None = None,
        inbound_dir: Path | str | None = None,
        **_ignored: Any,
    ) -> SimulatorConnector:
        if state_dir is None:
            raise ConnectorNotConfigured("the simulator connector needs a state_dir")
        resolved = _resolve_config(config, Path(state_dir), seed)
        return cls(
            Path(state_dir),
            resolved,
            clock or date.today,
            Path(outbound_dir) if outbound_dir else None,
            Path(inbound_dir) if inbound_dir else None,
        )

    def send_batch(self, control_number: str, filename: str, content: bytes) -> SendReceipt:
        receipt = self.drop.send_batch(control_number, filename, content)
        # Appeal packages (letter + attachments, not X12) are delivered, not adjudicated by the simulator.
        if receipt.sent and not control_number.startswith("APPEAL-"):
            self._drop(self.simulator.receive(receipt.filename, content, self.clock()))
        return receipt

    def fetch_responses(self) -> list[InboundFile]:
        self._drop(self.simulator.release(self.clock()))
        return self.drop.fetch_responses()

    def acknowledge(self, file: InboundFile) -> None:
        self.drop.acknowledge(file)

    def _drop(self, files: list[GeneratedFile]) -> None:
        for file in files:
            atomic_write(self.drop.inbound_dir / file.name, file.content)


def _resolve_config(config: Any, state_dir: Path, seed: int | None) -> SimulatorConfig:
    if isinstance(config, SimulatorConfig):
        resolved = config
    elif isinstance(config, dict):
        resolved = SimulatorConfig.from_dict(config)
    elif isinstance(config, str | Path):
        resolved = SimulatorConfig.from_yaml(config)
    else:
        resolved = _config_in(state_dir)
    if seed is not None:
        from dataclasses import replace

        resolved = replace(resolved, seed=seed)
    return resolved


def _config_in(state_dir: Path) -> SimulatorConfig:
    path = state_dir / CONFIG_FILE
    return SimulatorConfig.from_yaml(path) if path.exists() else SimulatorConfig()
