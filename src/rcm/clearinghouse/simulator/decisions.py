"""What the simulated payer decides for each claim: pure, deterministic by (seed, payer, claim, attempt).

The random generator is seeded per claim from the seed, payer id, patient control number and
submission attempt, so a decision never depends on the order claims arrive in. Every line
balances: charge = paid + contractual (CO) + patient responsibility (PR) + other (OA).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from rcm.clearinghouse.simulator.config import PayerBehavior, SimulatorConfig
from rcm.edi.claim_input import Claim, ServiceLine
from rcm.edi.common import Adjustment

CENT = Decimal("0.01")
ZERO = Decimal(0)


class Outcome(StrEnum):
    rejected = "rejected"  # 277CA rejection: never adjudicated, no 835
    denied = "denied"  # 835 with CLP02=4 and nothing paid
    paid = "paid"
    partial = "partial"  # paid, but at least one line denied
    reversed = "reversed"  # paid, then reversed (CLP02=22) and paid again with corrected amounts


@dataclass(frozen=True)
class LineDecision:
    number: int
    procedure_code: str
    modifiers: tuple[str, ...]
    revenue_code: str
    units: Decimal
    service_date: date
    line_control_number: str
    charge: Decimal
    allowed: Decimal
    paid: Decimal
    adjustments: tuple[Adjustment, ...]
    remark_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimDecision:
    patient_control_number: str
    attempt: int
    payer_id: str
    payer_name: str
    outcome: Outcome
    received_on: date
    front_end: tuple[str, str, str]  # 277CA STC01 category, status, entity
    charge: Decimal
    billing_npi: str = ""
    billing_name: str = ""
    patient: tuple[str, str, str] = ("", "", "")  # last, first, member id
    claim_frequency: str = "1"
    facility_code: str = ""
    filing_indicator: str = "12"
    status_code: str = ""  # CLP02
    payer_claim_control_number: str = ""
    adjudicated_on: date | None = None
    lines: tuple[LineDecision, ...] = ()
    denial: tuple[str, str, str] | None = None  # group, CARC, RARC
    reversal_on: date | None = None
    corrected_lines: tuple[LineDecision, ...] = ()
    rejection_label: str = ""
    submitter_id: str = ""  # ISA06 of the 837, the receiver of our answers

    @property
    def paid(self) -> Decimal:
        """What the provider finally keeps (after a reversal, the corrected payment)."""
        return _total(self.corrected_lines or self.lines, "paid")

    @property
    def patient_responsibility(self) -> Decimal:
        return _adjusted(self.corrected_lines or self.lines, "PR")

    @property
    def contractual(self) -> Decimal:
        return _adjusted(self.corrected_lines or self.lines, "CO")


def decide(claim: Claim, config: SimulatorConfig, received_on: date, attempt: int = 1) -> ClaimDecision:
    payer_id = claim.payer.payer_id
    behavior = config.behavior(payer_id)
    rng = random.Random(f"{config.seed}:{payer_id}:{claim.patient_control_number}:{attempt}")
    base = _base(claim, behavior, received_on, attempt)
    rejection = _rejection(claim, behavior, rng, attempt)
    if rejection is not None:
        reason_status = (rejection[0], rejection[1], rejection[2])
        return _replace(base, outcome=Outcome.rejected, front_end=reason_status, rejection_label=rejection[3])
    adjudicated = received_on + timedelta(days=behavior.adjudication_delay_days)
    accepted = _replace(
        base, adjudicated_on=adjudicated, payer_claim_control_number=_icn(payer_id, claim, attempt)
    )
    if rng.random() < behavior.denial_rate:
        reason = _weighted(rng, behavior.denial_reasons)
        lines = tuple(
            _denied_line(n, line, reason.group, reason.carc, reason.rarc) for n, line in _numbered(claim)
        )
        return _replace(
            accepted,
            outcome=Outcome.denied,
            status_code="4",
            lines=lines,
            denial=(reason.group, reason.carc, reason.rarc),
        )
    return _adjudicate(claim, behavior, rng, accepted)


def _adjudicate(
    claim: Claim, behavior: PayerBehavior, rng: random.Random, accepted: ClaimDecision
) -> ClaimDecision:
    status = {"S": "2", "T": "3"}.get(claim.subscriber.payer_responsibility, "1")
    deductible = (
        behavior.patient_share.deductible if rng.random() < behavior.patient_share.deductible_rate else ZERO
    )
    lines = _paid_lines(claim, behavior, behavior.allowed_percent, deductible)
    partial = len(lines) > 1 and rng.random() < behavior.partial_payment_rate
    if partial:
        number, line = _numbered(claim)[-1]
        lines = (*lines[:-1], _denied_line(number, line, "CO", "97", "M86"))
        return _replace(accepted, outcome=Outcome.partial, status_code=status, lines=lines)
    if rng.random() < behavior.reversal_rate and accepted.adjudicated_on is not None:
        corrected = _paid_lines(
            claim, behavior, behavior.allowed_percent - behavior.reversal_allowed_reduction, deductible
        )
        when = accepted.adjudicated_on + timedelta(days=behavior.reversal_delay_days)
        return _replace(
            accepted,
            outcome=Outcome.reversed,
            status_code=status,
            lines=lines,
            reversal_on=when,
            corrected_lines=corrected,
        )
    return _replace(accepted, outcome=Outcome.paid, status_code=status, lines=lines)


def _paid_lines(
    claim: Claim, behavior: PayerBehavior, percent: Decimal, deductible: Decimal
) -> tuple[LineDecision, ...]:
    """Allowed = charge x percent (CO-45 for the rest); then deductible, copay and coinsurance as PR."""
    share = behavior.patient_share
    remaining_deductible, remaining_copay = deductible, share.copay
    out = []
    for number, line in _numbered(claim):
        prior = _prior_payment(claim, line)
        allowed = min(_cents(line.charge * percent), line.charge)
        base = max(allowed - prior, ZERO)
        pr1 = min(remaining_deductible, base)
        pr3 = min(remaining_copay, base - pr1)
        pr2 = _cents((base - pr1 - pr3) * share.coinsurance)
        remaining_deductible, remaining_copay = remaining_deductible - pr1, remaining_copay - pr3
        paid = base - pr1 - pr2 - pr3
        adjustments = [Adjustment("CO", "45", line.charge - allowed)] if line.charge > allowed else []
        if prior:
            adjustments.append(Adjustment("OA", "23", min(prior, allowed)))  # impact of prior payer(s)
        adjustments += [
            Adjustment("PR", code, amount) for code, amount in (("1", pr1), ("3", pr3), ("2", pr2)) if amount
        ]
        out.append(_line(number, line, allowed, paid, tuple(adjustments)))
    return tuple(out)


def _prior_payment(claim: Claim, line: ServiceLine) -> Decimal:
    # COB: what earlier payers paid on this line (2430 SVD02) reduces what this payer owes.
    return sum((a.paid_amount for a in line.adjudications), ZERO)


def _denied_line(number: int, line: ServiceLine, group: str, carc: str, rarc: str) -> LineDecision:
    return _line(number, line, ZERO, ZERO, (Adjustment(group, carc, line.charge),), (rarc,) if rarc else ())


def _line(
    number: int,
    line: ServiceLine,
    allowed: Decimal,
    paid: Decimal,
    adjustments: tuple[Adjustment, ...],
    remarks: tuple[str, ...] = (),
) -> LineDecision:
    return LineDecision(
        number,
        line.procedure_code,
        line.modifiers,
        line.revenue_code,
        line.units,
        line.service_date,
        line.line_control_number,
        line.charge,
        allowed,
        paid,
        adjustments,
        remarks,
    )


def _rejection(
    claim: Claim, behavior: PayerBehavior, rng: random.Random, attempt: int
) -> tuple[str, str, str, str] | None:
    member_id = claim.subscriber.member_id
    if behavior.member_id_pattern and not re.fullmatch(behavior.member_id_pattern, member_id):
        return ("A7", "33", "IL", f"member id {member_id!r} not found")
    rate = behavior.rejection_rate if attempt == 1 else behavior.resubmission_rejection_rate
    if rng.random() < rate:
        reason = _weighted(rng, behavior.rejection_reasons)
        return (reason.category, reason.status, reason.entity, reason.label)
    return None


def _base(claim: Claim, behavior: PayerBehavior, received_on: date, attempt: int) -> ClaimDecision:
    person = claim.patient or claim.subscriber
    institutional = claim.claim_type.value == "institutional"
    return ClaimDecision(
        claim.patient_control_number,
        attempt,
        claim.payer.payer_id,
        behavior.name or claim.payer.name,
        Outcome.paid,
        received_on,
        ("A2", "20", "PR"),
        claim.total_charge,
        claim.billing_provider.npi,
        claim.billing_provider.name,
        (person.last_name, person.first_name, claim.subscriber.member_id),
        claim.frequency_code,
        claim.facility_type_code if institutional else claim.place_of_service,
        _filing_indicator(claim.subscriber.claim_filing_indicator),
    )


def _filing_indicator(sbr09: str) -> str:
    # CLP06 has its own code list: carry the Medicare/Medicaid/etc. codes over, commercial becomes PPO (12).
    return (
        sbr09 if sbr09 in {"MA", "MB", "MC", "CH", "HM", "VA", "WC", "OF", "TV", "DS", "AM", "LM"} else "12"
    )


def _icn(payer_id: str, claim: Claim, attempt: int) -> str:
    digest = random.Random(f"icn:{payer_id}:{claim.patient_control_number}:{attempt}").randrange(10**11)
    return f"{payer_id[:4].upper()}{digest:011d}"


def _weighted(rng: random.Random, reasons: tuple[Any, ...]) -> Any:
    return rng.choices(reasons, weights=[r.weight for r in reasons])[0]


def _numbered(claim: Claim) -> list[tuple[int, ServiceLine]]:
    return list(enumerate(claim.lines, 1))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _total(lines: tuple[LineDecision, ...], attribute: str) -> Decimal:
    return sum((getattr(line, attribute) for line in lines), ZERO)


def _adjusted(lines: tuple[LineDecision, ...], group: str) -> Decimal:
    return sum((a.amount for line in lines for a in line.adjustments if a.group == group), ZERO)


def _replace(decision: ClaimDecision, **changes: Any) -> ClaimDecision:
    return replace(decision, **changes)


def to_record(decision: ClaimDecision) -> dict[str, Any]:
    """A JSON-ready dict (amounts as strings, dates ISO) with the final totals spelled out."""
    record = {f.name: _plain(getattr(decision, f.name)) for f in fields(decision)}
    record.update(
        paid=str(decision.paid),
        patient_responsibility=str(decision.patient_responsibility),
        contractual=str(decision.contractual),
    )
    return record


def from_record(record: dict[str, Any]) -> ClaimDecision:
    values = {f.name: record[f.name] for f in fields(ClaimDecision) if f.name in record}
    values["outcome"] = Outcome(values["outcome"])
    for name in ("received_on", "adjudicated_on", "reversal_on"):
        values[name] = date.fromisoformat(values[name]) if values.get(name) else None
    values["charge"] = Decimal(values["charge"])
    values["front_end"], values["patient"] = tuple(values["front_end"]), tuple(values["patient"])
    values["denial"] = tuple(values["denial"]) if values.get("denial") else None
    values["lines"] = tuple(_line_from(line) for line in values.get("lines", ()))
    values["corrected_lines"] = tuple(_line_from(line) for line in values.get("corrected_lines", ()))
    return ClaimDecision(**values)


def _line_from(record: dict[str, Any]) -> LineDecision:
    return LineDecision(
        record["number"],
        record["procedure_code"],
        tuple(record["modifiers"]),
        record["revenue_code"],
        Decimal(record["units"]),
        date.fromisoformat(record["service_date"]),
        record["line_control_number"],
        Decimal(record["charge"]),
        Decimal(record["allowed"]),
        Decimal(record["paid"]),
        tuple(Adjustment(a["group"], a["reason"], Decimal(a["amount"])) for a in record["adjustments"]),
        tuple(record["remark_codes"]),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal | date | StrEnum):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, Adjustment):
        return {"group": value.group, "reason": value.reason, "amount": str(value.amount)}
    if isinstance(value, LineDecision):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value
