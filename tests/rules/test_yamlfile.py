"""Rule and parameter files refuse YAML aliases and duplicate keys, with the line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gezinsplan.errors import ParameterError, RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.parameters import load_parameters
from gezinsplan.rules.ruleset import load_rules

LAUGHS = (
    "\n".join(
        ["id: triage.enkelvoudig", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        + [
            f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
            for i in range(1, 10)
        ]
    )
    + "\n"
)


def copy_rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), root)
    return root


def test_a_billion_laughs_rule_file_is_refused_at_its_first_alias(tmp_path: Path) -> None:
    root = copy_rules(tmp_path)
    target = root / "triage" / "enkelvoudig.yaml"
    target.write_text(LAUGHS, encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(root)
    (problem,) = e.value.problems
    assert problem.source == str(target)
    assert problem.line == 3
    assert "aliases" in problem.message


def test_a_cyclic_alias_is_refused(tmp_path: Path) -> None:
    root = copy_rules(tmp_path)
    target = root / "triage" / "enkelvoudig.yaml"
    target.write_text("id: &x [*x]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="aliases"):
        load_rules(root)


def test_a_duplicate_key_in_a_rule_file_names_both_lines(tmp_path: Path) -> None:
    root = copy_rules(tmp_path)
    target = root / "triage" / "enkelvoudig.yaml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text + "severity: critical\n", encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(root)
    (problem,) = e.value.problems
    assert "duplicate key 'severity' (first on line" in problem.message
    assert problem.line == len(text.splitlines()) + 1


def test_a_duplicate_date_in_a_parameter_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "parameters"
    folder.mkdir()
    (folder / "x.yaml").write_text(
        "description: d\nsource: s\nvalues:\n  2015-01-01: 18\n  2015-01-01: 21\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError) as e:
        load_parameters(folder)
    (problem,) = e.value.problems
    assert problem.line == 5
    assert "duplicate key" in problem.message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  - fact: household\n", "  - fact: {household: 1}\n", "unknown fact type"),
        ("when:\n", "deadline: {ref: 1.5}\nwhen:\n", "deadline is {ref: alias.field}"),
    ],
)
def test_malformed_rule_values_are_file_line_errors(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    root = copy_rules(tmp_path)
    target = root / "triage" / "enkelvoudig.yaml"
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(root)
    # the first problem is the malformed value; later ones may follow from it (a join to
    # the alias of a pattern with an unknown fact type)
    problem = e.value.problems[0]
    assert {p.source for p in e.value.problems} == {str(target)}
    assert problem.line is not None
    assert expected in problem.message


def test_a_folder_named_like_a_rule_file_is_reported(tmp_path: Path) -> None:
    root = copy_rules(tmp_path)
    (root / "triage" / "map.yaml").mkdir()
    (root / "parameters" / "triage" / "map.yaml").mkdir()
    with pytest.raises(RuleError) as e:
        load_rules(root)
    assert [p.message for p in e.value.problems] == ["not a regular file (a folder named *.yaml?)"]
    assert e.value.problems[0].source.endswith("map.yaml")
