"""The payer simulator: reads our 837s, answers at once with a 999 and 277CAs, and releases 835s
once the simulated clock reaches each claim's adjudication date.

State lives in `state_dir` (JSON, written atomically): which files were received, submission
attempts per claim, every decision (also in the `decisions.json` sidecar for tests and demos),
which payment events were released, and the output sequence used for control numbers. The same
files, in the same order, with the same seed and dates, give byte-identical output.
"""

from __future__ import annotations

import fcntl
import json
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rcm.clearinghouse.ledger import atomic_write, sha256
from rcm.clearinghouse.simulator import responses
from rcm.clearinghouse.simulator.config import SimulatorConfig
from rcm.clearinghouse.simulator.decisions import ClaimDecision, Outcome, decide, from_record, to_record
from rcm.edi import Claim, ClaimPayment, EnvelopeSpec, X12Error, parse_837
from rcm.edi.remittance import ProviderAdjustment

_PAID = (Outcome.paid, Outcome.partial, Outcome.reversed, Outcome.denied)


@dataclass(frozen=True)
class GeneratedFile:
    name: str
    kind: str
    content: bytes


@dataclass(frozen=True)
class _Event:
    """One claim's appearance in an 835: its first adjudication, or a later reversal + correction."""

    decision: ClaimDecision
    kind: str  # "adjudication" or "reversal"
    due: date

    @property
    def key(self) -> str:
        return f"{self.decision.patient_control_number}#{self.decision.attempt}:{self.kind}"

    @property
    def group(self) -> tuple[date, str, str]:
        return self.due, self.decision.payer_id, self.decision.billing_npi


def _ack_renderer(
    decisions: list[ClaimDecision], submitter: tuple[str, str], reference: str, day: date
) -> Callable[[EnvelopeSpec], str]:
    return lambda envelope: responses.claim_ack_277ca(decisions, submitter, reference, day, envelope)


class PayerSimulator:
    def __init__(self, config: SimulatorConfig, state_dir: Path) -> None:
        self.config = config
        self.state_dir = Path(state_dir)
        self._state_path = self.state_dir / "simulator-state.json"
        self.state = self._load()

    # -- public ------------------------------------------------------------------------------------
    def receive(self, name: str, content: bytes, received_on: date) -> list[GeneratedFile]:
        """Answer one 837: a 999 (or TA1), then a 277CA per payer when the file was accepted."""
        with self._exclusive():
            return self._receive(name, content, received_on)

    def release(self, today: date) -> list[GeneratedFile]:
        """835s for every payment event due on or before `today` not released yet."""
        with self._exclusive():
            return self._release(today)

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        # Several workers may drive one simulator: serialize them and start from the saved state.
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with (self.state_dir / "simulator.lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.state = self._load()
            yield

    def _receive(self, name: str, content: bytes, received_on: date) -> list[GeneratedFile]:
        key = f"{name}:{sha256(content)}"
        if key in self.state["received"]:
            return []  # the same file twice is one submission
        self.state["received"][key] = received_on.isoformat()
        facts = responses.inbound_facts(content)
        try:
            batches = parse_837(content)
        except X12Error as error:
            return self._save(self._structural_rejection(facts, error, received_on))
        sender = facts.sender_id
        out = [self._file("999", "", received_on, sender, lambda env: responses.accepted_999(facts, env))]
        for batch in batches:
            decisions = [self._decide(claim, received_on, sender) for claim in batch.claims]
            submitter = (batch.submitter.name, batch.submitter.identifier)
            reference = batch.reference_id or facts.group_control_number
            for payer_id in sorted({d.payer_id for d in decisions}):
                mine = [d for d in decisions if d.payer_id == payer_id]
                out.append(
                    self._file(
                        "277CA",
                        payer_id,
                        received_on,
                        sender,
                        _ack_renderer(mine, submitter, reference, received_on),
                    )
                )
        return self._save(out)

    def _release(self, today: date) -> list[GeneratedFile]:
        released = set(self.state["released"])
        due = [e for e in self._events() if e.due <= today and e.key not in released]
        groups: dict[tuple[date, str, str], list[_Event]] = {}
        for event in sorted(due, key=lambda e: (e.group, e.decision.patient_control_number, e.kind)):
            groups.setdefault(event.group, []).append(event)
        out = [self._remittance(group, events) for group, events in groups.items()]
        self.state["released"] += [e.key for e in due]
        return self._save(out)

    def decisions(self) -> list[ClaimDecision]:
        return [from_record(record) for record in self.state["decisions"]]

    @property
    def decisions_path(self) -> Path:
        return self.state_dir / "decisions.json"

    # -- decisions and events -----------------------------------------------------------------------
    def _decide(self, claim: Claim, received_on: date, sender: str) -> ClaimDecision:
        pcn = claim.patient_control_number
        attempt = self.state["attempts"].get(pcn, 0) + 1
        self.state["attempts"][pcn] = attempt
        decision = replace(decide(claim, self.config, received_on, attempt), submitter_id=sender)
        self.state["decisions"].append(to_record(decision))
        return decision

    def _events(self) -> list[_Event]:
        events = []
        for decision in self.decisions():
            if decision.outcome in _PAID and decision.adjudicated_on is not None:
                events.append(_Event(decision, "adjudication", decision.adjudicated_on))
            if decision.outcome is Outcome.reversed and decision.reversal_on is not None:
                events.append(_Event(decision, "reversal", decision.reversal_on))
        return events

    def _remittance(self, group: tuple[date, str, str], events: list[_Event]) -> GeneratedFile:
        day, payer_id, npi = group
        payments: list[ClaimPayment] = []
        for event in events:
            d = event.decision
            if event.kind == "adjudication":
                payments.append(responses.claim_payment(d, d.lines, d.status_code))
            else:  # CLP02=22 takes back the first payment, then the corrected claim pays again
                payments.append(responses.claim_payment(d, d.lines, "22", negate=True))
                payments.append(responses.claim_payment(d, d.corrected_lines, d.status_code))
        plbs = self._provider_adjustments(group, payments)
        first = events[0].decision
        trace = f"{payer_id[:6]}{day:%Y%m%d}{self.state['sequence'] + 1:06d}"
        label = f"{payer_id}_{npi}_{day:%Y%m%d}"
        return self._file(
            "835",
            label,
            day,
            first.submitter_id,
            lambda env: responses.remittance_835(
                payments, plbs, (first.payer_name, payer_id), (first.billing_name, npi), day, trace, env
            ),
        )

    def _provider_adjustments(
        self, group: tuple[date, str, str], payments: list[ClaimPayment]
    ) -> list[ProviderAdjustment]:
        day, payer_id, npi = group
        behavior = self.config.behavior(payer_id)
        rng = random.Random(f"{self.config.seed}:plb:{payer_id}:{npi}:{day.isoformat()}")
        paid = sum((p.paid for p in payments), Decimal(0))
        fiscal = date(day.year, 12, 31)
        plbs = []
        if paid > 0 and rng.random() < behavior.interest_rate:  # L6 interest owed to the provider: negative
            plbs.append(
                ProviderAdjustment(npi, fiscal, "L6", "", -(paid * Decimal("0.01")).quantize(Decimal("0.01")))
            )
        if paid > behavior.recoupment_amount and rng.random() < behavior.recoupment_rate:
            plbs.append(
                ProviderAdjustment(npi, fiscal, "WO", f"RECOUP{day:%Y%m%d}", behavior.recoupment_amount)
            )
        self.state["provider_adjustments"] += [
            {
                "payer_id": payer_id,
                "npi": npi,
                "date": day.isoformat(),
                "reason": p.reason,
                "amount": str(p.amount),
            }
            for p in plbs
        ]
        return plbs

    # -- files and state ----------------------------------------------------------------------------
    def _structural_rejection(
        self, facts: responses.InboundFacts, error: X12Error, day: date
    ) -> list[GeneratedFile]:
        self.state["rejected_files"].append({"error": type(error).__name__, "detail": error.detail})
        if facts.group_control_number and facts.transaction_sets:
            return [
                self._file(
                    "999", "", day, facts.sender_id, lambda env: responses.rejected_999(facts, error, env)
                )
            ]
        return [self._file("TA1", "", day, facts.sender_id, lambda env: responses.rejected_ta1(facts, env))]

    def _file(
        self, kind: str, label: str, day: date, receiver: str, render: Callable[[EnvelopeSpec], str]
    ) -> GeneratedFile:
        self.state["sequence"] += 1
        sequence = self.state["sequence"]
        envelope = responses.envelope_for(receiver, sequence, day)
        name = "_".join(part for part in (kind, label, f"{sequence:09d}") if part) + ".x12"
        return GeneratedFile(name, kind, render(envelope).encode("ascii"))

    def _load(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "received": {},
            "attempts": {},
            "decisions": [],
            "released": [],
            "sequence": 0,
            "provider_adjustments": [],
            "rejected_files": [],
        }
        if self._state_path.exists():
            state.update(json.loads(self._state_path.read_text()))
        return state

    def _save(self, files: list[GeneratedFile]) -> list[GeneratedFile]:
        atomic_write(self._state_path, json.dumps(self.state, sort_keys=True).encode())
        sidecar = {
            "decisions": self.state["decisions"],
            "provider_adjustments": self.state["provider_adjustments"],
            "rejected_files": self.state["rejected_files"],
        }
        atomic_write(self.decisions_path, json.dumps(sidecar, sort_keys=True).encode())
        return files
