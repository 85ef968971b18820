"""Helpers for end-to-end runs through the payer simulator: configure it, read its decisions."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import yaml

from rcm.batches.transport import clearinghouse_dir, connector_for
from rcm.claims.state_machine import ClaimStatus
from rcm.clearinghouse.simulator.decisions import ClaimDecision, Outcome

# What our lifecycle must show for each simulator outcome.
EXPECTED = {
    Outcome.rejected: ClaimStatus.rejected,
    Outcome.denied: ClaimStatus.denied,
    Outcome.paid: ClaimStatus.paid,
    Outcome.partial: ClaimStatus.partially_paid,
    Outcome.reversed: ClaimStatus.paid,
}


def configure_simulator(org_id: uuid.UUID, **default: Any) -> Path:
    """Write the org's simulator.yaml (answers due at once unless a delay is given)."""
    folder = clearinghouse_dir(org_id)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "seed": 20261123,
        "default": {"adjudication_delay_days": 0, "reversal_delay_days": 0, **default},
    }
    (folder / "simulator.yaml").write_text(yaml.safe_dump(settings))
    return folder


def decisions(org_id: uuid.UUID) -> dict[str, ClaimDecision]:
    """The simulator's decision per patient control number (the last attempt wins)."""
    return {d.patient_control_number: d for d in connector_for(org_id).simulator.decisions()}
