"""``gezinsplan generate --format parquet``, ``caseload assess`` and ``caseload sql``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from gezinsplan.caseload import assess
from gezinsplan.caseload.tables import TABLES
from gezinsplan.cli import main
from gezinsplan.generate import generate_households
from gezinsplan.rules.ruleset import default_rules

PEIL = date(2026, 11, 23)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_generate_parquet_with_the_document_generator_equals_generate_then_convert(
    tmp_path: Path,
) -> None:
    code, out = _run(
        "generate", "--households", "120", "--seed", "5", "--format", "parquet",
        "--out", str(tmp_path / "direct"), "--peildatum", "2026-11-23", "--workers", "2",
        "--generator", "documents",
    )  # fmt: skip
    assert code == 0, out
    code, out = _run(
        "generate", "--households", "120", "--seed", "5",
        "--out", str(tmp_path / "c.jsonl"), "--peildatum", "2026-11-23",
    )  # fmt: skip
    assert code == 0, out
    code, out = _run(
        "caseload", "convert", str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "conv")
    )
    assert code == 0, out
    for table in TABLES:
        a = pq.read_table(tmp_path / "direct" / table).sort_by("household")
        b = pq.read_table(tmp_path / "conv" / table).sort_by("household")
        assert a.num_rows == b.num_rows, table
        assert sorted(map(str, a.to_pylist())) == sorted(map(str, b.to_pylist())), table
    code, out = _run(
        "generate", "--households", "5", "--format", "parquet", "--out", str(tmp_path / "direct")
    )
    assert code == 1
    assert "exists" in out


def test_caseload_assess_writes_the_signals_and_explains_a_household(tmp_path: Path) -> None:
    folder = tmp_path / "caseload"
    code, out = _run(
        "generate", "--households", "200", "--seed", "6", "--format", "parquet",
        "--out", str(folder), "--peildatum", "2026-11-23",
    )  # fmt: skip
    assert code == 0, out
    hid = next(iter(generate_households(1, 6, peildatum=PEIL))).id
    code, out = _run(
        "caseload", "assess", str(folder), "--peildatum", "2026-11-23",
        "--out", str(tmp_path / "signals.parquet"), "--explain", hid,
    )  # fmt: skip
    assert code == 0, out
    written = pq.read_table(tmp_path / "signals.parquet")
    assert written.equals(assess(folder, default_rules(), PEIL))
    assert f"{written.num_rows} signals in" in out
    assert "triage." in out
    own = [r for r in written.to_pylist() if r["household"] == hid]
    assert own
    assert sum(1 for line in out.splitlines() if line.startswith(f"{hid}  ")) == len(own)


def test_caseload_assess_errors_are_one_line(tmp_path: Path) -> None:
    code, out = _run("caseload", "assess", str(tmp_path / "nope"), "--peildatum", "2026-11-23")
    assert code == 1
    assert "no such caseload" in out
    code, out = _run(
        "caseload", "assess", str(tmp_path), "--peildatum", "2026-11-23", "--backend", "postgres"
    )
    assert code == 2
    assert "--url" in out


def test_caseload_sql_shows_a_rule_and_the_fact_views() -> None:
    code, out = _run(
        "caseload", "sql", "--peildatum", "2026-11-23", "--rule", "triage.meervoudig",
        "--dialect", "postgres",
    )  # fmt: skip
    assert code == 0, out
    assert "'triage.meervoudig' AS rule_id" in out
    assert "NOT EXISTS" in out
    code, out = _run("caseload", "sql", "--peildatum", "2026-11-23", "--facts")
    assert code == 0, out
    assert "-- f_member" in out
    code, out = _run("caseload", "sql", "--peildatum", "2026-11-23", "--rule", "x.y")
    assert code == 2
    assert "unknown rule" in out
    code, out = _run(
        "caseload", "sql", "--peildatum", "2027-02-01",
        "--rule", "blokkades.tegenprestatie_ondanks_mantelzorg",
    )  # fmt: skip
    assert code == 0
    assert "switched off" in out
