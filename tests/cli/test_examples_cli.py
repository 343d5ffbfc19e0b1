"""``gezinsplan examples``: where the shipped examples are, and a copy to work on."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.io import read_household
from gezinsplan.resources import examples_dir, variants_dir


def test_examples_lists_every_shipped_household_and_variant() -> None:
    result = CliRunner().invoke(main, ["examples"])
    assert result.exit_code == 0, result.output
    assert str(examples_dir()) in result.output
    assert str(variants_dir()) in result.output
    for path in examples_dir().glob("*.json"):
        assert f"  {path.name}" in result.output
    assert "  een_toegang" in result.output


def test_examples_path_prints_one_folder_for_scripts() -> None:
    result = CliRunner().invoke(main, ["examples", "--path", "households"])
    assert result.exit_code == 0
    folder = Path(result.output.strip())
    assert folder == examples_dir()
    assert sorted(folder.glob("*.json"))


def test_examples_copy_makes_a_working_copy(tmp_path: Path) -> None:
    target = tmp_path / "voorbeelden"
    result = CliRunner().invoke(main, ["examples", "--copy", str(target)])
    assert result.exit_code == 0, result.output
    copied = sorted((target / "households").glob("*.json"))
    assert [p.name for p in copied] == sorted(p.name for p in examples_dir().glob("*.json"))
    assert read_household(copied[0]).id
    assert (target / "variants" / "een_toegang" / "variant.yaml").exists()
    signals = CliRunner().invoke(
        main, ["signals", str(copied[1]), "--peildatum", "2026-11-23", "--format", "json"]
    )
    assert signals.exit_code == 0
    assert json.loads(signals.output)
    # a second copy into the same folder is refused, the first stays whole
    again = CliRunner().invoke(main, ["examples", "--copy", str(target)])
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert len(list((target / "households").glob("*.json"))) == len(copied)
