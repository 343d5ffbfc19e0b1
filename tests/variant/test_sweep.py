"""``variant rank`` with a sweep file: parameters at alternative values, validated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.assessor import Assessor
from gezinsplan.cli import main
from gezinsplan.errors import RuleError
from gezinsplan.generate import generate_households
from gezinsplan.io import dumps_household
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.variant import rank_switches
from gezinsplan.variant.sweep import load_sweep

DAY = date(2026, 11, 23)
PID = "triage.complex_min_probleemdomeinen"


def test_a_sweep_candidate_equals_running_the_changed_rules_separately(tmp_path: Path) -> None:
    hs = list(generate_households(300, seed=19, peildatum=DAY))
    base = default_rules()
    sweep = tmp_path / "sweep.yaml"
    current = base.params_at(DAY)[PID]
    sweep.write_text(f"{PID}: [{current}, {current + 1}, {current - 1}]\n", encoding="utf-8")
    candidates = load_sweep(sweep, base)
    assert candidates == [(PID, current), (PID, current + 1), (PID, current - 1)]
    table = rank_switches(hs, base, DAY, sweep=candidates)
    rows = [r for r in table.to_pylist() if r["kind"] == "waarde"]
    # the value in force is no candidate
    assert sorted(r["value"] for r in rows) == sorted([str(current + 1), str(current - 1)])
    a = Assessor(base, engine="python")
    before = {h.id: {(s.rule_id, s.members, s.message) for s in a.assess(h, DAY)} for h in hs}
    for row in rows:
        changed_rules = base.with_parameters(
            base.parameters.with_values({PID: int(row["value"])}, DAY)
        )
        z = Assessor(changed_rules, engine="python")
        after = {h.id: {(s.rule_id, s.members, s.message) for s in z.assess(h, DAY)} for h in hs}
        assert row["households_changed"] == sum(1 for h in before if before[h] != after[h])
        assert row["kosten"] is None
        assert "triage.complex" in row["rules"]
    assert any(r["households_changed"] for r in rows)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("- a\n- b\n", 1, "a sweep is a mapping"),
        ("plan.max_actieve_doelen: [2]\ngeen.parameter: [1]\n", 2, "unknown parameter"),
        ("plan.max_actieve_doelen: 3\n", 1, "a non-empty list"),
        ("plan.max_actieve_doelen:\n  - 2\n  - drie\n", 3, "whole-number values"),
        ("plan.max_actieve_doelen: [2\n", 2, "YAML"),
    ],
)
def test_a_sweep_file_with_an_error_names_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "sweep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_sweep(path, default_rules())
    problem = err.value.problems[0]
    assert problem.source == str(path)
    assert problem.line == line
    assert message in problem.message


def test_variant_rank_with_a_sweep_on_the_command_line(tmp_path: Path) -> None:
    hs = list(generate_households(120, seed=20, peildatum=DAY))
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(dumps_household(h, indent=None) for h in hs) + "\n", "utf-8")
    (tmp_path / "sweep.yaml").write_text(f"{PID}: [9]\n", encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["variant", "rank", str(src), "--peildatum", "2026-11-23",
         "--sweep", str(tmp_path / "sweep.yaml")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{PID} = 9" in result.output
    assert "blokkades.aparte_intake_per_wet off" in result.output
    assert "kosten/jaar" in result.output
    assert "met de voorbeeldtarieven" in result.output
    (tmp_path / "bad.yaml").write_text(f"{PID}: [drie]\n", encoding="utf-8")
    bad = CliRunner().invoke(
        main,
        ["variant", "rank", str(src), "--peildatum", "2026-11-23",
         "--sweep", str(tmp_path / "bad.yaml")],
    )  # fmt: skip
    assert bad.exit_code == 1
    assert "bad.yaml" in bad.output
    assert ":1" in bad.output or "line 1" in bad.output
