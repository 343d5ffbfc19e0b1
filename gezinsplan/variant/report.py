"""The diff as one self-contained HTML page for the Taskforce (Dutch, offline, no scripts).

Summary numbers, a bar chart (inline SVG) of households per rule under baseline and
variant, the rules with their titles, the households per gemeente with small counts
suppressed, and the changes that happen most often: each distinct combination of changes
(signals that appear or disappear, plan aspects that change) with the number of
households it happens to, in plain Dutch. No household key appears on the page, and a
combination that happens to fewer than ``min_cell`` households (default 10) is not
listed. Counts below ``min_cell`` in the gemeente breakdown read ``< 10``. Numbers are
written the Dutch way (``1.000``).
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import Any

from gezinsplan.report import bar_chart, cell, dutch_number, page
from gezinsplan.report.html import Euro, Hidden, table
from gezinsplan.variant.compare import VariantDiff

__all__ = ["MIN_CELL", "change_patterns", "render_report"]

MIN_CELL = 10
"""Counts below this are suppressed in breakdowns by gemeente and in the list of changes."""

_SIGNAL_VERBS = {"erbij": "nu wel", "eraf": "niet meer", "anders": "anders (andere feiten)"}
_OUTCOMES = {"plan": "plan", "korte_check": "korte check", "geen_vraag": "geen vraag"}
_REGISSEURS = {
    "member": "iemand uit het huishouden",
    "professional": "een professional",
    "informal": "iemand uit het netwerk",
    "toegang": "het toegangsteam",
}


def _n(value: int) -> str:
    return dutch_number(value)


def _regisseur(value: str) -> str:
    kind = value.split(":", 1)[0]
    return _REGISSEURS.get(kind, "niemand") if kind else "niemand"


def _plan_text(row: dict[str, Any]) -> str:
    """A plan change in words without anything of the household (no goal, member or
    question ids: they are the household's own)."""
    aspect, old, new = row["aspect"], row["baseline"], row["variant"]
    if aspect == "uitkomst":
        return f"uitkomst: {_OUTCOMES.get(new, new)} in plaats van {_OUTCOMES.get(old, old)}"
    if aspect == "regisseur":
        return f"regie: {_regisseur(new)} in plaats van {_regisseur(old)}"
    if aspect == "doel_actief":
        return "een doel wordt nu aangepakt" if new else "een doel wordt niet meer nu aangepakt"
    if aspect == "volgorde":
        return "de volgorde van de doelen verandert"
    if aspect == "afspraak":
        return "een nieuwe afspraak" if new else "een afspraak vervalt"
    if aspect == "actie":
        return "een nieuwe actie" if new else "een actie vervalt"
    if aspect == "termijn":
        return "een termijn komt eerder" if new.startswith("-") else "een termijn komt later"
    if aspect == "wet":
        return "een doel wordt via een andere wet betaald"
    return f"{aspect} verandert"


def change_patterns(result: VariantDiff) -> Counter[tuple[str, ...]]:
    """Per distinct combination of changes (sorted texts in Dutch), the number of
    households it happens to. A signal change reads ``title (rule id): nu wel``; a plan
    change by its aspect, without ids."""
    titles = {r["rule_id"]: r.get("title") or r["rule_id"] for r in result.rules.to_pylist()}
    per: dict[str, set[str]] = {}
    for row in result.households.to_pylist():
        rid = row["rule_id"]
        verb = _SIGNAL_VERBS[row["change"]]
        if row["change"] == "anders" and row.get("what"):
            verb = f"anders ({row['what']})"
        per.setdefault(row["household_key"], set()).add(
            f"signaal {titles.get(rid, rid)} ({rid}): {verb}"
        )
    for row in result.plans.to_pylist():
        per.setdefault(row["household_key"], set()).add("plan: " + _plan_text(row))
    return Counter(tuple(sorted(texts)) for texts in per.values())


def _bars(rows: list[dict[str, Any]]) -> str:
    return bar_chart(
        "Huishoudens per regel: basis en variant",
        [(r["rule_id"], (r["baseline_households"], r["variant_households"])) for r in rows],
        ("basis", "variant"),
        label_width=330,
    )


def _value(row: dict[str, Any], col: str, figure: bool = False) -> int | float | Hidden | None:
    value = row.get(col)
    kind = row.get(f"{col}_suppression") or ""
    if kind:
        return Hidden(kind, figure=figure)
    if value is None:
        return "" if figure else 0  # type: ignore[return-value]
    return float(value) if figure else int(value)


_AREA_HEADERS = (
    "Gebied",
    "Huishoudens",
    "Andere signalen",
    "Ander plan",
    "Actie vervalt",
    "Nieuwe actie",
    "Termijn eerder",
    "Termijn later",
    "Doelen anders",
    "Loketten basis",
    "Loketten variant",
    "Professionals basis",
    "Professionals variant",
    "Dagen tot eerste actie basis",
    "Dagen tot eerste actie variant",
)
_AREA_COUNTS = (
    "households",
    "households_changed",
    "households_plan_changed",
    "households_action_gone",
    "households_action_new",
    "households_date_earlier",
    "households_date_later",
    "households_goals_changed",
)
_AREA_FIGURES = (
    "desks_baseline",
    "desks_variant",
    "professionals_baseline",
    "professionals_variant",
    "days_first_due_baseline",
    "days_first_due_variant",
)


def _people(result: VariantDiff, min_cell: int) -> str:
    """The section on what households notice: per area and as stories."""
    if not result.gebieden.num_rows:
        return ""
    rows = []
    for r in result.gebieden.to_pylist():
        if r["level"] == "wijk" and r.get("households_suppression"):
            continue  # a suppressed wijk is left out altogether
        name = {"totaal": "Totaal", "gemeente": r["gemeente"]}.get(
            r["level"], f"{r['gemeente']}, wijk {r['wijk']}"
        )
        rows.append(
            [name]
            + [_value(r, c) for c in _AREA_COUNTS]
            + [_value(r, c, figure=True) for c in _AREA_FIGURES]
        )
    areas = table(
        "Wat huishoudens merken, per gebied",
        _AREA_HEADERS,
        rows,
        min_cell=min_cell,
        css_class="gebieden",
    )
    stories = "".join(
        f"<li><strong>{_n(r['households'])} huishoudens</strong>: {escape(r['story'])}</li>"
        for r in result.verhalen.to_pylist()
    )
    story_part = (
        f'<ul class="verhalen">{stories}</ul>'
        if stories
        else f"<p>Geen groep van {min_cell} of meer huishoudens met dezelfde kenmerken en "
        "dezelfde verandering.</p>"
    )
    return f"""<h2>Wat huishoudens merken</h2>
<p class="lezen">Per gebied: hoeveel huishoudens een ander plan krijgen en hoe (een actie
vervalt, een nieuwe actie, een termijn eerder of later, de volgorde of status van de doelen),
en voor die huishoudens gemiddeld het aantal loketten en professionals en de mediaan van de
dagen tot de eerste actie met een termijn, in de basis en in de variant. Wijken met minder
dan {min_cell} huishoudens staan er niet in.</p>
{areas}
<h2>Voorbeelden</h2>
<p>Groepen van minstens {min_cell} huishoudens met dezelfde kenmerken (aantal kinderen,
leeftijd van de jongste in klassen) en dezelfde verandering. Geen namen, nummers of
datums.</p>
{story_part}
"""


_EFFECT_WORDS = {"start": "start", "stop": "stopt"}


def _costs(result: VariantDiff, min_cell: int) -> str:
    """The section on the provisions that start or stop, and their yearly cost."""
    if not result.kosten.num_rows:
        return ""
    rows: list[list[Any]] = []
    for r in result.kosten.to_pylist():
        money = r.get("kosten_per_jaar_suppression") or ""
        what = (
            "Totaal"
            if r["rule_id"] == "totaal"
            else f"{r['product'].replace('_', ' ')} ({r['wet']}) "
            f"{_EFFECT_WORDS[r['effect']]}, regel {r['rule_id']}"
        )
        rows.append(
            [what]
            + [_value(r, c) for c in ("households", "erbij", "eraf", "onbekend")]
            + [Hidden(money, figure=True) if money else Euro(float(r["kosten_per_jaar"] or 0.0))]
        )
    cost_table = table(
        "Voorzieningen die starten of stoppen, kosten per jaar (variant min basis)",
        (
            "Wat",
            "Huishoudens",
            "Alleen in de variant",
            "Alleen in de basis",
            "Onbekend",
            "Kosten per jaar",
        ),
        rows,
        min_cell=min_cell,
        css_class="kosten",
    )
    example = (
        " De bedragen zijn berekend met voorbeeldtarieven, niet met contractprijzen."
        if result.summary.get("kosten", {}).get("tarieven_voorbeeld")
        else ""
    )
    return f"""<h2>Kosten</h2>
<p class="lezen">Een regel kan zeggen dat zijn actie een voorziening laat starten
(bijvoorbeeld respijtzorg) of stoppen (bijvoorbeeld Wmo-begeleiding die naar de Wlz gaat).
Komt een signaal er in de variant bij, dan telt die start of stop mee; verdwijnt het, dan
niet. Kosten per jaar: de kosten over 365 dagen vanaf de peildatum, variant min basis
(een min is een besparing). Onbekend: zonder omvang of tarief, nooit als 0 geteld.{example}</p>
{cost_table}
"""


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
    """The HTML page of ``result``. ``top_households``: how many combinations of changes
    are listed at most (those of at least ``min_cell`` households, most frequent first)."""
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
        key=lambda r: (
            -(r["households_gained"] + r["households_lost"]),
            -max(r["baseline_households"], r["variant_households"]),
            r["rule_id"],
        ),
    )[:20]
    rule_rows = "".join(
        f"<tr><td>{escape(r['rule_id'])}</td><td>{escape(r.get('title') or '')}</td>"
        f"{cell(r['baseline_households'])}{cell(r['variant_households'])}"
        f"{cell(r['households_gained'])}{cell(r['households_lost'])}</tr>"
        for r in shown
    )
    gemeente_rows = "".join(
        f"<tr><td>{escape(g['gemeente'])}</td>{_cell(g['households'], min_cell)}"
        f"{_cell(g['households_changed'], min_cell)}</tr>"
        for g in result.gemeenten.to_pylist()
    )
    patterns = change_patterns(result)
    frequent = sorted(
        ((texts, n) for texts, n in patterns.items() if n >= min_cell),
        key=lambda kv: (-kv[1], kv[0]),
    )
    listed = frequent[:top_households]
    change_items = "".join(
        f'<li><strong>{_n(n)} huishoudens</strong><ul class="onderdelen">'
        + "".join(f"<li>{escape(t)}</li>" for t in texts)
        + "</ul></li>"
        for texts, n in listed
    )
    rare = sum(1 for n in patterns.values() if n < min_cell)
    more = len(frequent) - len(listed)
    notes = []
    if more:
        notes.append(
            f"Nog {_n(more)} andere combinaties komen bij {min_cell} of meer huishoudens voor."
        )
    if rare:
        notes.append(
            f"Combinaties die bij minder dan {min_cell} huishoudens voorkomen staan er niet "
            "in: zulke kleine groepen zijn herkenbaar."
        )
    if not listed:
        notes.insert(
            0, f"Geen combinatie van veranderingen komt bij {min_cell} of meer huishoudens voor."
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
<li><strong>{_n(s["households"])}</strong>huishoudens</li>
<li><strong>{_n(s["households_changed"])}</strong>huishoudens met andere signalen</li>
<li><strong>{_n(s["households_with_plan_change"])}</strong>huishoudens met een ander plan</li>
<li><strong>{_n(s["baseline_signals"])} &rarr; {_n(s["variant_signals"])}</strong>signalen</li>
</ul>
{note}
<h2>Huishoudens per regel</h2>
<p>Hoe lees je dit? Per regel twee balken: blauw is het aantal huishoudens met dit signaal
nu (basis), grijs met de variant. Alleen regels die veranderen staan erin, de regels met
de meeste huishoudens erbij of eraf eerst.</p>
<figure>{_bars(shown)}<figcaption>Huishoudens per regel: basis (blauw) en variant
(grijs).</figcaption></figure>
<table class="regels"><caption>Huishoudens per regel</caption>
<thead><tr><th scope="col">Regel</th><th scope="col">Titel</th><th scope="col">Basis</th>
<th scope="col">Variant</th><th scope="col">Erbij</th><th scope="col">Eraf</th></tr></thead>
<tbody>{rule_rows}</tbody></table>
<h2>Per gemeente</h2>
<p>Aantallen onder {min_cell} worden niet getoond (&lt; {min_cell}): kleine groepen
huishoudens zijn anders herkenbaar.</p>
<table class="gemeenten"><caption>Huishoudens per gemeente</caption>
<thead><tr><th scope="col">Gemeente</th><th scope="col">Huishoudens</th>
<th scope="col">Met andere signalen</th></tr></thead>
<tbody>{gemeente_rows}</tbody></table>
{_people(result, min_cell)}
{_costs(result, min_cell)}
<h2>Veranderingen die het vaakst voorkomen</h2>
<p>Elke combinatie van veranderingen (signalen die erbij komen of verdwijnen, wat er in
het plan anders wordt) één keer, met het aantal huishoudens waarbij precies die
combinatie voorkomt; de meest voorkomende eerst. Er staan geen huishoudens, namen of
nummers op deze pagina.</p>
<ul class="veranderingen">{change_items}</ul>
{f"<p>{' '.join(escape(t) for t in notes)}</p>" if notes else ""}""",
    )
