"""The SQL caseload engine on DuckDB gives exactly the reference evaluator's signals.

Facts field by field against ``build_facts``, signals signal by signal against the
reference evaluator: on every rule test case, every example household, fuzzed households
and generated caseloads; messages rendered on demand equal the per-household signals.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gezinsplan.assessor import Assessor
from gezinsplan.caseload import assess, convert_caseload, render_signals
from gezinsplan.caseload.compile import compile_catalogue
from gezinsplan.caseload.engine import fact_tables
from gezinsplan.caseload.facts import INCOME_PRODUCTS_SQL, SOCIAL_WETTEN_SQL, fact_queries
from gezinsplan.cases import BASE
from gezinsplan.errors import InputError
from gezinsplan.examples import EXAMPLE_PEILDATUM
from gezinsplan.generate import generate_households
from gezinsplan.io import dumps_household, iter_caseload, parse_household
from gezinsplan.model.enums import INCOME_PRODUCTS, SOCIAL_DOMAIN_WETTEN
from gezinsplan.model.household import Household
from gezinsplan.resources import examples_dir
from gezinsplan.rules.ruleset import default_rules
from tests.caseload.differential import (
    explain_difference,
    fact_differences,
    reference_keys,
    sql_keys,
)
from tests.strategies import PEIL, households

RULES = default_rules()


def _pylists(tables: dict[str, pa.Table]) -> dict[str, list[dict[str, Any]]]:
    return {t: table.to_pylist() for t, table in tables.items()}


def _same_signals(hs: list[Household], peildatum: date) -> None:
    got = sql_keys(assess(hs, RULES, peildatum))
    want = reference_keys(hs, RULES, peildatum)
    assert got == want, explain_difference(got, want)


def test_the_social_domain_wetten_of_the_queries_are_the_models() -> None:
    assert set(SOCIAL_WETTEN_SQL) == {w.value for w in SOCIAL_DOMAIN_WETTEN}


def test_the_income_products_of_the_queries_are_the_models() -> None:
    assert set(INCOME_PRODUCTS_SQL) == {p.value for p in INCOME_PRODUCTS}


@pytest.mark.parametrize("peildatum", [date(2026, 11, 23), date(2027, 3, 1), date(2024, 2, 29)])
def test_sql_facts_equal_build_facts_on_generated_households(peildatum: date) -> None:
    hs = list(generate_households(1500, seed=31, peildatum=date(2024, 2, 29)))
    problems = fact_differences(hs, _pylists(fact_tables(hs, peildatum, RULES)), peildatum)
    assert not problems, "\n".join(problems[:20])


@settings(max_examples=25, deadline=None)
@given(st.lists(households(), min_size=1, max_size=12))
def test_sql_facts_and_signals_equal_the_reference_on_fuzzed_households(
    batch: list[dict[str, Any]],
) -> None:
    hs = [parse_household({**data, "id": f"h{i}"}) for i, data in enumerate(batch)]
    problems = fact_differences(hs, _pylists(fact_tables(hs, PEIL, RULES)), PEIL)
    assert not problems, "\n".join(problems[:20])
    _same_signals(hs, PEIL)


def test_every_rule_test_case_gives_the_reference_signals() -> None:
    by_day: dict[date, list[Household]] = {}
    cases = {}
    for rule in RULES.rules:
        for case in rule.tests:
            hid = f"case-{len(cases)}"
            cases[hid] = (rule, case)
            data = {**BASE, **case.household, "id": hid}
            by_day.setdefault(case.peildatum, []).append(parse_household(data))
    assert len(cases) >= 2 * len(RULES.rules)
    fired: set[tuple[str, str]] = set()
    for day, hs in sorted(by_day.items()):
        table = assess(hs, RULES, day)
        got, want = sql_keys(table), reference_keys(hs, RULES, day)
        assert got == want, explain_difference(got, want)
        fired |= set(
            zip(
                table.column("household").to_pylist(),
                table.column("rule_id").to_pylist(),
                strict=True,
            )
        )
    for hid, (rule, case) in cases.items():
        assert ((hid, rule.id) in fired) == case.fires, f"{rule.id}: case {case.name!r}"


def test_every_example_household_gives_the_reference_signals() -> None:
    from gezinsplan.io import read_household

    hs = [read_household(p) for p in sorted(examples_dir().glob("*.json"))]
    assert len(hs) >= 12
    _same_signals(hs, EXAMPLE_PEILDATUM)


def test_generated_caseload_before_and_after_a_dated_parameter_change() -> None:
    # blokkades.tegenprestatie_ondanks_mantelzorg turns off on 2027-01-01
    hs = list(generate_households(3000, seed=8, peildatum=date(2026, 11, 23)))
    counts = []
    for day in (date(2026, 11, 23), date(2027, 2, 1)):
        table = assess(hs, RULES, day)
        got, want = sql_keys(table), reference_keys(hs, RULES, day)
        assert got == want, explain_difference(got, want)
        counts.append(
            sum(1 for r in table.column("rule_id").to_pylist() if r.startswith("blokkades."))
        )
    assert counts[0] > counts[1]


def test_rendered_signals_equal_the_per_household_signals() -> None:
    hs = list(generate_households(400, seed=12, peildatum=PEIL))
    table = assess(hs, RULES, PEIL)
    sample = [h.id for h in hs[::7]]
    rendered = render_signals(table, hs, RULES, households=sample)
    assessor = Assessor(RULES, engine="python")
    expected = [s for h in hs if h.id in sample for s in assessor.assess(h, PEIL)]
    key = lambda s: (s.household_id, *s.sort_key())  # noqa: E731
    assert sorted(rendered, key=key) == sorted(expected, key=key)
    assert rendered
    assert all(s.message and s.explanation for s in rendered)


def test_the_result_is_typed_sorted_and_pandas_ready() -> None:
    hs = list(generate_households(200, seed=3, peildatum=PEIL))
    table = assess(hs, RULES, PEIL)
    assert table.column_names == [
        "household",
        "rule_id",
        "category",
        "severity",
        "members",
        "fact_ids",
        "deadline",
        "overdue_since",
        "wet",
        "peildatum",
        "parameters",
    ]
    rows = table.to_pylist()
    assert rows == sorted(
        rows, key=lambda r: (r["household"], r["rule_id"], r["members"], r["fact_ids"])
    )
    assert {r["peildatum"] for r in rows} == {PEIL}
    triage = next(r for r in rows if r["rule_id"] == "triage.meervoudig")
    assert json.loads(triage["parameters"]) == {
        p: RULES.params_at(PEIL)[p] for p in RULES.rule("triage.meervoudig").parameters
    }
    frame = table.to_pandas()
    assert len(frame) == len(rows)


def test_a_converted_folder_gives_the_same_rows_as_the_households(tmp_path: Path) -> None:
    hs = list(generate_households(300, seed=4, peildatum=PEIL))
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(dumps_household(h, indent=None) for h in hs) + "\n", "utf-8")
    convert_caseload(src, tmp_path / "caseload", chunk_size=70)
    from_folder = assess(tmp_path / "caseload", RULES, PEIL)
    assert from_folder.equals(assess(hs, RULES, PEIL))
    assert from_folder.equals(assess(src, RULES, PEIL))
    assert len(list(iter_caseload(src))) == 300


def test_switched_off_rules_and_parameters_work_as_in_the_per_household_engines() -> None:
    hs = list(generate_households(600, seed=9, peildatum=PEIL))
    params = RULES.parameters.with_values(
        {"triage.probleemscore_grens": 3, "triage.complex_min_probleemdomeinen": 2}, PEIL
    )
    variant = RULES.with_parameters(params, "test")
    got, want = sql_keys(assess(hs, variant, PEIL)), reference_keys(hs, variant, PEIL)
    assert got == want, explain_difference(got, want)
    assert got != sql_keys(assess(hs, RULES, PEIL))
    on = compile_catalogue(RULES.rules, RULES.params_at(date(2026, 11, 23)))
    off = compile_catalogue(RULES.rules, RULES.params_at(date(2027, 2, 1)))
    assert "blokkades.tegenprestatie_ondanks_mantelzorg" in on.queries
    assert "blokkades.tegenprestatie_ondanks_mantelzorg" not in off.queries


def test_one_expression_renders_for_every_dialect() -> None:
    catalogue = compile_catalogue(RULES.rules, RULES.params_at(PEIL))
    union = catalogue.union()
    assert union is not None
    for dialect in ("duckdb", "postgres", "spark"):
        text = union.sql(dialect=dialect, identify=True)
        assert "triage.meervoudig" in text
        for query in fact_queries(PEIL, 2).values():
            assert "$p_" not in query.sql(dialect=dialect)


def test_rule_values_reach_sql_only_as_literals() -> None:
    rule = RULES.rule("triage.meervoudig")
    from gezinsplan.caseload.compile import literal

    assert literal("x' OR '1'='1").sql(dialect="postgres") == "'x'' OR ''1''=''1'"
    assert compile_catalogue([rule], RULES.params_at(PEIL)).queries


def test_bad_sources_give_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such caseload"):
        assess(tmp_path / "missing", RULES, PEIL)
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a columnar caseload"):
        assess(tmp_path / "empty", RULES, PEIL)
    old = tmp_path / "old"
    old.mkdir()
    (old / "_caseload.json").write_text('{"format": 1}', encoding="utf-8")
    with pytest.raises(InputError, match="convert the JSON Lines caseload again"):
        assess(old, RULES, PEIL)
    with pytest.raises(InputError, match="peildatum must be a date"):
        assess([], RULES, "2026-11-23")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="tables missing"):
        assess({"households": pa.table({"household": ["x"]})}, RULES, PEIL)


def test_an_empty_caseload_gives_an_empty_table() -> None:
    table = assess([], RULES, PEIL)
    assert table.num_rows == 0
    assert "rule_id" in table.column_names


def test_several_rule_sets_in_one_pass_equal_separate_runs() -> None:
    from gezinsplan.caseload.engine import assess_many

    hs = list(generate_households(300, seed=22, peildatum=PEIL))
    other_facts = RULES.with_parameters(
        RULES.parameters.with_values(
            {"triage.probleemscore_grens": 3, "triage.complex_min_probleemdomeinen": 2}, PEIL
        ),
        "score 3",
    )
    same_facts = RULES.with_parameters(
        RULES.parameters.with_values({"triage.complex_min_probleemdomeinen": 2}, PEIL), "min 2"
    )
    sets = [RULES, same_facts, other_facts, RULES]
    together = assess_many(hs, sets, PEIL)
    for rules, table in zip(sets, together, strict=True):
        assert table.equals(assess(hs, rules, PEIL))
    assert not together[0].equals(together[2])


@pytest.mark.parametrize("peildatum", [date(2026, 11, 23), date(2027, 2, 17), date(2027, 6, 1)])
def test_overdue_deadlines_are_the_same_in_the_finishing_step(peildatum: date) -> None:
    # over time more terms of the examples pass: each gets the same new date, the same
    # first day late and (rendered on demand) the same missed term on both engines
    hs = [
        parse_household(json.loads((examples_dir() / p).read_text(encoding="utf-8")))
        for p in sorted(f.name for f in examples_dir().glob("*.json"))
    ]
    hs = [h for h in hs if all(m.age(peildatum) <= 120 for m in h.members)]
    table = assess(hs, RULES, peildatum)
    late = [r for r in table.to_pylist() if r["overdue_since"] is not None]
    assert late, "some deadline of the examples is overdue"
    assert all(r["deadline"] >= peildatum for r in late)
    _same_signals(hs, peildatum)
    rendered = render_signals(table, hs, RULES, limit=len(hs))
    reference = Assessor(RULES, engine="python")
    want = sorted(
        (h.id, s.rule_id, s.deadline, s.overdue_since, s.missed_term)
        for h in hs
        for s in reference.assess(h, peildatum)
    )
    got = sorted(
        (s.household_id, s.rule_id, s.deadline, s.overdue_since, s.missed_term) for s in rendered
    )
    assert got == want
    assert all(s.missed_term for s in rendered if s.overdue_since is not None)


def test_a_rule_set_runs_only_the_rules_that_differ_from_the_one_before() -> None:
    from gezinsplan.caseload.backends import DuckDBBackend
    from gezinsplan.caseload.engine import assess_many
    from gezinsplan.resources import variants_dir
    from gezinsplan.variant import load_variant

    class Counting(DuckDBBackend):
        def __init__(self) -> None:
            super().__init__()
            self.rule_queries = 0

        def fetch(self, query: Any) -> pa.Table:
            if "rule_id" in query.sql():
                self.rule_queries += 1
            return super().fetch(query)

    day = date(2027, 2, 1)
    hs = list(generate_households(300, seed=23, peildatum=PEIL))
    variants = [load_variant(p)[0] for p in sorted(variants_dir().iterdir()) if p.is_dir()]
    sets = [RULES, *variants, RULES]
    backend = Counting()
    try:
        together = assess_many(hs, sets, day, backend=backend)
        shared_queries = backend.rule_queries
    finally:
        backend.close()
    for rules, table in zip(sets, together, strict=True):
        assert table.equals(assess(hs, rules, day)), rules.version
    alone = Counting()
    try:
        for rules in sets:
            assess_many(hs, [rules], day, backend=alone)
        separate_queries = alone.rule_queries
    finally:
        alone.close()
    assert shared_queries < separate_queries
