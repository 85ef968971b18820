"""Column plans follow the table, not the generator: new defaulted columns and dropped ones are fine."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, text

from rcm.synth.seeding import IdMint, Weighted, rng_for
from rcm.synth.writers import SynthSchemaError, TablePlan


class Color(StrEnum):
    red = "red"


def table(*extra: Column[object]) -> Table:
    return Table(
        "things", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(10)), *extra
    )


class TestTablePlan:
    def test_same_columns_pass_rows_through(self) -> None:
        plan = TablePlan.build(table(), ("id", "name"))
        assert plan.columns == ("id", "name") and plan.project((1, "a")) == (1, "a")

    def test_a_field_the_table_lacks_is_dropped(self) -> None:
        plan = TablePlan.build(table(), ("id", "gone", "name"))
        assert plan.columns == ("id", "name") and plan.project((1, "x", "a")) == (1, "a")

    def test_new_columns_get_their_model_default_or_null(self) -> None:
        plan = TablePlan.build(
            table(
                Column("color", String(8), default=Color.red),
                Column("tags", JSON, default=list),
                Column("note", String(10), nullable=True),
                Column("rank", Integer, server_default=text("0")),
            ),
            ("id", "name"),
        )
        assert plan.columns == ("id", "name", "color", "tags", "note")
        assert plan.project((1, "a")) == (1, "a", "red", json.dumps([]), None)

    def test_a_required_column_without_default_is_refused(self) -> None:
        with pytest.raises(SynthSchemaError, match=r"things\.code"):
            TablePlan.build(table(Column("code", String(5), nullable=False)), ("id", "name"))


class TestSeeding:
    def test_ids_are_version_4_uuids_unique_per_block(self) -> None:
        first, second = IdMint(1, "org", 0), IdMint(1, "org", 1)
        ids = [first.next() for _ in range(1000)] + [second.next() for _ in range(1000)]
        assert (
            len(set(ids)) == 2000
            and {i.version for i in ids} == {4}
            and {i.variant for i in ids} == {"specified in RFC 4122"}
        )

    def test_weighted_choice_follows_its_weights(self) -> None:
        pick, rng = Weighted((("a", 1), ("b", 3), ("never", 0))), rng_for(5)
        seen = [pick.pick(rng) for _ in range(4000)]
        assert "never" not in seen and 0.7 < seen.count("b") / len(seen) < 0.8
