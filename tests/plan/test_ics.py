"""The calendar export: RFC 5545 text with escaping, folding, CRLF, one all-day event per
dated action, stable UIDs and no personal data; checked with a small parser."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.assessor import Assessor
from gezinsplan.io import read_household
from gezinsplan.plan.ics import escape_text, fold, render_ics, schedule
from gezinsplan.rules.ruleset import default_rules

EXAMPLES = sorted(Path("examples/households").glob("*.json"))
PEIL = date(2026, 11, 23)


def parse(text: str) -> list[dict[str, list[tuple[str, str]]]]:
    """Unfold, split into components; every property as (name with parameters, value)."""
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    for line in physical:
        assert "\n" not in line
        assert "\r" not in line
        assert len(line.encode("utf-8")) <= 75, line
    logical: list[str] = []
    for line in physical:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    assert logical[0] == "BEGIN:VCALENDAR"
    assert logical[-1] == "END:VCALENDAR"
    components: list[dict[str, list[tuple[str, str]]]] = []
    current: dict[str, list[tuple[str, str]]] | None = None
    for line in logical[1:-1]:
        name, sep, value = line.partition(":")
        assert sep, line
        assert re.fullmatch(r"[A-Z-]+(;[A-Z-]+=[A-Z0-9-]+)*", name), name
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            assert current is not None
            components.append(current)
            current = None
        elif current is not None:
            current.setdefault(name.split(";")[0], []).append((name, value))
    assert current is None
    return components


def unescape(value: str) -> str:
    out, i = "", 0
    while i < len(value):
        ch = value[i]
        if ch == "\\":
            nxt = value[i + 1]
            out += "\n" if nxt in "nN" else nxt
            i += 2
            continue
        assert ch not in ",;", value  # an unescaped separator in a single TEXT value
        out += ch
        i += 1
    return out


def test_escaping_and_folding() -> None:
    assert escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    long = "SUMMARY:" + "é" * 100
    folded = fold(long)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0], *(p[1:] for p in parts[1:])]) == long


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_exports_its_schedule(path: Path) -> None:
    household = read_household(path)
    plan = Assessor(default_rules(), engine="python").assess_and_plan(household, PEIL).plan
    text = render_ics(plan)
    events = parse(text)
    dated = schedule(plan)
    assert len(events) == len(dated)
    uids = [e["UID"][0][1] for e in events]
    assert len(set(uids)) == len(uids)
    assert render_ics(plan) == text  # stable
    for event, action in zip(events, dated, strict=True):
        assert action.deadline is not None
        assert event["DTSTART"] == [("DTSTART;VALUE=DATE", action.deadline.strftime("%Y%m%d"))]
        assert unescape(event["SUMMARY"][0][1]) == action.text
        description = unescape(event["DESCRIPTION"][0][1])
        assert description.startswith("Wie: ")
        if action.basis:
            assert action.basis[0].url in description
        for key in ("DTSTAMP", "DTEND"):
            assert key in event
    dates = [e["DTSTART"][0][1] for e in events]
    assert dates == sorted(dates)
    # no names, BSN or birth dates
    raw = json.loads(path.read_text(encoding="utf-8"))
    for m in raw.get("members", []):
        for word in (m.get("name") or "").split():
            assert word not in text, word
        if m.get("bsn"):
            assert m["bsn"] not in text
        assert m["birth_date"].replace("-", "") not in text
        assert m["birth_date"] not in text


def test_the_cli_writes_an_ics_file(tmp_path: Path) -> None:
    from gezinsplan.cli import main

    out = tmp_path / "plan.ics"
    result = CliRunner().invoke(
        main,
        [
            "plan",
            str(EXAMPLES[3]),
            "--peildatum",
            "2026-11-23",
            "--format",
            "ics",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert parse(data.decode("utf-8"))
