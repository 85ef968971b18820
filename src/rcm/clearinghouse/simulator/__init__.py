"""Built-in payer simulator: answers our 837s with real 999, 277CA and 835 files."""

from rcm.clearinghouse.simulator.config import (
    DenialReason,
    PatientShare,
    PayerBehavior,
    RejectionReason,
    SimulatorConfig,
)
from rcm.clearinghouse.simulator.connector import SimulatorConnector
from rcm.clearinghouse.simulator.decisions import ClaimDecision, LineDecision, Outcome, decide
from rcm.clearinghouse.simulator.engine import GeneratedFile, PayerSimulator

__all__ = [
    "ClaimDecision",
    "DenialReason",
    "GeneratedFile",
    "LineDecision",
    "Outcome",
    "PatientShare",
    "PayerBehavior",
    "PayerSimulator",
    "RejectionReason",
    "SimulatorConfig",
    "SimulatorConnector",
    "decide",
]
