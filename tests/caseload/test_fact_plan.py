"""Facts only for what is read, and the derived tables of the conversion.

The fact views compute only the fields the loaded rules read: a rule set of one rule
gives exactly that rule's rows of the full catalogue. The derived tables a conversion
writes equal the ones the engine computes for a source without them.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.aggregates import DERIVED, DERIVED_SCHEMAS, derived_queries
from gezinsplan.caseload.compile import fields_read
from gezinsplan.caseload.convert import FORMAT_VERSION, generate_caseload
from gezinsplan.caseload.engine import assess_with_facts
from gezinsplan.caseload.facts import fact_queries
from gezinsplan.caseload.tables import TABLES
from gezinsplan.errors import InputError
from gezinsplan.generate import generate_households
from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.ruleset import RuleSet, default_rules

RULES = default_rules()
PEIL = date(2026, 11, 23)


@pytest.fixture(scope="module")
def households() -> list:  # type: ignore[type-arg]
    return list(generate_households(400, seed=5, peildatum=PEIL))


def _only(rule_id: str) -> RuleSet:
    rule = RULES.rule(rule_id)
    return dataclasses.replace(
        RULES, rules=(rule,), version=f"{RULES.version}:{rule_id}", _cache={}
    )


def test_one_rule_alone_gives_its_rows_of_the_whole_catalogue(households: list) -> None:  # type: ignore[type-arg]
    full = assess(households, RULES, PEIL)
    fired = sorted(set(full.column("rule_id").to_pylist()))
    pairs = [
        r.id
        for r in RULES.rules
        if len({p.fact for p in r.patterns if not p.negated})
        < sum(1 for p in r.patterns if not p.negated)
    ]
    negated = [r.id for r in RULES.rules if any(p.negated for p in r.patterns)]
    chosen = sorted({*fired[:: max(1, len(fired) // 8)], *pairs[:2], *negated[:2]} & set(fired))
    assert chosen
    for rule_id in chosen:
        alone = assess(households, _only(rule_id), PEIL)
        want = full.filter(pc.equal(full.column("rule_id"), rule_id))
        assert alone.equals(want), rule_id


def test_fact_rows_asked_for_have_every_field(households: list) -> None:  # type: ignore[type-arg]
    signals, facts = assess_with_facts(
        households, _only("triage.meervoudig"), PEIL, facts=("member", "provision")
    )
    assert signals.num_rows > 0
    for fact_type, table in facts.items():
        assert table.column_names == ["household", *FACT_SCHEMA[fact_type]]


def test_the_views_compute_only_the_fields_named() -> None:
    queries = fact_queries(PEIL, 2, fields=(("household", ("id", "n_questions")),))
    assert list(queries) == ["f_household"]
    query = queries["f_household"]
    assert [e.alias_or_name for e in query.expressions] == ["hkey", "id", "n_questions"]
    text = query.sql(dialect="duckdb")
    assert "household_counts" in text
    assert "provisions" not in text
    assert "assessment_spans" not in text
    every = fact_queries(PEIL, 2)
    assert {name.removeprefix("f_") for name in every} == set(FACT_SCHEMA)


def test_the_rules_read_fields_of_their_facts() -> None:
    read = fields_read(RULES.rules)
    for fact_type, names in read.items():
        assert names <= set(FACT_SCHEMA[fact_type]), fact_type
    assert "id" in read["member"]
    assert "member" in read["provision"]


def _sorted(table: pa.Table) -> list[dict[str, object]]:
    rows = table.to_pylist()
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def test_the_derived_tables_of_a_conversion_equal_those_computed_in_memory(
    tmp_path: Path,
) -> None:
    out = tmp_path / "c"
    generate_caseload(300, 9, out, peildatum=PEIL, chunk_size=70)
    meta = json.loads((out / "_caseload.json").read_text(encoding="utf-8"))
    assert (meta["format"], meta["derived"]) == (FORMAT_VERSION, list(DERIVED))
    con = duckdb.connect(":memory:")
    for table in TABLES:
        con.register(table, pq.read_table(out / table))
    for name, query in derived_queries().items():
        assert len(list((out / name).glob("part-*.parquet"))) == 5
        written = pq.read_table(out / name)
        assert written.schema == DERIVED_SCHEMAS[name]
        computed = con.sql(query.sql(dialect="duckdb")).to_arrow_table()
        assert _sorted(written) == _sorted(computed), name
    con.close()


def test_a_folder_of_an_older_format_says_to_convert_or_generate_again(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "_caseload.json").write_text('{"format": 4}', encoding="utf-8")
    with pytest.raises(InputError, match=r"format 4.*convert.*again.*generate.*again"):
        assess(old, RULES, PEIL)
