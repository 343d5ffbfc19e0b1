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

from gezinsplan.variant.compare import VariantDiff

__all__ = ["MIN_CELL", "render_report"]

MIN_CELL = 10
"""Counts below this are suppressed in breakdowns by gemeente."""

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#111;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #888;padding:.3rem .6rem;
text-align:left}td.n{text-align:right}
.kern{display:flex;gap:1rem;flex-wrap:wrap;padding:0;list-style:none}
.kern li{border:1px solid #555;padding:.6rem 1rem}.kern strong{display:block;font-size:1.4rem}
figure{margin:1rem 0}figcaption{font-size:.9rem}
"""


def _bars(rows: list[dict[str, Any]]) -> str:
    width, label_w, bar_h, gap = 760, 330, 12, 10
    top = max([max(r["baseline_households"], r["variant_households"]) for r in rows] or [1]) or 1
    height = len(rows) * (2 * bar_h + gap) + 30
    parts = [
        f'<svg role="img" aria-labelledby="chart-title" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Huishoudens per regel: basis en variant</title>',
    ]
    y = 20
    for r in rows:
        label = escape(r["rule_id"])
        parts.append(
            f'<text x="{label_w - 8}" y="{y + bar_h + 3}" text-anchor="end" font-size="12">'
            f"{label}</text>"
        )
        for i, (key, colour) in enumerate(
            (("baseline_households", "#6b6b6b"), ("variant_households", "#1f5fa8"))
        ):
            value = r[key]
            w = round((width - label_w - 60) * value / top)
            yy = y + i * bar_h
            parts.append(
                f'<rect class="bar {key}" x="{label_w}" y="{yy}" width="{w}" height="{bar_h - 1}" '
                f'fill="{colour}"><title>{label}: {value}</title></rect>'
            )
            parts.append(
                f'<text x="{label_w + w + 4}" y="{yy + bar_h - 2}" font-size="11">{value}</text>'
            )
        y += 2 * bar_h + gap
    parts.append("</svg>")
    return "".join(parts)


def _cell(n: int, min_cell: int) -> str:
    if 0 < n < min_cell:
        return f'<td class="n suppressed">&lt; {min_cell}</td>'
    return f'<td class="n">{n}</td>'


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
    return f"""<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{escape(title)}</h1>
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
<p>Hoe lees je dit? Per regel twee balken: grijs is het aantal huishoudens met dit signaal
nu (basis), blauw met de variant. Alleen regels die veranderen staan erin.</p>
<figure>{_bars(shown)}<figcaption>Huishoudens per regel: basis (grijs) en variant
(blauw).</figcaption></figure>
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
<ul class="huishoudens">{household_items}</ul>
</main></body></html>
"""
