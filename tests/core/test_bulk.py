"""Bulk write helpers: PostgreSQL array literals for set-based updates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from rcm.bulk import _array_literal
from rcm.claims.state_machine import ClaimStatus

AWKWARD = ["plain", "", "NULL", 'quo"te', "back\\slash", "com,ma", "{braces}", " spaced ", "é✓", None]


def test_literal_quotes_text_and_keeps_null() -> None:
    assert _array_literal(["a", None, 'b"c']) == '{"a",NULL,"b\\"c"}'
    assert _array_literal([1, None, -3]) == "{1,NULL,-3}"
    assert _array_literal([True, False]) == "{t,f}"
    assert _array_literal([ClaimStatus.paid]) == '{"Paid"}'
    assert _array_literal([date(2026, 1, 2)]) == '{"2026-01-02"}'
    assert _array_literal([]) == "{}"


def test_literal_reads_back_as_the_same_values_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("array literals are a PostgreSQL format (CI runs this on PostgreSQL)")
    at = datetime(2026, 12, 4, 15, 30, 1, 123456, tzinfo=UTC)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT CAST(:v AS text[])"), {"v": _array_literal(AWKWARD)}) == AWKWARD
        stamps = conn.scalar(text("SELECT CAST(:v AS timestamptz[])"), {"v": _array_literal([at, None])})
        assert stamps == [at, None]
        numbers = conn.scalar(text("SELECT CAST(:v AS numeric[])"), {"v": _array_literal([Decimal("1.50")])})
        assert numbers == [Decimal("1.50")]
