"""ERA (835) auto-posting: stream the file, match each CLP to its claim, post money, open denials.

One call posts a whole file inside the caller's transaction: either every remittance in it is
posted or (on any error) none is. The same remittance (payer + TRN02 trace) twice posts once and
says so. `dry_run` plans everything and writes nothing. CLPs that match no claim go to the
unmatched queue with the CLP kept whole, so a biller can match them by hand later.

Claims are processed in chunks: their state is read in two queries, planned in memory (pure
`planner`), and written back with bulk statements (COPY on PostgreSQL) under the claims'
optimistic version check.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from rcm import bulk, housekeeping
from rcm.claims import service as claims
from rcm.claims.state_machine import ClaimStatus
from rcm.db import utcnow
from rcm.denials import mapping
from rcm.edi.parse_835 import stream_835
from rcm.edi.remittance import ClaimPayment, RemittanceEnd, RemittanceHeader
from rcm.edi.x12.source import X12Source
from rcm.money import to_cents as cents
from rcm.payers import service as payers
from rcm.payers.models import Payer
from rcm.payments import writer
from rcm.payments.planner import AWAITING_PAYMENT, ClaimState, LineState, plan_claim
from rcm.payments.repository import RemittanceRepository
from rcm.tenancy import AuthContext

CHUNK = 2000


@dataclass
class RemittanceReport:
    trace_number: str
    payer_identifier: str
    payer_name: str
    status: str  # posted | already_posted | dry_run
    remittance_id: uuid.UUID | None = None
    payer_id: uuid.UUID | None = None
    claims: int = 0
    matched: int = 0
    unmatched: int = 0
    reversals: int = 0
    denials: int = 0
    paid_cents: int = 0
    provider_adjustment_cents: int = 0
    payment_cents: int = 0
    balanced: bool = True
    final_status: dict[str, str] = field(default_factory=dict, repr=False)  # claim id (text) -> status
    unmatched_claims: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k not in ("statuses", "final_status")}
        out["statuses"] = dict(Counter(self.final_status.values()))
        for key in ("remittance_id", "payer_id"):
            out[key] = str(out[key]) if out[key] else None
        return out


@dataclass
class PostingReport:
    dry_run: bool
    remittances: list[RemittanceReport] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)  # claim ids as text

    @property
    def touched_claim_ids(self) -> set[uuid.UUID]:
        return {uuid.UUID(claim_id) for claim_id in self.touched}

    @property
    def duplicate(self) -> bool:
        return bool(self.remittances) and all(r.status == "already_posted" for r in self.remittances)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "duplicate": self.duplicate,
            "remittances": [r.as_dict() for r in self.remittances],
        }


def _line(values: Sequence[Any]) -> LineState:
    line_id, number, code, modifiers, day, *money = values
    codes = tuple(json.loads(modifiers)) if modifiers and modifiers != "[]" else ()
    return LineState(line_id, number, code, codes, day, *money)


def _state(row: Sequence[Any], lines: list[LineState]) -> ClaimState:
    # columns of ClaimRepository.posting_rows (the id as text, as posting writes it); mypy cannot
    # see that `rest` holds exactly the remaining fields
    claim_id, version, status, *rest = row
    state = ClaimState(claim_id, version, ClaimStatus(status), *rest, lines=lines)  # type: ignore[misc]
    state.started = state.audited()
    return state


class _Poster:
    def __init__(
        self,
        session: Session,
        ctx: AuthContext,
        *,
        dry_run: bool,
        batch_id: uuid.UUID | None,
    ) -> None:
        self.session, self.ctx, self.dry_run, self.batch_id = session, ctx, dry_run, batch_id
        self.now = utcnow()
        self.report = PostingReport(dry_run)
        self.payers = {p.payer_code.upper(): p for p in payers.all_payers(session, ctx)}
        self.payers_by_id = {p.id: p for p in self.payers.values()}
        self.overrides = writer.mapping_overrides(session, ctx)
        self.current: RemittanceReport | None = None
        self.header: RemittanceHeader | None = None
        self.skip = False
        self.buffer: list[ClaimPayment] = []
        # States of claims posted by chunks the writer may not have written yet, by control number:
        # a claim posted again (reversal, then correction) continues from memory, never from a stale
        # row. A dry run writes nothing, so it keeps every state.
        self.cache: dict[str, ClaimState] = {}
        self.cached_by_chunk: deque[tuple[int, list[str]]] = deque()
        self.chunks = 0
        self.collector: housekeeping.Collector | None = None
        self.statistics_checked = False
        self.writer = bulk.Writer(session, background=True) if not dry_run else None
        self.routing: dict[Any, Any] = {}  # work item routing rules, read once per posting
        self.classifications: dict[
            uuid.UUID, dict[tuple[str, str, tuple[str, ...]], mapping.Classification]
        ] = {}

    # -- remittance boundaries ------------------------------------------------------------
    def begin(self, header: RemittanceHeader) -> None:
        payer = self._identify_payer(header)
        identifier = (
            header.trace_originator
            or (header.payer.identifier if header.payer else "")
            or (header.payer.name if header.payer else "")
        )
        report = RemittanceReport(
            header.trace_number,
            identifier[:80],
            header.payer.name if header.payer else "",
            "dry_run" if self.dry_run else "posted",
            payer_id=payer.id if payer else None,
        )
        self.current, self.header, self.buffer = report, header, []
        self.report.remittances.append(report)
        existing = RemittanceRepository(self.session, self.ctx).by_trace(
            report.payer_identifier, header.trace_number
        )
        self.skip = existing is not None
        if existing is not None:
            report.status, report.remittance_id = "already_posted", existing.id
        elif not self.dry_run:
            report.remittance_id = writer.create_remittance(
                self.session, self.ctx, header, report, self.batch_id, self.now
            )

    def end(self, end: RemittanceEnd) -> None:
        self.flush()
        report = self.current
        assert report is not None
        balance = end.balance()
        report.payment_cents = cents(balance.payment_amount)
        report.provider_adjustment_cents = cents(balance.provider_adjustments)
        report.balanced = balance.balanced
        if not self.skip and not self.dry_run:
            writer.finish_remittance(self.session, self.ctx, report, end.provider_adjustments, self.now)

    def _identify_payer(self, header: RemittanceHeader) -> Payer | None:
        candidates = [header.trace_originator, header.trace_originator[1:]]
        if header.payer is not None:
            candidates += [
                header.payer.identifier,
                *(r.value for r in header.payer.references if r.qualifier == "2U"),
            ]
        for code in candidates:
            if code and code.upper() in self.payers:
                return self.payers[code.upper()]
        name = (header.payer.name if header.payer else "").upper()
        return next((p for p in self.payers.values() if p.name.upper() == name), None) if name else None

    # -- claims ---------------------------------------------------------------------------
    def add(self, clp: ClaimPayment) -> None:
        if self.skip:
            return
        self.buffer.append(clp)
        if len(self.buffer) >= CHUNK:
            self.flush()

    def _forget_written(self) -> None:
        written = self.writer.written if self.writer is not None else -1
        while self.cached_by_chunk and self.cached_by_chunk[0][0] <= written:
            for number in self.cached_by_chunk.popleft()[1]:
                self.cache.pop(number, None)

    def _read(self, numbers: list[str]) -> dict[str, ClaimState]:
        if not numbers:
            return {}
        with self.writer.paused() if self.writer is not None else nullcontext():
            rows = claims.posting_rows(self.session, self.ctx, numbers)
            lines = claims.posting_line_rows(self.session, self.ctx, [r[0] for r in rows])
        return {r[4]: _state(r, [_line(v) for v in lines.get(r[0], ())]) for r in rows}

    def _load(self, numbers: list[str]) -> dict[str, ClaimState]:
        self._forget_written()
        states = self._read([n for n in dict.fromkeys(numbers) if n not in self.cache])
        return {n: s for n in numbers if (s := self.cache.get(n) or states.get(n)) is not None}

    def _remember(self, states: list[ClaimState]) -> None:
        numbers = [s.patient_control_number for s in states]
        self.cache.update(zip(numbers, states, strict=True))
        self.cached_by_chunk.append((self.chunks, numbers))

    def _classifier(self, payer_id: uuid.UUID) -> Any:
        """mapping.classify for one payer, memoised: an ERA repeats the same few CARC/RARC pairs."""
        cache = self.classifications.setdefault(payer_id, {})

        def classify(group: str, carc: str, rarcs: tuple[str, ...]) -> mapping.Classification:
            key = (group, carc, rarcs)
            found = cache.get(key)
            if found is None:
                found = cache[key] = mapping.classify(group, carc, rarcs, payer_id, self.overrides)
            return found

        return classify

    def _unmatched_reason(self, state: ClaimState | None) -> str | None:
        report = self.current
        assert report is not None
        if state is None:
            return "no claim with this patient control number"
        if report.payer_id is not None and state.payer_id != report.payer_id:
            return "the claim is billed to another payer"
        if state.status not in AWAITING_PAYMENT:
            return f"the claim is {state.status.value}, not awaiting payment"
        return None

    def flush(self) -> None:
        if not self.buffer:
            return
        clps, self.buffer = self.buffer, []
        report, header = self.current, self.header
        assert report is not None and header is not None
        if len(clps) >= CHUNK and not self.statistics_checked:
            # a big file: its lookups by the thousand need statistics that know the org's size
            self.statistics_checked = True
            housekeeping.refresh_statistics(self.session, ("claims", "claim_lines"))
        states = self._load([c.patient_control_number for c in clps])
        paid_on = (
            datetime.combine(header.payment.payment_date, datetime.min.time(), UTC)
            if header.payment.payment_date
            else self.now
        )
        batch = writer.ChunkWriter(self.ctx, report, header, self.now, self.payers_by_id, self.routing)
        for clp in clps:
            report.claims += 1
            state = states.get(clp.patient_control_number)
            reason = self._unmatched_reason(state)
            if reason is not None:
                report.unmatched += 1
                batch.unmatched(clp, reason)
                continue
            assert state is not None
            classify = self._classifier(state.payer_id)
            plan = plan_claim(state, clp, classify, now=self.now, paid_on=paid_on)
            report.matched += 1
            report.reversals += plan.reversal
            report.denials += len(plan.denials)
            report.paid_cents += plan.payment["amount_cents"]
            batch.claim(state, plan)
        self.chunks += 1
        self._remember(list(batch.states.values()))
        if self.writer is not None:
            if batch.has_reversals:
                self.writer.drain()  # closing earlier denials reads them: every batch before must be in
            self.writer.submit(batch.stage(self.session))
        if self.collector is not None:
            self.collector.tick()
        for state in batch.states.values():
            report.final_status[state.id] = state.status.value
            self.report.touched.add(state.id)

    def close(self, *, failed: bool) -> None:
        """Wait for the writer (raising what it hit), or on failure just stop it."""
        if self.writer is None:
            return
        if failed:
            self.writer.abort()
        else:
            self.writer.close()


def claim_state(session: Session, ctx: AuthContext, patient_control_number: str) -> ClaimState:
    """One claim's posting state (for matching an unmatched CLP by hand)."""
    (row,) = claims.posting_rows(session, ctx, [patient_control_number])
    lines = claims.posting_line_rows(session, ctx, [row[0]]).get(row[0], [])
    return _state(tuple(row), [_line(v) for v in lines])


def post_era(
    session: Session,
    ctx: AuthContext,
    source: X12Source,
    *,
    batch_id: uuid.UUID | None = None,
    dry_run: bool = False,
) -> PostingReport:
    """Post every 835 transaction set in `source` (bytes, text, a path or a file object)."""
    poster = _Poster(session, ctx, dry_run=dry_run, batch_id=batch_id)
    failed = True
    try:
        with housekeeping.batch_collections() as collector:
            poster.collector = collector
            for event in stream_835(source):
                if isinstance(event, RemittanceHeader):
                    poster.begin(event)
                elif isinstance(event, ClaimPayment):
                    poster.add(event)
                else:
                    poster.end(event)
        failed = False
    finally:
        poster.close(failed=failed)
    if not dry_run:
        session.flush()
        session.expire_all()  # claims were updated with bulk statements: reload them on next access
    return poster.report
