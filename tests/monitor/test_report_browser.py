"""The monitor report in a real headless Chromium: every chart and table renders, small
counts read "< 10", nothing of a household is on the page, no console error."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from selenium import webdriver

from gezinsplan.generate import generate_households
from gezinsplan.monitor import render_report, run_monitor
from tests.browser import chrome  # noqa: F401  (fixture)

P = date(2026, 11, 23)


def test_the_report_renders_every_chart_and_table(
    chrome: webdriver.Chrome,  # noqa: F811
    tmp_path: Path,
) -> None:
    hs = list(generate_households(1500, seed=31, peildatum=P))
    tiny = [h.model_copy(update={"gemeente": "Vaals", "wijk": "Klein Wijkje"}) for h in hs[:3]]
    households = [*tiny, *hs[3:]]
    m = run_monitor(households, P, workers=2, chunk_size=500)
    page = tmp_path / "monitor.html"
    html = render_report(m)
    page.write_text(html, encoding="utf-8")
    for h in households:
        assert f">{h.id}<" not in html
        assert f" {h.id} " not in html
        for member in h.members:
            assert member.birth_date.isoformat() not in html
    chrome.get(page.as_uri())
    shot = tmp_path / "monitor.png"
    assert chrome.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    dom: dict[str, Any] = chrome.execute_script(
        "const charts = [...document.querySelectorAll('svg.chart')];"
        "return {lang: document.documentElement.lang,"
        " charts: charts.map(c => c.getAttribute('class')),"
        " bars: charts.map(c => c.querySelectorAll('rect.bar').length),"
        " widest: charts.map(c => Math.max(0, ...[...c.querySelectorAll('rect.bar')]"
        "   .map(r => Math.max(r.getBBox().width, r.getBBox().height)))),"
        " shown: charts.map(c => c.getBoundingClientRect().width),"
        " tables: [...document.querySelectorAll('table')].map(t => t.caption.textContent),"
        " rows: [...document.querySelectorAll('table')].map(t => t.tBodies[0].rows.length),"
        " reading: document.querySelectorAll('p.lezen').length,"
        " kern: document.querySelectorAll('ul.kern li').length,"
        " small: [...document.querySelectorAll('table.wijken tr')].filter(tr => tr.cells[1]"
        "   && tr.cells[1].textContent === 'Klein Wijkje').map(tr => tr.cells[2].textContent)}"
    )
    assert dom["lang"] == "nl"
    assert dom["charts"] == [
        "chart signalen",
        "chart professionals",
        "chart transities",
        "chart stapeling",
        "chart doelen",
    ]
    assert all(n > 0 for n in dom["bars"]), dom["bars"]
    assert all(w > 20 for w in dom["widest"]), dom["widest"]
    assert all(w > 300 for w in dom["shown"])
    assert len(dom["tables"]) == 8
    assert all(n > 0 for n in dom["rows"]), dict(zip(dom["tables"], dom["rows"], strict=True))
    assert dom["reading"] == 7
    assert dom["kern"] == 7
    assert dom["small"] == ["< 10"]
    errors = [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
