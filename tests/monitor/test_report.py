"""The monitor report's words: what "met plan" counts is said, and matches the count."""

from __future__ import annotations

import re
from datetime import date
from html import escape

from gezinsplan.generate import generate_households
from gezinsplan.monitor import render_report, run_monitor
from gezinsplan.monitor.aggregate import TOTAAL
from gezinsplan.monitor.report import PLAN_DEFINITION
from gezinsplan.report import dutch_number

P = date(2026, 11, 23)


def test_the_plan_figure_is_defined_as_what_is_counted() -> None:
    hs = list(generate_households(600, seed=12, peildatum=P))
    m = run_monitor(hs, P, workers=1)
    html = render_report(m)
    # the definition names the korte check and the class overig, not only "meervoudig"
    assert escape(PLAN_DEFINITION) in html
    assert "volledig plan" in PLAN_DEFINITION
    assert "korte check" in PLAN_DEFINITION
    assert "overig" in PLAN_DEFINITION
    assert "met een meervoudige vraag is één plan" not in html
    # the key figure is the households whose outcome is plan
    pl = m.tables["plans"]
    plan = pl[(pl["level"] == "totaal") & (pl["outcome"] == "plan") & (pl["regisseur"] == TOTAAL)]
    counted = int(plan["households"].iloc[0])
    assert m.summary["with_plan"] == counted
    shown = re.search(r"<strong>([\d.]+)</strong>huishoudens krijgen een volledig plan", html)
    assert shown
    assert shown.group(1) == dutch_number(counted)
    # and it is more than the multiple and complex questions the old text promised
    assert counted > m.summary["meervoudig"] + m.summary["complex"]


def test_the_sections_per_1000_and_over_time_appear_when_they_have_figures() -> None:
    """Per 1,000 only with a population; the trend only with several peildata (then in
    counts when there is no population); the other sections show the last peildatum."""
    hs = list(generate_households(400, seed=3, peildatum=P))
    later = date(2027, 2, 23)
    one = render_report(run_monitor(hs, P, workers=1))
    assert "Per 1.000 inwoners" not in one
    assert "Ontwikkeling over de peildata" not in one
    bare = run_monitor(hs, [P, later], workers=1)
    html = render_report(bare)
    assert "Ontwikkeling over de peildata" in html
    assert "Per 1.000 inwoners" not in html
    assert "Peildatum 2027-02-23." in html  # the sections are of the last peildatum
    rated = render_report(run_monitor(hs, [P, later], workers=1, population="synthetic"))
    assert "<h2>Per 1.000 inwoners</h2>" in rated
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED)" in rated
    assert '<th scope="col">Per 1.000 inwoners</th>' in rated
