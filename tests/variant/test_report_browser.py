"""The diff report in a real headless Chromium: chart and tables render, no console
error, small counts per gemeente suppressed (a planted tiny gemeente)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from selenium import webdriver

from gezinsplan.generate import generate_households
from gezinsplan.variant import diff, load_variant, render_report
from tests.browser import chrome  # noqa: F401  (fixture)

EXAMPLES = Path(__file__).parents[2] / "examples" / "variants"


def test_the_report_renders_and_suppresses_small_counts(
    chrome: webdriver.Chrome,  # noqa: F811
    tmp_path: Path,
) -> None:
    hs = list(generate_households(400, seed=19, peildatum=date(2026, 11, 23)))
    tiny = [h.model_copy(update={"gemeente": "Kleindorp"}) for h in hs[:4]]
    variant, info = load_variant(EXAMPLES / "een_toegang")
    result = diff([*tiny, *hs[4:]], variant, date(2027, 2, 1), key=b"k" * 16)
    page = tmp_path / "report.html"
    page.write_text(render_report(result, title=info.name), encoding="utf-8")
    chrome.get(page.as_uri())
    shot = tmp_path / "report.png"
    assert chrome.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    dom: dict[str, Any] = chrome.execute_script(
        "return {lang: document.documentElement.lang,"
        " bars: document.querySelectorAll('svg rect.bar').length,"
        " barWidth: Math.max(...[...document.querySelectorAll('svg rect.bar')]"
        ".map(r => r.getBBox().width)),"
        " tables: document.querySelectorAll('table').length,"
        " rows: [...document.querySelectorAll('table')].map(t => t.tBodies[0].rows.length),"
        " small: [...document.querySelectorAll('tr')].filter(tr => tr.cells[0]"
        " && tr.cells[0].textContent === 'Kleindorp').map(tr => tr.cells[1].textContent)}"
    )
    assert dom["lang"] == "nl"
    changed_rules = sum(
        1 for r in result.rules.to_pylist() if r["households_gained"] or r["households_lost"]
    )
    assert dom["bars"] == 2 * changed_rules > 0
    assert dom["barWidth"] > 50
    # rules, gemeenten, and what households notice per area
    assert dom["tables"] == 3
    assert all(n > 0 for n in dom["rows"])
    # the small gemeente reads "< 10" in both the gemeente and the area table
    assert dom["small"] == ["< 10", "< 10"]
    errors = [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
