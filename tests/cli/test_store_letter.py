"""``gezinsplan store letter``: the letter of a stored plan version, with its changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from gezinsplan.assessor import Assessor
from gezinsplan.cli import main
from gezinsplan.io import read_household
from gezinsplan.resources import examples_dir
from gezinsplan.store.db import store
from gezinsplan.store.repository import save_case

PEIL = date(2026, 11, 23)


def _two_versions(url: str) -> None:
    household = read_household(next(examples_dir().glob("02_*.json")))
    assessor = Assessor()
    first = household.model_copy(update={"questions": household.questions[:2]})
    with store(url) as factory:
        for h in (first, household):
            case = assessor.assess_and_plan(h, PEIL)
            with factory() as s, s.begin():
                save_case(
                    s,
                    h,
                    list(case.signals),
                    case.plan,
                    caseworker="test",
                    reason="test",
                    rules_version=assessor.rules.version,
                    peildatum=PEIL,
                )


def test_the_newest_letter_says_what_changed(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    _two_versions(url)
    runner = CliRunner()
    newest = runner.invoke(main, ["store", "letter", "vb-02", "--db", url])
    assert newest.exit_code == 0, newest.output
    assert "Versie 2." in newest.output
    changes = newest.output.split("## Wat is er veranderd?", 1)[1].split("##", 1)[0]
    assert "Nieuw: Hoe u zich voelt." in changes
    first = runner.invoke(main, ["store", "letter", "vb-02", "--version", "1", "--db", url])
    assert first.exit_code == 0, first.output
    assert "Versie 1." in first.output
    assert "Wat is er veranderd?" not in first.output
    out = tmp_path / "brief.html"
    html = runner.invoke(
        main, ["store", "letter", "vb-02", "--format", "html", "--out", str(out), "--db", url]
    )
    assert html.exit_code == 0, html.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_unknown_household_or_version_is_one_clear_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'g.sqlite'}"
    _two_versions(url)
    runner = CliRunner()
    missing = runner.invoke(main, ["store", "letter", "nobody", "--db", url])
    assert missing.exit_code == 1
    assert "nobody" in missing.output
    assert "Traceback" not in missing.output
    late = runner.invoke(main, ["store", "letter", "vb-02", "--version", "9", "--db", url])
    assert late.exit_code == 1
    assert "no version 9" in late.output
