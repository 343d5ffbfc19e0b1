"""The variant diff is proven against running both rule sets separately, per household."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from gezinsplan.assessor import Assessor
from gezinsplan.caseload.engine import load_tables
from gezinsplan.cli import main
from gezinsplan.costs.tariffs import load_tariffs
from gezinsplan.generate import generate_households
from gezinsplan.io import dumps_household
from gezinsplan.model.household import Household, Provision
from gezinsplan.rules.ruleset import RuleSet, default_rules
from gezinsplan.variant import diff, load_variant, rank_switches
from gezinsplan.variant.compare import plan_changes

EXAMPLES = Path(__file__).parents[2] / "examples" / "variants"
KEY = b"0123456789abcdef-test-key"


def _separately(hs: list[Household], rules: RuleSet, day: date) -> dict[str, set[tuple[Any, ...]]]:
    assessor = Assessor(rules, engine="python")
    return {
        h.id: {
            (s.rule_id, tuple(f.id for f in s.facts), s.members, s.deadline, s.message)
            for s in assessor.assess(h, day)
        }
        for h in hs
    }


@pytest.mark.parametrize(
    ("name", "day"),
    [("een_toegang", date(2027, 2, 1)), ("jongeren_zonder_zoektermijn", date(2026, 11, 23))],
)
def test_the_diff_equals_both_rule_sets_run_separately(name: str, day: date) -> None:
    hs = list(generate_households(700, seed=14, peildatum=date(2026, 11, 23)))
    base = default_rules()
    variant, _ = load_variant(EXAMPLES / name)
    result = diff(hs, variant, day, key=KEY)
    b, v = _separately(hs, base, day), _separately(hs, variant, day)
    changed = {h for h in b if b[h] != v[h]}
    assert result.summary["households"] == len(hs)
    assert result.summary["households_changed"] == len(changed)
    assert changed, "the example variant changes nothing"
    rules = {r["rule_id"]: r for r in result.rules.to_pylist()}
    for rid, row in rules.items():
        hb = {h for h in b if any(s[0] == rid for s in b[h])}
        hv = {h for h in v if any(s[0] == rid for s in v[h])}
        assert row["baseline_households"] == len(hb), rid
        assert row["variant_households"] == len(hv), rid
        assert row["households_gained"] == len(hv - hb), rid
        assert row["households_lost"] == len(hb - hv), rid
        assert row["baseline_signals"] == sum(1 for h in b for s in b[h] if s[0] == rid), rid
    ours = {(r["household_key"], r["aspect"], r["explanation"]) for r in result.plans.to_pylist()}
    assert ours == _planned_separately(hs, changed, base, variant, day)
    if name == "jongeren_zonder_zoektermijn":
        assert any(r[1] == "afspraak" for r in ours)


def _planned_separately(
    hs: list[Household], changed: set[str], base: RuleSet, variant: RuleSet, day: date
) -> set[tuple[str, str, str]]:
    """The plan changes of the ``changed`` households, each planned by assessing it again
    under both rule sets."""
    keys = {h.id: result_key for h, result_key in zip(hs, _keys(hs), strict=True)}
    theirs = set()
    a, z = Assessor(base, engine="python"), Assessor(variant, engine="python")
    by_id = {h.id: h for h in hs}
    for hid in changed:
        for row in plan_changes(a.plan(by_id[hid], day), z.plan(by_id[hid], day)):
            theirs.add((keys[hid], row["aspect"], row["explanation"]))
    return theirs


def test_a_longer_term_moves_the_plans_dates_as_planning_each_household_does() -> None:
    """A parameter variant: the rule's signals keep their facts but move their dates. The
    diff plans from the SQL rows and builds a signal once for both sides only where the
    rule is the same under both (a signal shared by its facts alone would keep the old
    date and miss every moved agreement)."""
    hs = list(generate_households(500, seed=17, peildatum=date(2026, 11, 23)))
    base = default_rules()
    day = date(2026, 11, 23)
    pid = "transitie.herindicatie_dagen"
    variant = base.with_parameters(
        base.parameters.with_values({pid: base.params_at(day)[pid] + 28}, day), "later"
    )
    result = diff(hs, variant, day, key=KEY)
    b, v = _separately(hs, base, day), _separately(hs, variant, day)
    changed = {h for h in b if b[h] != v[h]}
    assert result.summary["households_changed"] == len(changed) > 0
    ours = {(r["household_key"], r["aspect"], r["explanation"]) for r in result.plans.to_pylist()}
    assert ours == _planned_separately(hs, changed, base, variant, day)
    assert any(aspect == "termijn" for _, aspect, _ in ours)


def _keys(hs: list[Household]) -> list[str]:
    from gezinsplan.variant.compare import _pseudonym

    name = _pseudonym(KEY)
    return [name(h.id) for h in hs]


def test_keys_are_pseudonyms_and_stable_with_a_key(tmp_path: Path) -> None:
    hs = list(generate_households(300, seed=15, peildatum=date(2026, 11, 23)))
    variant, _ = load_variant(EXAMPLES / "een_toegang")
    one = diff(hs, variant, date(2027, 2, 1), key=KEY)
    two = diff(hs, variant, date(2027, 2, 1), key=KEY)
    other = diff(hs, variant, date(2027, 2, 1))
    assert one.households.equals(two.households)
    assert set(one.households.column("household_key").to_pylist()).isdisjoint(
        other.households.column("household_key").to_pylist()
    )
    out = one.write(tmp_path / "diff")
    text = b"".join(p.read_bytes() for p in out.iterdir())
    assert not any(h.id.encode() in text for h in hs)
    assert pq.read_table(out / "rules.parquet").equals(one.rules)
    assert json.loads((out / "summary.json").read_text())["households"] == 300
    frames = one.to_pandas()
    assert set(frames) == {
        "rules",
        "households",
        "plans",
        "gemeenten",
        "gezinnen",
        "gebieden",
        "verhalen",
        "kosten",
    }


def test_a_columnar_caseload_gives_the_plans_of_its_json_lines_file(tmp_path: Path) -> None:
    import shutil

    from gezinsplan.caseload import convert_caseload

    hs = list(generate_households(300, seed=16, peildatum=date(2026, 11, 23)))
    source = tmp_path / "c.jsonl"
    source.write_text("".join(dumps_household(h, indent=None) + "\n" for h in hs), encoding="utf-8")
    convert_caseload(source, tmp_path / "c")
    variant, _ = load_variant(EXAMPLES / "jongeren_zonder_zoektermijn")
    day = date(2026, 11, 23)
    from_lines = diff(source, variant, day, key=KEY)
    from_folder = diff(tmp_path / "c", variant, day, key=KEY)
    assert from_lines.plans.num_rows > 0
    assert from_folder.summary["plans_note"] == ""

    def rows(table: Any) -> list[tuple[Any, ...]]:
        return sorted(tuple(r.values()) for r in table.to_pylist())

    assert rows(from_folder.plans) == rows(from_lines.plans)
    assert rows(from_folder.gezinnen) == rows(from_lines.gezinnen)
    shutil.rmtree(tmp_path / "c" / "documents")
    bare = diff(tmp_path / "c", variant, day, key=KEY)
    assert bare.summary["households_changed"] == from_lines.summary["households_changed"]
    assert bare.plans.num_rows == 0
    assert "documents" in bare.summary["plans_note"]


def test_a_folders_households_are_planned_by_number_and_come_back_in_their_order(
    tmp_path: Path,
) -> None:
    """A folder written from a shuffled file: its households' numbers do not follow their
    ids. Workers plan them in the order of their numbers (reading each chunk's documents
    from the folder themselves); the plans come back in the order they were given, equal
    to planning the households themselves."""
    import random

    from gezinsplan.caseload import assess, convert_caseload
    from gezinsplan.variant.compare import _households, _plan_rows

    hs = list(generate_households(600, seed=18, peildatum=date(2026, 11, 23)))
    shuffled = hs[:]
    random.Random(3).shuffle(shuffled)
    source = tmp_path / "c.jsonl"
    source.write_text(
        "".join(dumps_household(h, indent=None) + "\n" for h in shuffled), encoding="utf-8"
    )
    convert_caseload(source, tmp_path / "c", chunk_size=100)
    base = default_rules()
    variant, _ = load_variant(EXAMPLES / "een_toegang")
    day = date(2027, 2, 1)
    before, after = assess(hs, base, day), assess(hs, variant, day)
    stored = _households(tmp_path / "c", None, load_tables(tmp_path / "c"))
    assert stored is not None
    assert [g.id for g in stored] == sorted(h.id for h in hs)
    assert [g.hkey for g in stored] != sorted(g.hkey for g in stored)
    by_id = {h.id: h for h in hs}
    given = [by_id[g.id] for g in stored]
    expected = list(_plan_rows(given, base, variant, day, 1, before, after))
    for workers in (1, 2):
        assert list(_plan_rows(stored, base, variant, day, workers, before, after)) == expected


def test_the_ranking_of_blocking_rules_equals_switching_each_off_separately() -> None:
    hs = list(generate_households(400, seed=17, peildatum=date(2026, 11, 23)))
    day = date(2026, 11, 23)
    base = default_rules()
    table = rank_switches(hs, base, day)
    b = _separately(hs, base, day)
    multiple = {
        h
        for h, sigs in b.items()
        if any(
            s[0] in ("triage.meervoudig", "triage.complex", "triage.veel_professionals")
            for s in sigs
        )
    }
    rows = table.to_pylist()
    assert {r["switch"] for r in rows} == {
        r.enabled_by for r in base.rules if r.enabled_by and base.params_at(day)[r.enabled_by]
    }
    for row in rows:
        off = base.with_parameters(base.parameters.with_values({row["switch"]: False}, day))
        v = _separately(hs, off, day)
        changed = {h for h in b if b[h] != v[h]}
        assert row["households_changed"] == len(changed)
        assert row["multiple_question_households_changed"] == len(changed & multiple)
    order = [r["multiple_question_households_changed"] for r in rows]
    assert order == sorted(order, reverse=True)


def test_variant_diff_on_the_command_line(tmp_path: Path) -> None:
    hs = list(generate_households(150, seed=18, peildatum=date(2026, 11, 23)))
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(dumps_household(h, indent=None) for h in hs) + "\n", "utf-8")
    (tmp_path / "key").write_bytes(KEY)
    result = CliRunner().invoke(
        main,
        [
            "variant", "diff", str(src), "--variant", str(EXAMPLES / "een_toegang"),
            "--peildatum", "2027-02-01", "--out", str(tmp_path / "diff"),
            "--report", str(tmp_path / "diff.html"), "--key-file", str(tmp_path / "key"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "150 households;" in result.output
    assert "blokkades.aparte_intake_per_wet:" in result.output
    page = (tmp_path / "diff.html").read_text(encoding="utf-8")
    assert "Eén toegang voor alle wetten" in page
    assert not any(h.id in page for h in hs)
    result = CliRunner().invoke(main, ["variant", "rank", str(src), "--peildatum", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "blokkades.aparte_intake_per_wet" in result.output
    result = CliRunner().invoke(
        main,
        ["variant", "diff", str(src), "--variant", str(tmp_path), "--peildatum", "2027-02-01",
         "--out", str(tmp_path / "x")],
    )  # fmt: skip
    assert result.exit_code == 1
    assert "variant.yaml: file not found" in result.output


def test_the_plans_report_progress_per_chunk_and_chunks_change_nothing() -> None:
    from gezinsplan.variant.compare import _plan_rows

    hs = list(generate_households(450, seed=15, peildatum=date(2026, 11, 23)))
    base = default_rules()
    variant, _ = load_variant(EXAMPLES / "een_toegang")
    day = date(2027, 2, 1)
    heard: list[str] = []
    parallel = list(_plan_rows(hs, base, variant, day, 2, progress=heard.append))
    single = list(_plan_rows(hs, base, variant, day, 1))
    assert parallel == single
    assert [h for h, _, _ in parallel] == [h.id for h in hs]
    done = [int(m.split()[1]) for m in heard]
    assert len(done) > 1
    assert done == sorted(done)
    assert heard[-1] == f"plannen: {len(hs)} van {len(hs)} huishoudens"


def test_rules_known_to_be_the_same_change_nothing_in_the_comparison() -> None:
    """Comparing only the rules that may differ finds what comparing every rule finds."""
    from gezinsplan.caseload.engine import assess_many, same_rules
    from gezinsplan.resources import variants_dir
    from gezinsplan.variant.compare import (
        _compare,
        _only,
        _other_rules,
        _rule_changes,
        _with_message,
    )
    from gezinsplan.variant.costs import effect_rows

    hs = list(generate_households(600, seed=16, peildatum=date(2026, 11, 23)))
    by_id = {h.id: h for h in hs}

    def held(households: Sequence[str]) -> dict[str, dict[str, Provision]]:
        return {h: {p.id: p for p in by_id[h].provisions} for h in households}

    tariffs = load_tariffs(None)
    base = default_rules()
    compared = priced = 0
    folders = sorted(p for p in variants_dir().iterdir() if p.is_dir())
    for day, folder in itertools.product([date(2026, 11, 23), date(2027, 2, 1)], folders):
        variant, _ = load_variant(folder)
        before, after = assess_many(hs, [base, variant], day)
        before, after = _with_message(before, base, day), _with_message(after, variant, day)
        same = same_rules(base, variant, day)
        assert same, folder.name
        assert _compare(before, after, same) == _compare(before, after)
        _, changed = _compare(before, after)
        compared += len(changed)
        assert _rule_changes(
            _only(_other_rules(before, same), changed), _only(_other_rules(after, same), changed)
        ) == _rule_changes(_only(before, changed), _only(after, changed))
        effects = [
            effect_rows(before, after, changed, base, variant, day, tariffs, held, s)
            for s in (same, frozenset())
        ]
        assert effects[0] == effects[1], folder.name
        priced += len(effects[0])
    assert compared, "the example variants change nothing"
    assert priced, "no example variant starts or stops a provision"


def test_a_parameter_changed_only_in_the_future_keeps_its_rules_apart() -> None:
    """Terms are read on the date of their event: a value that starts after the peildatum
    still changes deadlines, so a rule declaring that parameter is never assumed equal."""
    from gezinsplan.caseload.engine import same_rules

    base = default_rules()
    day = date(2026, 11, 23)
    rule = next(
        r
        for r in base.rules
        if r.deadline is not None
        and any(isinstance(base.params_at(day)[p], int) for p in r.parameters)
    )
    pid = next(p for p in rule.parameters if isinstance(base.params_at(day)[p], int))
    later = base.with_parameters(
        base.parameters.with_values({pid: base.params_at(day)[pid] + 1}, date(2028, 1, 1)),
        "later",
    )
    assert later.params_at(day) == base.params_at(day)
    same = same_rules(base, later, day)
    assert rule.id not in same
    assert same
