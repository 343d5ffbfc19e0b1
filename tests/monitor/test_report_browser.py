"""The monitor report in a real headless Chromium: every chart and table renders, small
counts read "< 10", nothing of a household is on the page, no console error."""

from __future__ import annotations

import itertools
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver

from gezinsplan.generate import GEMEENTEN, generate_households
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
        "chart kosten",
    ]
    assert all(n > 0 for n in dom["bars"]), dom["bars"]
    assert all(w > 20 for w in dom["widest"]), dom["widest"]
    assert all(w > 300 for w in dom["shown"])
    assert len(dom["tables"]) == 10  # the costs: per law and category, per gemeente
    assert all(n > 0 for n in dom["rows"]), dict(zip(dom["tables"], dom["rows"], strict=True))
    assert dom["reading"] == 8
    assert dom["kern"] == 7
    assert dom["small"] == ["< 10"]
    errors = [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def _axe_source() -> str:
    path = os.environ.get("GEZINSPLAN_AXE_JS", ".cache/axe/node_modules/axe-core/axe.min.js")
    if not Path(path).is_file():
        pytest.fail(f"axe-core not found at {path}: run the suite with tools/test.sh")
    return Path(path).read_text(encoding="utf-8")


def test_the_report_with_population_and_three_peildata_is_accessible(
    chrome: webdriver.Chrome,  # noqa: F811
    tmp_path: Path,
) -> None:
    """Figures per 1,000 inhabitants and the trend over three peildata: every chart has a
    table beside it and an accessible name, the line chart tells its lines apart without
    colour (dash pattern, marker shape, a label at the end), and axe-core finds no serious
    or critical violation."""
    hs = list(generate_households(1200, seed=31, peildatum=P))
    dates = [P, date(2027, 2, 23), date(2027, 5, 23)]
    m = run_monitor(hs, dates, workers=2, chunk_size=600, population="synthetic")
    page = tmp_path / "monitor.html"
    page.write_text(render_report(m), encoding="utf-8")
    chrome.get(page.as_uri())
    assert chrome.save_screenshot(str(tmp_path / "monitor.png"))
    dom: dict[str, Any] = chrome.execute_script(
        "const svg = s => document.querySelector('svg.' + s);"
        "const trend = svg('trend');"
        "const name = el => { const ids = (el.getAttribute('aria-labelledby') || '').split(' ');"
        "  return ids.map(i => document.getElementById(i).textContent).join(' '); };"
        "const all = q => [...document.querySelectorAll(q)];"
        "return {charts: all('svg.chart').map(c => c.getAttribute('class')),"
        " names: all('svg.chart').map(name),"
        " desc: trend.getAttribute('aria-describedby') &&"
        "   document.getElementById(trend.getAttribute('aria-describedby')).textContent,"
        " lines: trend.querySelectorAll('polyline.line').length,"
        " dashes: [...trend.querySelectorAll('polyline.line')]"
        "   .map(l => l.getAttribute('stroke-dasharray') || ''),"
        " points: trend.querySelectorAll('.point title').length,"
        " labels: [...trend.querySelectorAll('text.label')].map(t => t.textContent),"
        " reference: svg('per1000-gemeenten').querySelectorAll('line.reference').length,"
        " rowmarks: svg('per1000-wijken').querySelectorAll('line.rowmark').length,"
        " gemeenten: all('table.per1000 tbody tr').map(r => r.cells[0].textContent),"
        " trendRows: all('table.trend tbody tr').filter(r => r.cells[1].textContent === '')"
        "   .map(r => r.cells[0].textContent + '|' + r.cells[2].textContent),"
        " heads: all('table.trend thead th').map(t => t.textContent),"
        " headings: all('h1,h2,h3').map(h => +h.tagName[1])}"
    )
    for cls in ("chart per1000-gemeenten", "chart per1000-wijken", "chart trend"):
        assert cls in dom["charts"]
    assert all(n.strip() for n in dom["names"])
    assert "3 peildata" in dom["desc"]
    gemeenten = sorted({g for g, _, _ in GEMEENTEN})
    assert dom["lines"] == len(gemeenten) + 1  # and all gemeenten together
    assert len(set(dom["dashes"])) == dom["lines"]  # no two lines share a dash pattern
    assert dom["points"] == 3 * dom["lines"]
    assert len(dom["labels"]) == dom["lines"]
    assert dom["reference"] == 1
    assert dom["rowmarks"] > 10
    assert dom["gemeenten"] == ["Alle gemeenten", *gemeenten]
    assert "Peildatum" in dom["heads"]
    for g in ["Alle gemeenten", *gemeenten]:  # three points per gemeente in the table
        assert sorted(r for r in dom["trendRows"] if r.startswith(g + "|")) == [
            f"{g}|23-02-2027",
            f"{g}|23-05-2027",
            f"{g}|23-11-2026",
        ]
    assert all(b - a <= 1 for a, b in itertools.pairwise(dom["headings"]))
    assert [e for e in chrome.get_log("browser") if e["level"] == "SEVERE"] == []

    chrome.execute_script(_axe_source())
    result: dict[str, Any] = chrome.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.length})), passes: r.passes.length}));"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert result["passes"] > 10
