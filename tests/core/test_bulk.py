"""Bulk write helpers (PostgreSQL array literals for set-based updates) and the housekeeping around
bulk work (statistics refresh, garbage collection schedule)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from rcm import housekeeping
from rcm.bulk import array_literal
from rcm.claims.state_machine import ClaimStatus

AWKWARD = ["plain", "", "NULL", 'quo"te', "back\\slash", "com,ma", "{braces}", " spaced ", "é✓", None]


def test_literal_quotes_text_and_keeps_null() -> None:
    assert array_literal(["a", None, 'b"c']) == '{"a",NULL,"b\\"c"}'
    assert array_literal([1, None, -3]) == "{1,NULL,-3}"
    assert array_literal([True, False]) == "{t,f}"
    assert array_literal([ClaimStatus.paid]) == '{"Paid"}'
    assert array_literal([date(2026, 1, 2)]) == '{"2026-01-02"}'
    assert array_literal([]) == "{}"


def test_literal_reads_back_as_the_same_values_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("array literals are a PostgreSQL format (CI runs this on PostgreSQL)")
    at = datetime(2026, 12, 4, 15, 30, 1, 123456, tzinfo=UTC)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT CAST(:v AS text[])"), {"v": array_literal(AWKWARD)}) == AWKWARD
        stamps = conn.scalar(text("SELECT CAST(:v AS timestamptz[])"), {"v": array_literal([at, None])})
        assert stamps == [at, None]
        numbers = conn.scalar(text("SELECT CAST(:v AS numeric[])"), {"v": array_literal([Decimal("1.50")])})
        assert numbers == [Decimal("1.50")]


def test_stale_statistics_are_refreshed_and_fresh_ones_left(
    engine: Engine, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    if engine.dialect.name != "postgresql":
        assert housekeeping.refresh_statistics(session, ["claims"]) == []  # SQLite keeps no such statistics
        return
    monkeypatch.setattr(housekeeping, "STALE_MINIMUM", 50)
    with engine.connect() as conn:
        conn.execute(text("DROP TABLE IF EXISTS stats_probe"))
        conn.execute(text("CREATE TABLE stats_probe (n int)"))
        conn.execute(text("INSERT INTO stats_probe SELECT generate_series(1, 200)"))
        conn.commit()
        conn.execute(text("SELECT pg_stat_force_next_flush()"))  # counters reach the view now
        conn.commit()
    try:
        assert housekeeping.refresh_statistics(session, ["stats_probe", "claims"]) == ["stats_probe"]
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_stat_force_next_flush()"))
            analyzed = conn.scalar(
                text("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'stats_probe'")
            )
        assert analyzed
        assert housekeeping.refresh_statistics(session, ["stats_probe"]) == []  # fresh now
    finally:
        with engine.connect() as conn:
            conn.execute(text("DROP TABLE stats_probe"))
            conn.commit()


def test_batch_collections_collect_cycles_on_their_own_schedule() -> None:
    import gc
    import weakref

    class Node:
        pass

    assert gc.isenabled()
    with housekeeping.batch_collections(every=2) as collector:
        assert not gc.isenabled()
        node = Node()
        node.self = node  # type: ignore[attr-defined]  # a cycle: only the collector frees it
        alive = weakref.ref(node)
        del node
        collector.tick()
        assert alive() is not None  # not yet: every second batch
        collector.tick()
        assert alive() is None
    assert gc.isenabled()
