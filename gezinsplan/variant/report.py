"""The diff as one self-contained HTML page for the Taskforce (Dutch, offline, no scripts).

Summary numbers, a bar chart (inline SVG) of households per rule under baseline and
variant, the households per gemeente with small counts suppressed, and the households
whose plan changes most, explained in plain Dutch under a pseudonymized key. Counts below
``min_cell`` (default 10) in the gemeente breakdown are shown as ``< 10``: small groups
of households could otherwise be recognised.
"""

from __future__ import annotations

from html import escape
from typing import Any

from gezinsplan.report import bar_chart, cell, page
from gezinsplan.variant.compare import VariantDiff

__all__ = ["MIN_CELL", "render_report"]

MIN_CELL = 10
"""Counts below this are suppressed in breakdowns by gemeente."""


def _bars(rows: list[dict[str, Any]]) -> str:
    return bar_chart(
        "Huishoudens per regel: basis en variant",
        [(r["rule_id"], (r["baseline_households"], r["variant_households"])) for r in rows],
        ("basis", "variant"),
        label_width=330,
    )


def _cell(n: int, min_cell: int) -> str:
    return cell(None if 0 < n < min_cell else n, min_cell=min_cell)


def render_report(
    result: VariantDiff,
    *,
    title: str = "Variant tegenover basis",
    description: str = "",
    min_cell: int = MIN_CELL,
    top_households: int = 15,
) -> str:
    """The HTML page of ``result``."""
    s = result.summary
    rules = result.rules.to_pylist()
    changed_rules = [
        r
        for r in rules
        if r["baseline_households"] != r["variant_households"]
        or r["households_gained"]
        or r["households_lost"]
    ]
    shown = sorted(
        changed_rules or rules,
        key=lambda r: -max(r["baseline_households"], r["variant_households"]),
    )[:20]
    rule_rows = "".join(
        f'<tr><td>{escape(r["rule_id"])}</td><td class="n">{r["baseline_households"]}</td>'
        f'<td class="n">{r["variant_households"]}</td><td class="n">{r["households_gained"]}</td>'
        f'<td class="n">{r["households_lost"]}</td></tr>'
        for r in shown
    )
    gemeente_rows = "".join(
        f"<tr><td>{escape(g['gemeente'])}</td>{_cell(g['households'], min_cell)}"
        f"{_cell(g['households_changed'], min_cell)}</tr>"
        for g in result.gemeenten.to_pylist()
    )
    per_household: dict[str, list[str]] = {}
    for row in result.plans.to_pylist():
        per_household.setdefault(row["household_key"], []).append(row["explanation"])
    if not per_household:
        for row in result.households.to_pylist():
            verb = {"erbij": "nu wel", "eraf": "niet meer", "anders": "anders"}[row["change"]]
            per_household.setdefault(row["household_key"], []).append(
                f"Signaal {row['rule_id']}: {verb}."
            )
    top = sorted(per_household.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top_households]
    household_items = "".join(
        f"<li><strong>Huishouden {escape(k)}</strong><ul>"
        + "".join(f"<li>{escape(t)}</li>" for t in texts)
        + "</ul></li>"
        for k, texts in top
    )
    note = f"<p>{escape(s['plans_note'])}</p>" if s.get("plans_note") else ""
    return page(
        title,
        f"""<h1>{escape(title)}</h1>
<p>{escape(description)}</p>
<p>Peildatum {escape(s["peildatum"])}. Basis {escape(s["baseline_version"][:12])},
variant {escape(s["variant_version"][:12])}.</p>
<h2>Kerncijfers</h2>
<ul class="kern">
<li><strong>{s["households"]}</strong>huishoudens</li>
<li><strong>{s["households_changed"]}</strong>huishoudens met andere signalen</li>
<li><strong>{s["households_with_plan_change"]}</strong>huishoudens met een ander plan</li>
<li><strong>{s["baseline_signals"]} &rarr; {s["variant_signals"]}</strong>signalen</li>
</ul>
{note}
<h2>Huishoudens per regel</h2>
<p>Hoe lees je dit? Per regel twee balken: blauw is het aantal huishoudens met dit signaal
nu (basis), grijs met de variant. Alleen regels die veranderen staan erin.</p>
<figure>{_bars(shown)}<figcaption>Huishoudens per regel: basis (blauw) en variant
(grijs).</figcaption></figure>
<table><caption>Huishoudens per regel</caption>
<thead><tr><th scope="col">Regel</th><th scope="col">Basis</th><th scope="col">Variant</th>
<th scope="col">Erbij</th><th scope="col">Eraf</th></tr></thead>
<tbody>{rule_rows}</tbody></table>
<h2>Per gemeente</h2>
<p>Aantallen onder {min_cell} worden niet getoond (&lt; {min_cell}): kleine groepen
huishoudens zijn anders herkenbaar.</p>
<table><caption>Huishoudens per gemeente</caption>
<thead><tr><th scope="col">Gemeente</th><th scope="col">Huishoudens</th>
<th scope="col">Met andere signalen</th></tr></thead>
<tbody>{gemeente_rows}</tbody></table>
<h2>Huishoudens met de meeste veranderingen</h2>
<p>Elk huishouden heeft een schuilnaam: geen naam, geen BSN, geen geboortedatum.</p>
<ul class="huishoudens">{household_items}</ul>""",
    )
