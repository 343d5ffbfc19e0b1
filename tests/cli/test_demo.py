"""The main job (`gezinsplan demo`): examples in, plans stored in SQLite, summary out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.resources import examples_dir
from gezinsplan.store.db import store
from gezinsplan.store.repository import latest_plan, list_household_ids, plan_history


def test_demo_stores_a_plan_version_per_example(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    files = sorted(examples_dir().glob("*.json"))
    # a second run changes nothing (no new version); another peildatum gives a new plan
    for args, version in (([], "v1"), ([], "v1"), (["--peildatum", "2027-01-15"], "v2")):
        result = CliRunner().invoke(main, ["demo", "--db", db, "--monitor-households", "0", *args])
        assert result.exit_code == 0, result.output
        assert f"{len(files)} households valid, assessed and planned" in result.output
        assert version in result.output
    assert "korte_check" in result.output
    with store(db) as factory, factory() as session:
        ids = list_household_ids(session)
        assert len(ids) == len(files)
        assert [v.version_no for v in plan_history(session, "vb-02")] == [1, 2]
        plan = latest_plan(session, "vb-08")
        assert plan is not None
        assert plan.goals[0].basis == "veiligheid"


def test_demo_uses_the_default_sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEZINSPLAN_DB", raising=False)
    result = CliRunner().invoke(main, ["demo", "--monitor-households", "300"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "gezinsplan.sqlite").exists()
    assert "sqlite:///gezinsplan.sqlite" in result.output
    # the main job ends with the caseload monitor and says where its report is
    assert "300 households at 2026-11-23" in result.output
    assert "report: monitor/monitor.html" in result.output
    report = (tmp_path / "monitor" / "monitor.html").read_text(encoding="utf-8")
    assert "Monitor sociaal domein" in report
    assert (tmp_path / "monitor" / "regions.parquet").exists()


def test_demo_reports_a_bad_file_and_fails(tmp_path: Path) -> None:
    for path in sorted(examples_dir().glob("*.json"))[:2]:
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "zz_bad.json").write_text('{"id": "x"}', encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    result = CliRunner().invoke(
        main, ["demo", "--examples", str(tmp_path), "--db", db, "--monitor-households", "0"]
    )
    assert result.exit_code == 1
    assert "zz_bad.json: gemeente: field required" in result.output
    assert "2 households valid" in result.output


def test_demo_on_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--examples", str(tmp_path)])
    assert result.exit_code == 1
    assert "no household files" in result.output


def test_demo_without_the_monitor_extra_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain install has no pyarrow/duckdb/pandas: the demo says which extra to install
    before it writes a store or a monitor folder."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in ("duckdb", "pandas") else real(name, *a),
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GEZINSPLAN_DB", raising=False)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 1
    assert "needs duckdb, pandas: pip install 'gezinsplan[monitor]'" in result.output
    assert "--monitor-households 0" in result.output
    assert list(tmp_path.iterdir()) == []
    # without the monitor the demo needs no extra
    monkeypatch.setenv("GEZINSPLAN_DB", f"sqlite:///{tmp_path / 'd.sqlite'}")
    result = CliRunner().invoke(main, ["demo", "--monitor-households", "0"])
    assert result.exit_code == 0, result.output
