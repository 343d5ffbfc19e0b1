"""Every example letter in a real headless Chromium: it renders, logs no console error,
has the promised structure, and axe-core finds no serious or critical violation.

Chromium and ChromeDriver come from Debian's packages and axe-core from npm;
``tools/test.sh`` (the README's test command) installs them (``tools/browser.sh``).
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver

from gezinsplan.examples import example_renderings
from tests.browser import chrome  # noqa: F401  (fixture)

LETTERS = sorted(
    (name, text) for name, text in example_renderings().items() if name.endswith(".html")
)


def _axe_source() -> str:
    path = os.environ.get("GEZINSPLAN_AXE_JS", ".cache/axe/node_modules/axe-core/axe.min.js")
    if not Path(path).is_file():
        pytest.fail(f"axe-core not found at {path}: run the suite with tools/test.sh")
    return Path(path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser(chrome: webdriver.Chrome) -> webdriver.Chrome:  # noqa: F811
    """The shared headless Chromium (tests/browser.py)."""
    return chrome


@pytest.mark.parametrize(("name", "text"), LETTERS, ids=[n for n, _ in LETTERS])
def test_letter_renders_accessibly_in_chromium(
    browser: webdriver.Chrome, tmp_path: Path, name: str, text: str
) -> None:
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    browser.get(page.as_uri())
    shot = tmp_path / f"{name}.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000  # a rendered page, not a blank one

    dom: dict[str, Any] = browser.execute_script(
        "return {lang: document.documentElement.lang,"
        " h1: document.querySelectorAll('h1').length,"
        " strayItems: [...document.querySelectorAll('li')]"
        ".filter(li => !['UL', 'OL'].includes(li.parentElement.tagName)).length,"
        " headings: [...document.querySelectorAll('h1,h2,h3')].map(h => +h.tagName[1]),"
        " height: document.body.scrollHeight}"
    )
    assert dom["lang"] == "nl"
    assert dom["h1"] == 1
    assert dom["strayItems"] == 0
    levels = dom["headings"]
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    assert dom["height"] > 400

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []

    browser.execute_script(_axe_source())
    result: dict[str, Any] = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.length})), passes: r.passes.length}));"
    )
    serious = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert result["passes"] > 10  # axe really ran its checks
