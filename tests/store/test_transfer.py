"""Import, export and pseudonymized export through the CLI and the API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.cli import main
from gezinsplan.errors import HouseholdValidationError, StoreError
from gezinsplan.generate import generate_households
from gezinsplan.io import dumps_household, iter_caseload, parse_household, write_caseload
from gezinsplan.store.pseudonymize import pseudonymize
from gezinsplan.store.repository import list_household_ids, load_household
from gezinsplan.store.transfer import import_file
from tests.conftest import (
    PLANTED_ADDRESS,
    PLANTED_BIRTH,
    PLANTED_BSN,
    PLANTED_NAME,
    PLANTED_WORDS,
)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_export_then_import_loses_nothing(
    db_url: str, tmp_path: Path, full: dict[str, Any]
) -> None:
    households = [parse_household(full), *generate_households(30, seed=5)]
    src = tmp_path / "in.jsonl"
    write_caseload(households, src)
    assert run("store", "import", str(src), "--db", db_url).exit_code == 0
    out = tmp_path / "out.jsonl"
    result = run("store", "export", "--out", str(out), "--db", db_url)
    assert result.exit_code == 0, result.output
    exported = sorted(iter_caseload(out), key=lambda h: h.id)
    assert exported == sorted(households, key=lambda h: h.id)


def test_import_is_all_or_nothing_per_file(
    factory: sessionmaker[Session], db_url: str, tmp_path: Path, full: dict[str, Any]
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(full), encoding="utf-8")
    bad = tmp_path / "bad.jsonl"
    lines = [dumps_household(h, indent=None) for h in generate_households(5, seed=1)]
    lines.insert(3, '{"id": "broken", "gemeente": "Vaals", "members": []}')
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["store", "import", str(good), str(bad), "--db", db_url])
    assert result.exit_code == 1
    assert f"{bad}:4: members:" in result.output
    assert f"{bad}: nothing imported from this file" in result.output
    with factory() as s:
        assert list_household_ids(s) == ["h-full"]
    with pytest.raises(HouseholdValidationError, match=":4:"):
        import_file(factory, bad)
    with factory() as s:
        assert list_household_ids(s) == ["h-full"]


def test_history_command(db_url: str, tmp_path: Path, full: dict[str, Any]) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(full), encoding="utf-8")
    run("store", "import", str(path), "--db", db_url)
    result = run("store", "history", "h-full", "--db", db_url)
    assert result.exit_code == 0
    assert "no plan versions yet" in result.output
    missing = CliRunner().invoke(main, ["store", "history", "nope", "--db", db_url])
    assert missing.exit_code == 1
    assert "no household 'nope'" in missing.output


PLANTED = (PLANTED_NAME, PLANTED_BSN, PLANTED_BIRTH, PLANTED_ADDRESS, PLANTED_WORDS)


def test_pseudonymized_export_leaks_no_planted_value(
    db_url: str, tmp_path: Path, full: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    full["informal_support"][0]["supporter_name"] = "Hendrikus Vleugels"
    path = tmp_path / "h.json"
    path.write_text(json.dumps(full), encoding="utf-8")
    run("store", "import", str(path), "--db", db_url)
    out = tmp_path / "pseudo.jsonl"
    no_key = CliRunner().invoke(
        main,
        ["store", "export", "--out", str(out), "--db", db_url, "--pseudonymize"],
        env={"GEZINSPLAN_PSEUDONYM_KEY": ""},
    )
    assert no_key.exit_code == 1
    assert "pseudonymization key is required" in no_key.output
    assert not out.exists()
    monkeypatch.setenv("GEZINSPLAN_PSEUDONYM_KEY", "test-key")
    result = run("store", "export", "--out", str(out), "--db", db_url, "--pseudonymize")
    assert result.exit_code == 0
    raw = out.read_bytes()
    for value in (*PLANTED, "Hendrikus", "Kapoenstraat", "07-19", "h-full", '"m1"'):
        assert value.encode() not in raw, value
    record = json.loads(raw)
    assert record["members"][0]["birth_year"] == 1983
    assert record["organisations"][0]["name"] == "Gemeente Maastricht"
    assert record["provisions"][0]["member"] == record["members"][0]["id"]
    again = tmp_path / "again.jsonl"
    run("store", "export", "--out", str(again), "--db", db_url, "--pseudonymize")
    assert again.read_bytes() == raw


def test_pseudonyms_are_keyed(full: dict[str, Any]) -> None:
    h = parse_household(full)
    a = pseudonymize(h, key="one")
    assert a == pseudonymize(h, key="one")
    assert a["id"] != pseudonymize(h, key="two")["id"]
    with pytest.raises(StoreError, match="key is required"):
        pseudonymize(h, key="")


def test_load_after_import_equals_source(
    factory: sessionmaker[Session], tmp_path: Path, full: dict[str, Any]
) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(full), encoding="utf-8")
    assert import_file(factory, path) == 1
    with factory() as s:
        assert load_household(s, "h-full") == parse_household(full)


def test_import_of_existing_and_repeated_households(
    factory: sessionmaker[Session], tmp_path: Path, full: dict[str, Any]
) -> None:
    first = parse_household(full)
    second = first.model_copy(update={"wijk": "Heer"})
    src = tmp_path / "twice.jsonl"
    write_caseload([first, second], src)
    assert import_file(factory, src) == 2
    with factory() as s:
        assert load_household(s, first.id).wijk == "Heer"
    third = first.model_copy(update={"wijk": "Caberg"})
    write_caseload([third], src)
    assert import_file(factory, src) == 1
    with factory() as s:
        assert load_household(s, first.id) == third
