"""`gezinsplan monitor`: tables, report, options and clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.generate import write_generated

P = date(2026, 11, 23)
VARIANTS = Path(__file__).parents[2] / "examples" / "variants"


def _caseload(tmp_path: Path, n: int = 400) -> Path:
    path = tmp_path / "c.jsonl"
    with path.open("w", encoding="utf-8") as f:
        write_generated(n, 9, f, peildatum=P)
    return path


def test_tables_and_report(tmp_path: Path) -> None:
    source = _caseload(tmp_path)
    out, report = tmp_path / "m", tmp_path / "m.html"
    result = CliRunner().invoke(
        main,
        [
            "monitor",
            str(source),
            "--peildatum",
            "2026-11-23",
            "--out",
            str(out),
            "--report",
            str(report),
            "--workers",
            "1",
            "--chunk-size",
            "150",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "400 households at 2026-11-23" in result.output
    assert f"report: {report}" in result.output
    for name in (
        "regions",
        "stapeling",
        "professionals",
        "signals",
        "transitions",
        "plans",
        "goals",
    ):
        assert not pd.read_parquet(out / f"{name}.parquet").empty, name
    assert (out / "summary.json").exists()
    assert not (out / ".work").exists()
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_min_cell_and_a_variant(tmp_path: Path) -> None:
    source = _caseload(tmp_path)
    out = tmp_path / "m"
    result = CliRunner().invoke(
        main,
        [
            "monitor",
            str(source),
            "--peildatum",
            "2027-02-01",
            "--out",
            str(out),
            "--min-cell",
            "1",
            "--workers",
            "1",
            "--variant",
            str(VARIANTS / "een_toegang"),
        ],
    )
    assert result.exit_code == 0, result.output
    regions = pd.read_parquet(out / "regions.parquet")
    assert not regions["suppressed"].any()
    signals = pd.read_parquet(out / "signals.parquet")
    # the variant drops the separate intake per law
    assert "blokkades.aparte_intake_per_wet" not in set(signals["rule_id"])


def test_clear_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(
        main,
        [
            "monitor",
            str(tmp_path / "nope.jsonl"),
            "--peildatum",
            "2026-11-23",
            "--out",
            str(tmp_path / "m"),
        ],
    )
    assert missing.exit_code == 1
    assert "no such caseload file or folder" in missing.output
    bad_date = runner.invoke(
        main, ["monitor", "x.jsonl", "--peildatum", "23-11-2026", "--out", str(tmp_path / "m")]
    )
    assert bad_date.exit_code == 2
    assert "expected YYYY-MM-DD" in bad_date.output
    no_folder = runner.invoke(
        main,
        [
            "monitor",
            "x.jsonl",
            "--peildatum",
            "2026-11-23",
            "--out",
            str(tmp_path / "m"),
            "--report",
            str(tmp_path / "nope" / "r.html"),
        ],
    )
    assert no_folder.exit_code == 2
    assert "does not exist" in no_folder.output
