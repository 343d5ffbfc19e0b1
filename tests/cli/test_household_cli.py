"""`gezinsplan validate` and `gezinsplan schema` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from tests.conftest import PLANTED_BIRTH, PLANTED_BSN, PLANTED_NAME


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_validate_valid_files_exit_0(full: dict[str, Any], tmp_path: Path) -> None:
    a = tmp_path / "a.json"
    a.write_text(json.dumps(full), encoding="utf-8")
    b = tmp_path / "b.jsonl"
    b.write_text(json.dumps(full) + "\n" + json.dumps(full) + "\n", encoding="utf-8")
    result = run("validate", str(a), str(b))
    assert result.exit_code == 0, result.output
    assert "2 file(s) valid" in result.output


def test_validate_reports_one_line_per_problem(full: dict[str, Any], tmp_path: Path) -> None:
    full["provisions"][0]["member"] = "m9"
    full["provisions"][1]["provider"] = "o9"
    a = tmp_path / "a.json"
    a.write_text(json.dumps(full), encoding="utf-8")
    full["members"][0]["bsn"] = "123456789"
    b = tmp_path / "b.json"
    b.write_text(json.dumps(full), encoding="utf-8")
    junk = tmp_path / "junk.jsonl"
    junk.write_bytes(b"\x00\xff\xfe garbage\n")
    result = run("validate", str(a), str(b), str(junk))
    assert result.exit_code == 1
    lines = [ln for ln in result.output.splitlines() if ln and "problem(s) in" not in ln]
    assert lines == [
        f"{a}: provisions[0].member: unknown member id: no member has this id",
        f"{a}: provisions[1].provider: unknown organisation id: no organisation has this id",
        f"{b}: members[0].bsn: BSN fails the elfproef (11-test)",
        # a field error does not hide the dangling references of the same file
        f"{b}: provisions[0].member: unknown member id: no member has this id",
        f"{b}: provisions[1].provider: unknown organisation id: no organisation has this id",
        f"{junk}:1: not valid UTF-8 (byte 1)",
    ]
    for value in (PLANTED_NAME, PLANTED_BSN, PLANTED_BIRTH, "123456789"):
        assert value not in result.output


def test_validate_never_prints_a_traceback(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b'{"id": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
    proc = subprocess.run(
        [sys.executable, "-m", "gezinsplan", "validate", str(deep), str(tmp_path / "missing.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "nested too deeply" in proc.stdout
    assert "missing.json: no such file" in proc.stdout


def test_schema_is_valid_json_schema_and_accepts_a_household(full: dict[str, Any]) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(full, schema)
    bad = dict(full, members="nobody")
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(bad))


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "examples/households/01_enkelvoudige_vraag.json", "--peildatum", "2026-11-23"],
        ["graph", "examples/households/01_enkelvoudige_vraag.json", "--peildatum", "2026-11-23"],
        ["generate", "--households", "2", "--seed", "1"],
        ["store", "export"],
    ],
)
def test_out_into_a_missing_folder_is_one_clear_line(args: list[str], tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    target = tmp_path / "missing" / "out.svg"
    fixed = [str(root / a) if a.startswith("examples/") else a for a in args]
    result = CliRunner().invoke(main, [*fixed, "--out", str(target)])
    assert result.exit_code == 2
    assert "does not exist: create it first" in result.output
    assert "Traceback" not in result.output
    assert not target.parent.exists()
