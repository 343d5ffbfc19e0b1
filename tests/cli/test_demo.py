"""The main job (`gezinsplan demo`) on the shipped examples and on a broken folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.resources import examples_dir


def test_demo_summarises_every_example() -> None:
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    files = sorted(examples_dir().glob("*.json"))
    assert f"{len(files)} households valid" in result.output
    assert "vb-02      Maastricht" in result.output


def test_demo_reports_a_bad_file_and_fails(tmp_path: Path) -> None:
    for path in sorted(examples_dir().glob("*.json"))[:2]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz_bad.json").write_text('{"id": "x"}', encoding="utf-8")
    result = CliRunner().invoke(main, ["demo", "--examples", str(tmp_path)])
    assert result.exit_code == 1
    assert "zz_bad.json: gemeente: field required" in result.output
    assert "2 households valid" in result.output


def test_demo_on_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--examples", str(tmp_path)])
    assert result.exit_code == 1
    assert "no household files" in result.output
