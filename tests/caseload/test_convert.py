"""The columnar caseload: every household's rows, nothing personal, all or nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from gezinsplan.caseload.convert import convert_caseload
from gezinsplan.caseload.tables import TABLES
from gezinsplan.cli import main
from gezinsplan.errors import HouseholdValidationError, InputError
from gezinsplan.generate import generate_households
from gezinsplan.io import dumps_household, iter_caseload
from tests.conftest import FULL, PLANTED_EMAIL, PLANTED_NAME, PLANTED_PHONE, PLANTED_WORDS

PEIL = date(2026, 11, 23)


def _write(path: Path, n: int, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    lines = [dumps_household(h, indent=None) for h in generate_households(n, 3, peildatum=PEIL)]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def _read(folder: Path, table: str):  # type: ignore[no-untyped-def]
    return pq.read_table(folder / table).to_pylist()


def test_every_household_becomes_rows_with_its_id(tmp_path: Path) -> None:
    src = _write(tmp_path / "c.jsonl", 300)
    out = tmp_path / "caseload"
    result = convert_caseload(src, out, chunk_size=64)
    assert (result.households, result.chunks) == (300, 5)
    households = list(iter_caseload(src))
    ids = {h.id for h in households}
    assert {r["household"] for r in _read(out, "households")} == ids
    assert len(_read(out, "members")) == sum(len(h.members) for h in households)
    assert len(_read(out, "provisions")) == sum(len(h.provisions) for h in households)
    assert len(_read(out, "questions")) == sum(
        len(q.members) for h in households for q in h.questions
    )
    for table in TABLES:
        assert all(r["household"] in ids for r in _read(out, table)), table
    meta = json.loads((out / "_caseload.json").read_text(encoding="utf-8"))
    assert meta["households"] == 300
    assert meta["tables"] == list(TABLES)


def test_parallel_equals_serial(tmp_path: Path) -> None:
    src = _write(tmp_path / "c.jsonl", 200)
    convert_caseload(src, tmp_path / "one", chunk_size=30, workers=1)
    convert_caseload(src, tmp_path / "two", chunk_size=30, workers=2)
    for table in TABLES:
        key = lambda r: json.dumps(r, sort_keys=True, default=str)  # noqa: E731
        assert sorted(_read(tmp_path / "one", table), key=key) == sorted(
            _read(tmp_path / "two", table), key=key
        ), table


def test_nothing_personal_is_written(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    src.write_text(json.dumps(FULL) + "\n", encoding="utf-8")
    out = tmp_path / "caseload"
    convert_caseload(src, out)
    blob = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    for planted in (PLANTED_NAME, PLANTED_PHONE, PLANTED_EMAIL, PLANTED_WORDS):
        assert planted.encode() not in blob


def test_a_bad_line_stops_everything_and_names_the_line(tmp_path: Path) -> None:
    src = _write(tmp_path / "c.jsonl", 20, ['{"id": "x", "gemeente": "G", "members": []}'])
    out = tmp_path / "caseload"
    with pytest.raises(HouseholdValidationError) as info:
        convert_caseload(src, out, chunk_size=8, workers=2)
    assert ":21:" in str(info.value)
    assert "members" in str(info.value)
    assert not out.exists()
    assert list(tmp_path.glob(".caseload.part-*")) == []


def test_an_existing_folder_is_kept_unless_replaced(tmp_path: Path) -> None:
    src = _write(tmp_path / "c.jsonl", 10)
    out = tmp_path / "caseload"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(InputError, match="exists"):
        convert_caseload(src, out)
    assert (out / "mine.txt").exists()
    convert_caseload(src, out, replace=True)
    assert not (out / "mine.txt").exists()
    assert json.loads((out / "_caseload.json").read_text(encoding="utf-8"))["households"] == 10


def test_cli_converts_and_reports_one_line_errors(tmp_path: Path) -> None:
    src = _write(tmp_path / "c.jsonl", 30)
    out = tmp_path / "caseload"
    ok = CliRunner().invoke(main, ["caseload", "convert", str(src), "--out", str(out)])
    assert ok.exit_code == 0, ok.output
    assert "30 households written" in ok.output
    again = CliRunner().invoke(main, ["caseload", "convert", str(src), "--out", str(out)])
    assert again.exit_code == 1
    assert "exists" in again.output
    assert "Traceback" not in again.output
