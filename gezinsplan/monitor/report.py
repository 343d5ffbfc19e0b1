"""The monitor as one self-contained HTML page in Dutch for policy staff.

Key figures, then per subject a chart (inline SVG), a table and a short "Zo lees je
dit". Only aggregates of the monitor's tables appear: no household id, name or birth
date. A suppressed count reads ``< 10`` only when it is below the threshold (primary
suppression); a figure of such a count reads ``–``; a value hidden so that a small count
cannot be computed back (complementary suppression, often 10 or more) reads ``×``
(*afgeschermd*); each table and chart explains the marks it uses (see
:mod:`gezinsplan.monitor.suppress`). No scripts, no fonts or styles from elsewhere: the
page reads offline and prints.
"""

from __future__ import annotations

from html import escape
from typing import Any

import pandas as pd

from gezinsplan.model.codelists import CODE_LISTS
from gezinsplan.model.enums import LEEFGEBIED_LABELS, Leefgebied
from gezinsplan.monitor.aggregate import BUCKETS, CLASSES, COMBINATIONS, TOTAAL
from gezinsplan.monitor.result import Monitor
from gezinsplan.monitor.suppress import COMPLEMENTARY, PRIMARY, mark
from gezinsplan.report import (
    Euro,
    Hidden,
    bar_chart,
    column_chart,
    dutch_euro,
    dutch_number,
    legend,
    line_chart,
    page,
    table,
)
from gezinsplan.signal import Category

__all__ = ["render_report"]

CATEGORY_LABELS = {
    Category.TRIAGE.value: "triage",
    Category.VEILIGHEID.value: "veiligheid",
    Category.BESTAANSZEKERHEID.value: "bestaanszekerheid",
    Category.SCHOT.value: "schotten",
    Category.TRANSITIE.value: "18-/18+",
    Category.CONFLICT.value: "conflicten",
    Category.BLOKKADE.value: "blokkades (gemeentelijke regels)",
}
CLASS_LABELS = {
    "geen_vraag": "geen vraag",
    "enkelvoudig": "enkelvoudig",
    "meervoudig": "meervoudig",
    "complex": "complex",
    "overig": "overig (vraag, niet ingedeeld)",
}
OUTCOME_LABELS = {"plan": "plan", "korte_check": "korte check", "geen_vraag": "geen vraag"}
REGISSEUR_LABELS = {
    "member": "iemand uit het huishouden",
    "professional": "een professional",
    "informal": "iemand uit het netwerk",
    "toegang": "het toegangsteam",
    "geen": "geen (geen plan nodig)",
    "onbekend": "onbekend (plannen niet opgebouwd)",
}
WET_LABELS = {
    "jeugdwet": "Jeugdwet",
    "wmo": "Wmo",
    "participatiewet": "Participatiewet",
    "onderwijs": "onderwijs",
    "zvw": "Zvw",
    "wlz": "Wlz",
    "geen": "geen voorziening",
}


PLAN_DEFINITION = (
    "Met plan: huishoudens die een volledig plan krijgen. Dat is elk huishouden met een "
    "ondersteuningsvraag of een signaal, behalve twee groepen: huishoudens zonder vraag en "
    "zonder signaal (geen vraag), en huishoudens met één enkelvoudige vraag (één vraag, "
    "onder hoogstens één wet) zonder veiligheidssignaal, zonder acute vraag en zonder "
    "complexe situatie of veel professionals (die krijgen een korte check). Ook "
    "huishoudens met meer dan één vraag die niet als meervoudig of complex zijn "
    "ingedeeld (klasse overig) krijgen dus een plan: daarom kan dit aantal groter zijn "
    "dan meervoudig en complex samen."
)
"""What "met plan" counts, in the words of the report (the plan builder's ``plan_outcome``)."""


def _v(value: Any) -> int | float | None:
    if value is None or pd.isna(value):
        return None
    return float(value) if isinstance(value, float) else int(value)


def _hv(row: Any, col: str, *, figure: bool = False) -> int | float | Hidden:
    """The value of ``col`` in ``row``, or why it is hidden (its ``_suppression`` mark)."""
    value = _v(row[col])
    if value is not None:
        return value
    kind = row.get(mark(col), "") if hasattr(row, "get") else ""
    kind = kind if isinstance(kind, str) else ""
    # a missing mark is told as the neutral one: never "< 10" unless the count is small
    return Hidden(kind if kind in (PRIMARY, COMPLEMENTARY) else COMPLEMENTARY, figure)


def _figure_of(value: int | float | Hidden) -> int | float | Hidden:
    """A figure (share, rate) computed from ``value``: hidden as a figure when it is."""
    return Hidden(value.kind, figure=True) if isinstance(value, Hidden) else value


def _level(frame: pd.DataFrame, level: str) -> pd.DataFrame:
    return frame[frame["level"] == level]


def _pct(part: Any, whole: Any) -> str:
    if _v(part) is None or not _v(whole):
        return "&lt; 10"
    return f"{100 * float(part) / float(whole):.1f}%".replace(".", ",")


def _reading(text: str) -> str:
    return f'<p class="lezen"><strong>Zo lees je dit.</strong> {text}</p>'


def _key_figures(m: Monitor) -> str:
    s = m.summary
    total = s["households"]
    totaal = _level(m.tables["regions"], "totaal")
    row = totaal.iloc[0] if len(totaal) else None

    def hidden(col: str, *, figure: bool = False) -> Hidden | None:
        if row is None or _v(row[col]) is not None:
            return None
        found = _hv(row, col, figure=figure)
        return found if isinstance(found, Hidden) else None

    def item(value: Any, text: str, why: Hidden | None = None) -> str:
        if value is None:
            why = why or Hidden(COMPLEMENTARY)
            shown = {"<": "&lt; " + str(s["min_cell"]), "–": "&ndash;", "×": "&times;"}[why.symbol]
        else:
            shown = escape(dutch_number(value) if isinstance(value, int) else str(value))
        return f"<li><strong>{shown}</strong>{escape(text)}</li>"

    meervoudig = (
        (s["meervoudig"] or 0) + (s["complex"] or 0) if s["meervoudig"] is not None else None
    )
    return (
        '<ul class="kern">'
        + item(total, "huishoudens")
        # members can outnumber households: a hidden one is a figure, not "< 10"
        + item(s["members"], "inwoners in die huishoudens", hidden("members", figure=True))
        + item(
            _pct(meervoudig, total).replace("&lt; 10", "-"),
            "met een meervoudige of complexe vraag",
        )
        + item(_pct(s["complex"], total).replace("&lt; 10", "-"), "complex")
        + item(
            s["many_professionals"],
            f"huishoudens met {s['many_professionals_threshold']} of meer professionals",
            hidden("many_professionals"),
        )
        + item(
            s["youths_turning_18"],
            "jongeren worden 18 in de komende 12 maanden",
            Hidden(PRIMARY) if s["youths_turning_18"] is None else None,
        )
        + item(s["with_plan"], "huishoudens krijgen een volledig plan", hidden("with_plan"))
        + "</ul>"
        + f'<p class="definitie">{escape(PLAN_DEFINITION)}</p>'
    )


def _gemeenten(m: Monitor) -> str:
    r = _level(m.tables["regions"], "gemeente")
    rows = [
        [
            g["gemeente"],
            _hv(g, "households"),
            *[
                _hv(g, f"share_{c}", figure=True)
                for c in ("enkelvoudig", "meervoudig", "complex", "overig")
            ],
            _hv(g, "many_professionals"),
            _hv(g, "with_plan"),
        ]
        for _, g in r.iterrows()
    ]
    return table(
        "Huishoudens per gemeente",
        [
            "Gemeente",
            "Huishoudens",
            "% enkelvoudig",
            "% meervoudig",
            "% complex",
            "% overig",
            "Veel professionals",
            "Met plan",
        ],
        rows,
        min_cell=m.summary["min_cell"],
        css_class="gemeenten",
    ) + (
        '<p class="definitie">Met plan: huishoudens die een volledig plan krijgen (zie de '
        "kerncijfers); dat kunnen er meer zijn dan die met een meervoudige of complexe vraag.</p>"
    )


def _signals(m: Monitor) -> str:
    sg = m.tables["signals"]
    regions = _level(m.tables["regions"], "gemeente")
    size = {g["gemeente"]: _hv(g, "households") for _, g in regions.iterrows()}
    cats = [c.value for c in Category if c is not Category.TRIAGE]
    totals = sg[(sg["rule_id"] == TOTAAL) & (sg["level"] == "gemeente")]
    rows: list[tuple[str, list[float | Hidden | None]]] = []
    for gemeente in sorted(size):
        values: list[float | Hidden | None] = []
        for c in cats:
            hit = totals[(totals["gemeente"] == gemeente) & (totals["category"] == c)]
            n = _hv(hit.iloc[0], "households") if len(hit) else 0
            whole = size[gemeente]
            if isinstance(whole, Hidden):
                values.append(_figure_of(whole))
            elif isinstance(n, Hidden):
                values.append(_figure_of(n))
            else:
                values.append(round(100 * n / whole, 1) if whole else None)
        rows.append((gemeente, values))
    chart = bar_chart(
        "Huishoudens met een signaal per 100 huishoudens, per categorie en gemeente",
        rows,
        [CATEGORY_LABELS[c] for c in cats],
        min_cell=m.summary["min_cell"],
        chart_class="chart signalen",
    )
    top = sg[(sg["level"] == "totaal") & (sg["rule_id"] != TOTAAL)].copy()
    top = top.sort_values("households", ascending=False, na_position="last").head(12)
    rule_rows = [
        [r["rule_id"], CATEGORY_LABELS.get(r["category"], r["category"]), _hv(r, "households")]
        for _, r in top.iterrows()
    ]
    return (
        "<h2>Signalen per categorie en gemeente</h2>"
        + _reading(
            "Per gemeente een groep balken, één per soort signaal. De lengte is het aantal "
            "huishoudens met zo'n signaal per 100 huishoudens in de gemeente, zodat grote en "
            "kleine gemeenten te vergelijken zijn. Een huishouden met twee schotten telt "
            "één keer bij schotten. Triage staat er niet in: die staat bij de gemeenten."
        )
        + f"<figure>{chart}<figcaption>Signalen per 100 huishoudens.</figcaption></figure>"
        + table(
            "Meest voorkomende signalen (alle gemeenten)",
            ["Regel", "Categorie", "Huishoudens"],
            rule_rows,
            min_cell=m.summary["min_cell"],
        )
    )


def _professionals(m: Monitor) -> str:
    pr = m.tables["professionals"]
    tot = pr[(pr["level"] == "totaal") & (pr["measure"] == "professionals")]
    by_bucket = {r["bucket"]: _hv(r, "households") for _, r in tot.iterrows()}
    chart = column_chart(
        "Huishoudens naar aantal betrokken professionals",
        [(b, by_bucket.get(b, 0)) for b in BUCKETS],
        min_cell=m.summary["min_cell"],
        chart_class="chart professionals",
    )
    r = _level(m.tables["regions"], "gemeente")
    rows = [
        [
            g["gemeente"],
            _hv(g, "professionals_mean", figure=True),
            _hv(g, "professionals_median", figure=True),
            _hv(g, "professionals_p90", figure=True),
            _hv(g, "organisations_mean", figure=True),
            _hv(g, "many_professionals"),
        ]
        for _, g in r.iterrows()
    ]
    threshold = m.summary["many_professionals_threshold"]
    return (
        "<h2>Professionals per huishouden</h2>"
        + _reading(
            "Elke kolom is een aantal professionals dat bij één huishouden betrokken is; de "
            "hoogte is hoeveel huishoudens dat aantal hebben. Staart de grafiek naar rechts "
            f"uit, dan zijn er huishoudens met veel hulpverleners. Vanaf {threshold} "
            "professionals (parameter triage.complex_min_professionals) spreken we van veel "
            "professionals: daar hoort één plan met één regisseur bij. In de tabel: het "
            "gemiddelde, de mediaan (de helft heeft er minder) en het 90e percentiel (één op "
            "de tien heeft er meer)."
        )
        + f"<figure>{chart}<figcaption>Huishoudens naar aantal professionals.</figcaption>"
        "</figure>"
        + table(
            "Professionals en organisaties per huishouden, per gemeente",
            [
                "Gemeente",
                "Gemiddeld",
                "Mediaan",
                "90e percentiel",
                "Organisaties gemiddeld",
                f"Huishoudens met {threshold}+",
            ],
            rows,
            min_cell=m.summary["min_cell"],
            css_class="professionals",
        )
    )


def _transitions(m: Monitor) -> str:
    tr = _level(m.tables["transitions"], "totaal")
    months = m.summary["transition_months"]
    month_total = {r["maand"]: _hv(r, "youths") for _, r in tr[tr["wet"] == TOTAAL].iterrows()}
    chart = column_chart(
        "Jongeren die 18 worden, per maand",
        [(mo, month_total.get(mo, 0)) for mo in months],
        min_cell=m.summary["min_cell"],
        chart_class="chart transities",
    )
    per_wet = tr[(tr["wet"] != TOTAAL) & (tr["product"] == TOTAAL)]
    wetten = sorted(set(per_wet["wet"]), key=lambda w: (w == "geen", w))
    rows = []
    for mo in months:
        row: list[Any] = [mo, month_total.get(mo, 0)]
        for w in wetten:
            hit = per_wet[(per_wet["maand"] == mo) & (per_wet["wet"] == w)]
            row.append(_hv(hit.iloc[0], "youths") if len(hit) else 0)
        rows.append(row)
    return (
        "<h2>Overgang naar 18: de komende twaalf maanden</h2>"
        + _reading(
            "Per maand hoeveel jongeren in die maand 18 worden. In de tabel staat per maand "
            "ook met welke voorziening zij nu hulp krijgen (een jongere met hulp onder twee "
            "wetten telt bij beide). Jeugdhulp stopt op 18 jaar tenzij die verlengd wordt "
            "(Jeugdwet art. 1.1): wie in deze kalender staat met Jeugdwet-hulp, heeft nu een "
            "plan voor daarna nodig."
        )
        + f"<figure>{chart}<figcaption>Jongeren die 18 worden, per maand.</figcaption>"
        "</figure>"
        + table(
            "Jongeren die 18 worden, per maand en wet van hun voorziening",
            ["Maand", "Jongeren", *[WET_LABELS.get(w, w) for w in wetten]],
            rows,
            min_cell=m.summary["min_cell"],
            css_class="transities",
        )
    )


def _stapeling(m: Monitor) -> str:
    st = m.tables["stapeling"]
    tot = _level(st, "totaal")
    by = {r["combinatie"]: _hv(r, "households") for _, r in tot.iterrows()}
    persons = {r["combinatie"]: _hv(r, "persons") for _, r in tot.iterrows()}
    chart = bar_chart(
        "Huishoudens naar combinatie van wetten",
        [(c, [by.get(c, 0)]) for c in COMBINATIONS],
        ["huishoudens"],
        min_cell=m.summary["min_cell"],
        chart_class="chart stapeling",
    )
    rows = [[c, by.get(c, 0), persons.get(c, 0)] for c in (*COMBINATIONS, TOTAAL)]
    gem = _level(st, "gemeente")
    gem_rows = []
    for gemeente in sorted(set(gem["gemeente"])):
        part = gem[gem["gemeente"] == gemeente]
        values = {r["combinatie"]: _hv(r, "households") for _, r in part.iterrows()}
        gem_rows.append([gemeente, *[values.get(c, 0) for c in (*COMBINATIONS, TOTAAL)]])
    return (
        "<h2>Stapeling van voorzieningen</h2>"
        + _reading(
            "Welke wetten samenkomen in één huishouden, zoals het CBS dat telt (stapeling "
            "van voorzieningen): jeugdhulp (Jeugdwet), Wmo en Participatiewet, lopend op de "
            "peildatum. Een huishouden telt bij de combinatie van alle leden samen; een "
            "persoon bij zijn eigen combinatie. Hoe meer wetten, hoe meer loketten: daar "
            "helpt één plan het meest."
        )
        + f"<figure>{chart}<figcaption>Huishoudens naar combinatie van wetten."
        "</figcaption></figure>"
        + table(
            "Stapeling: huishoudens en personen per combinatie",
            ["Combinatie", "Huishoudens", "Personen"],
            rows,
            min_cell=m.summary["min_cell"],
            css_class="stapeling",
        )
        + table(
            "Stapeling per gemeente (huishoudens)",
            ["Gemeente", *COMBINATIONS, TOTAAL],
            gem_rows,
            min_cell=m.summary["min_cell"],
        )
    )


def _plans(m: Monitor) -> str:
    pl = _level(m.tables["plans"], "totaal")
    rows = [
        [
            OUTCOME_LABELS.get(r["outcome"], r["outcome"]),
            REGISSEUR_LABELS.get(r["regisseur"], r["regisseur"]),
            _hv(r, "households"),
        ]
        for _, r in pl.iterrows()
        if r["outcome"] != TOTAAL and r["regisseur"] != TOTAAL
    ]
    gl = _level(m.tables["goals"], "totaal")
    active = gl[gl["status"] == "actief"]
    goal_rows = sorted(
        (
            (
                LEEFGEBIED_LABELS.get(Leefgebied(r["leefgebied"]), r["leefgebied"]),
                _hv(r, "households"),
            )
            for _, r in active.iterrows()
        ),
        key=lambda kv: -(kv[1] if isinstance(kv[1], int | float) else 0),
    )
    note = f"<p>{escape(m.summary['plans_note'])}</p>" if m.summary.get("plans_note") else ""
    chart = bar_chart(
        "Huishoudens met een actief doel, per leefgebied",
        [(label, [n]) for label, n in goal_rows],
        ["huishoudens"],
        min_cell=m.summary["min_cell"],
        chart_class="chart doelen",
    )
    return (
        "<h2>Plannen</h2>"
        + _reading(
            "Voor elk huishouden dat een volledig plan krijgt is één plan gemaakt, zoals de "
            "toegang dat zou doen: eerst veiligheid, dan bestaanszekerheid, dan de eigen "
            "volgorde van het huishouden, met hoogstens een paar doelen tegelijk actief. De "
            "tabel laat zien wie de regie krijgt; de grafiek op welke leefgebieden de actieve "
            "doelen liggen."
        )
        + f'<p class="definitie">{escape(PLAN_DEFINITION)}</p>'
        + note
        + table(
            "Uitkomst en regisseur",
            ["Uitkomst", "Regisseur", "Huishoudens"],
            rows,
            min_cell=m.summary["min_cell"],
            css_class="plannen",
        )
        + f"<figure>{chart}<figcaption>Actieve doelen per leefgebied.</figcaption></figure>"
    )


def _wijken(m: Monitor) -> str:
    r = _level(m.tables["regions"], "wijk")
    rows = [
        [
            g["gemeente"],
            g["wijk"],
            _hv(g, "households"),
            _hv(g, "share_meervoudig", figure=True),
            _hv(g, "share_complex", figure=True),
            _hv(g, "many_professionals"),
        ]
        for _, g in r.iterrows()
    ]
    return (
        "<h2>Per wijk</h2>"
        + _reading(
            "Dezelfde cijfers per wijk. Waar een aantal kleiner is dan "
            f"{m.summary['min_cell']} staat &lt; {m.summary['min_cell']}: zo zijn "
            "huishoudens in een kleine wijk niet te herkennen. Een percentage van zo'n klein "
            "aantal staat als &ndash;. Soms is ook een groter getal weggelaten, omdat het "
            "kleine anders terug te rekenen is uit het totaal: dat staat als &times; "
            "(afgeschermd)."
        )
        + table(
            "Huishoudens per wijk",
            ["Gemeente", "Wijk", "Huishoudens", "% meervoudig", "% complex", "Veel professionals"],
            rows,
            min_cell=m.summary["min_cell"],
            css_class="wijken",
        )
    )


def render_report(m: Monitor, *, title: str = "Monitor sociaal domein") -> str:
    """The HTML page of a monitor run. With several peildata the sections are of the
    last one, and a section shows the trend over all of them; with a population table
    a section shows the figures per 1,000 inhabitants."""
    series = m
    m = m.latest
    s = m.summary
    classes = ", ".join(CLASS_LABELS[c] for c in CLASSES)
    body = (
        f"<h1>{escape(title)}</h1>"
        f"<p>Peildatum {escape(s['peildatum'])}. Bron: {escape(s['source'])}. "
        f"Regels {escape(s['rules_version'][:12])}. {dutch_number(s['households'])} "
        "huishoudens.</p>"
        "<h2>Kerncijfers</h2>"
        + _key_figures(m)
        + "<h2>Per gemeente</h2>"
        + _reading(
            "Elk huishouden valt in één klasse: "
            + escape(classes)
            + ". Meervoudig: vragen op twee of meer leefgebieden onder twee of meer wetten "
            "of van twee of meer gezinsleden; complex: een gezin met kinderen en langdurige "
            "problemen op meerdere gebieden, of met veel professionals. Percentages zijn van "
            "alle huishoudens van de gemeente."
        )
        + _gemeenten(m)
        + _signals(m)
        + _professionals(m)
        + _transitions(m)
        + _stapeling(m)
        + _plans(m)
        + _wijken(m)
        + _per_1000(m)
        + _costs(m)
        + _trend(series)
        + "<h2>Over deze cijfers</h2>"
        f"<p>Aantallen kleiner dan {s['min_cell']} (en groter dan 0) worden niet getoond en "
        f"staan als &lt; {s['min_cell']}; een percentage of gemiddelde van zo'n aantal, of "
        f"van een gebied met minder dan {s['min_cell']} huishoudens, staat als &ndash;. "
        "Waar een weggelaten aantal uit een totaal terug te rekenen zou zijn, is ook een "
        "ander aantal weggelaten (meestal het kleinste); dat aantal kan zelf groot zijn en "
        "staat daarom niet als &lt; "
        f"{s['min_cell']} maar als &times; (afgeschermd)."
        "</p>" + legend(("<", "–", "×"), s["min_cell"]) + "<p>De pagina "
        "bevat geen namen, geen BSN, geen geboortedata en geen nummers van huishoudens. "
        "De cijfers komen uit dezelfde regels als de signalen en plannen per huishouden.</p>"
    )
    return page(f"{title}, peildatum {s['peildatum']}", body)


MISSING_LABELS = {
    "geen_bevolkingstabel": "geen bevolkingscijfers",
    "gebied_onbekend": "gebied onbekend",
    "niet_in_bevolkingstabel": "niet in de bevolkingstabel",
    "bevolking_onbekend": "bevolking onbekend",
    "geen_inwoners": "0 inwoners",
    "niet_alle_gemeenten": "niet van alle gemeenten bekend",
}
"""How a rate without a population reads in the report (``per_1000_missing``)."""

RATE_COLUMNS = (
    ("huishoudens_voorziening", "Huishoudens met voorziening"),
    ("personen_voorziening", "Personen met voorziening"),
    ("meervoudig", "Meervoudig"),
    ("complex", "Complex"),
    ("wmo", "Wmo"),
    ("participatiewet", "Participatiewet"),
)
"""The figures per 1,000 inhabitants in the report's table per gemeente."""
MINOR_COLUMNS = (
    ("jeugdwet", "Jeugdwet"),
    ("overgang_18", "Worden 18 in 12 maanden"),
)
"""The figures per 1,000 minors (0-17) in the report's second table per gemeente."""
MAIN_MEASURE = "huishoudens_voorziening"
"""The figure of the charts per area and over time."""


def _dutch_date(iso: str) -> str:
    y, mo, d = iso[:10].split("-")
    return f"{d}-{mo}-{y}"


def _rate(row: Any) -> float | Hidden | str:
    """A rate, or why it is hidden (a mark) or missing (a reason in words)."""
    value = _v(row["per_1000"])
    if value is not None:
        return float(value)
    kind = row.get("per_1000_suppression", "")
    if isinstance(kind, str) and kind in (PRIMARY, COMPLEMENTARY):
        return Hidden(kind, figure=True)
    reason = row.get("per_1000_missing", "")
    return MISSING_LABELS.get(reason if isinstance(reason, str) else "", "onbekend")


def _area_label(row: Any) -> str:
    if row["level"] == "totaal":
        return "Alle gemeenten"
    if row["level"] == "gemeente":
        return str(row["gemeente"])
    return f"{row[row['level']]} ({row['gemeente']})"


def _impact_rows(imp: pd.DataFrame, measure: str, level: str) -> pd.DataFrame:
    return imp[(imp["measure"] == measure) & (imp["level"] == level)]


def _sorted_bars(
    frame: pd.DataFrame,
) -> tuple[list[tuple[str, list[float | Hidden | None]]], list[str], list[Any]]:
    """Bars sorted by the rate (highest first; hidden ones last), the areas without a
    population (not drawn), and the rows in the order drawn."""
    shown: list[tuple[Any, float]] = []
    hidden: list[tuple[Any, Hidden]] = []
    missing: list[str] = []
    for _, r in frame.iterrows():
        rate = _rate(r)
        if isinstance(rate, str):
            missing.append(_area_label(r))
        elif isinstance(rate, Hidden):
            hidden.append((r, rate))
        else:
            shown.append((r, rate))
    shown.sort(key=lambda rv: -rv[1])
    order: list[tuple[Any, float | Hidden]] = [*shown, *hidden]
    bars: list[tuple[str, list[float | Hidden | None]]] = [
        (_area_label(r), [rate]) for r, rate in order
    ]
    return bars, missing, [r for r, _ in order]


def _per_1000(m: Monitor) -> str:
    """Figures per 1,000 inhabitants per gemeente and wijk (needs a population table)."""
    latest = m.latest
    imp = latest.tables.get("impact")
    pop = latest.summary.get("population")
    if imp is None or not pop:
        return ""
    min_cell = latest.summary["min_cell"]
    levels = ("totaal", "gemeente")
    rows, minor_rows = [], []
    for level in levels:
        for _, b in _impact_rows(imp, "huishoudens", level).iterrows():
            same = imp[
                (imp["level"] == level)
                & (imp["gemeente"].fillna("") == (b["gemeente"] if level != "totaal" else ""))
            ]
            by = {r["measure"]: r for _, r in same.iterrows()}

            def people(measure: str, by: dict[str, Any] = by) -> int | str:
                p = _v(by[measure]["population"]) if measure in by else None
                return round(p) if p is not None else "onbekend"

            rows.append(
                [
                    _area_label(b),
                    people("huishoudens"),
                    *[_rate(by[mm]) if mm in by else "onbekend" for mm, _ in RATE_COLUMNS],
                ]
            )
            minor_rows.append(
                [
                    _area_label(b),
                    people("jeugdwet"),
                    *[_rate(by[mm]) if mm in by else "onbekend" for mm, _ in MINOR_COLUMNS],
                ]
            )
    when = _dutch_date(latest.summary["peildatum"])
    table_g = table(
        f"Per 1.000 inwoners, per gemeente (peildatum {when})",
        ["Gemeente", "Inwoners", *[label for _, label in RATE_COLUMNS]],
        rows,
        min_cell=min_cell,
        css_class="per1000",
    ) + table(
        f"Per 1.000 minderjarigen (0 tot en met 17 jaar), per gemeente (peildatum {when})",
        ["Gemeente", "Minderjarigen (geschat)", *[label for _, label in MINOR_COLUMNS]],
        minor_rows,
        min_cell=min_cell,
        css_class="per1000-jeugd",
    )
    label = "Huishoudens met een voorziening per 1.000 inwoners"
    gem = _impact_rows(imp, MAIN_MEASURE, "gemeente")
    tot = _impact_rows(imp, MAIN_MEASURE, "totaal")
    average = _rate(tot.iloc[0]) if len(tot) else "onbekend"
    bars, missing, _ = _sorted_bars(gem)
    chart_g = bar_chart(
        f"{label}, per gemeente",
        bars,
        ["per 1.000 inwoners"],
        min_cell=min_cell,
        chart_class="chart per1000-gemeenten",
        reference=("alle gemeenten samen", average) if isinstance(average, float) else None,
        description=f"{label} per gemeente, van hoog naar laag"
        + (
            f"; de stippellijn is alle gemeenten samen ({dutch_number(average)})"
            if isinstance(average, float)
            else ""
        )
        + ". De cijfers staan ook in de tabel erboven.",
    )
    wijk = _impact_rows(imp, MAIN_MEASURE, "wijk")
    gem_rate = {r["gemeente"]: _rate(r) for _, r in gem.iterrows()}
    wbars, wmissing, drawn = _sorted_bars(wijk)
    marks = [gr if isinstance(gr := gem_rate.get(r["gemeente"]), float) else None for r in drawn]
    chart_w = bar_chart(
        f"{label}, per wijk",
        wbars,
        ["per 1.000 inwoners"],
        min_cell=min_cell,
        chart_class="chart per1000-wijken",
        row_marks=marks,
        row_mark_label="de hele gemeente",
        description=f"{label} per wijk, van hoog naar laag; het zwarte streepje bij elke wijk "
        "is het cijfer van de hele gemeente. De cijfers staan ook in de tabel eronder.",
    )
    wrows = [
        [
            r["gemeente"],
            r["wijk"],
            r["regiocode"] if isinstance(r["regiocode"], str) and r["regiocode"] else "–",
            int(p) if (p := _v(r["population"])) is not None else "onbekend",
            _hv(r, "count"),
            _rate(r),
            gem_rate.get(r["gemeente"], "onbekend"),
        ]
        for _, r in wijk.iterrows()
    ]
    table_w = table(
        f"{label}, per wijk",
        [
            "Gemeente",
            "Wijk",
            "CBS-code",
            "Inwoners",
            "Huishoudens",
            "Per 1.000 inwoners",
            "Hele gemeente per 1.000",
        ],
        wrows,
        min_cell=min_cell,
        css_class="per1000-wijken",
    )

    def without(names: list[str]) -> str:
        if not names:
            return ""
        return " Zonder bevolkingscijfers (niet getekend): " + escape(", ".join(names)) + "."

    return (
        "<h2>Per 1.000 inwoners</h2>"
        + _reading(
            "Aantallen zeggen weinig zonder de grootte van het gebied. Daarom staan ze hier per "
            "1.000 inwoners (bron: de bevolkingstabel hieronder). Jeugdwet en jongeren die 18 "
            "worden staan per 1.000 minderjarigen (0 tot en met 17 jaar): het CBS geeft de "
            "groepen 0-15 en 15-25 jaar, dus is het aantal 15-, 16- en 17-jarigen geschat als "
            "drie tiende van de groep 15-25. De gemeenten en de wijken staan gesorteerd van "
            "hoog naar laag; de stippellijn is alle gemeenten samen, het zwarte streepje bij "
            "een wijk de hele gemeente. Waar geen bevolking bekend is, staat geen cijfer (niet "
            "0). Een cijfer van een afgeschermd aantal is ook afgeschermd."
        )
        + f'<p class="definitie">Bevolking: {escape(str(pop.get("source", "")))}. '
        + escape(str(pop.get("note", "")))
        + "</p>"
        + table_g
        + f"<figure>{chart_g}<figcaption>{escape(label)}, per gemeente.{without(missing)}"
        "</figcaption></figure>"
        + f"<figure>{chart_w}<figcaption>{escape(label)}, per wijk.{without(wmissing)}"
        "</figcaption></figure>" + table_w
    )


def _trend(m: Monitor) -> str:
    """The figures over the peildata of a series: a line chart and a table."""
    if len(m.series) < 2:
        return ""
    imp = m.tables["impact"]
    min_cell = m.summary["min_cell"]
    dates = [str(d) for d in m.summary["peildata"]]
    labels = [_dutch_date(d) for d in dates]
    rated = bool(m.summary.get("population"))
    what = (
        "Huishoudens met een voorziening per 1.000 inwoners"
        if rated
        else "Huishoudens met een voorziening"
    )
    main = imp[imp["measure"] == MAIN_MEASURE]

    def value(r: Any) -> float | Hidden | None:
        if rated:
            got = _rate(r)
            return None if isinstance(got, str) else got
        hv = _hv(r, "count")
        return float(hv) if isinstance(hv, int | float) else hv

    series: list[tuple[str, list[float | Hidden | None]]] = []
    for level in ("totaal", "gemeente"):
        part = main[main["level"] == level]
        for name in sorted(set(part["gemeente"].fillna(""))):
            rows = part[part["gemeente"].fillna("") == name]
            by = {str(r["peildatum"]): r for _, r in rows.iterrows()}
            points = [value(by[d]) if d in by else None for d in dates]
            series.append((name or "Alle gemeenten", points))
    chart = line_chart(
        f"{what}, per peildatum",
        labels,
        series,
        description=(
            f"{what} op {len(dates)} peildata, van {labels[0]} tot {labels[-1]}, één lijn per "
            "gemeente en één voor alle gemeenten samen. De cijfers staan ook in de tabel eronder."
        ),
        y_label="per 1.000 inwoners" if rated else "huishoudens",
        min_cell=min_cell,
        chart_class="chart trend",
    )
    rows_t: list[list[Any]] = []
    for level in ("totaal", "gemeente", "wijk"):
        part = main[main["level"] == level]
        for _, r in part.sort_values(["gemeente", "wijk", "peildatum"]).iterrows():
            rows_t.append(
                [
                    "Alle gemeenten" if level == "totaal" else r["gemeente"],
                    r["wijk"] if level == "wijk" else "",
                    _dutch_date(str(r["peildatum"])),
                    _hv(r, "count"),
                    *([_rate(r)] if rated else []),
                ]
            )
    return (
        "<h2>Ontwikkeling over de peildata</h2>"
        + _reading(
            "Dezelfde caseload, bekeken op meerdere peildata. Elke lijn is een gemeente; elke "
            "lijn heeft een eigen stippel- of streeppatroon en een eigen vorm van punt, en de "
            "naam staat aan het eind van de lijn. Een punt dat is afgeschermd ontbreekt; de "
            "lijn is daar onderbroken. In de tabel staan ook de wijken."
        )
        + f"<figure>{chart}<figcaption>{escape(what)}, per peildatum.</figcaption></figure>"
        + table(
            f"{what}, per gebied en peildatum",
            [
                "Gemeente",
                "Wijk",
                "Peildatum",
                "Huishoudens",
                *(["Per 1.000 inwoners"] if rated else []),
            ],
            rows_t,
            min_cell=min_cell,
            css_class="trend",
        )
    )


COST_WET_LABELS = {"jeugdwet": "Jeugdwet", "wmo": "Wmo", TOTAAL: "Totaal"}


def _category_label(wet: str, category: str) -> str:
    if category == TOTAAL:
        return "Totaal"
    if category == "onbekend":
        return "categorie onbekend"
    label = CODE_LISTS.get(wet, {}).get("product_category", {}).get(category)
    return f"{category} {label}" if label else category


def _euro(row: Any) -> Euro | Hidden | str:
    """The cost of a row: an amount, hidden (a mark), or unknown (no known cost)."""
    value = _v(row["cost"])
    if value is not None:
        return Euro(float(value))
    kind = row.get(mark("cost"), "")
    if isinstance(kind, str) and kind in (PRIMARY, COMPLEMENTARY):
        return Hidden(kind, figure=True)
    return "onbekend"


def _euro_rate(row: Any) -> Euro | Hidden | str:
    value = _v(row["cost_per_1000"])
    if value is not None:
        return Euro(float(value))
    kind = row.get(mark("cost_per_1000"), "")
    if isinstance(kind, str) and kind in (PRIMARY, COMPLEMENTARY):
        return Hidden(kind, figure=True)
    reason = row.get("cost_per_1000_missing", "")
    if reason == "kosten_onbekend":
        return "onbekend"
    return MISSING_LABELS.get(reason if isinstance(reason, str) else "", "onbekend")


def _costs(m: Monitor) -> str:
    """Costs in the cost year per law and product category, and per gemeente."""
    costs = m.tables.get("costs")
    info = m.summary.get("costs")
    if costs is None or not info:
        return ""
    min_cell = m.summary["min_cell"]
    start, end = (_dutch_date(d) for d in info["cost_year"])
    example = (
        '<p class="definitie"><strong>Let op: voorbeeldtarieven.</strong> De tarieven zijn '
        "een voorbeeldset (gepubliceerde Wmo- en Jeugdwettarieven van verschillende regio's "
        "en jaren, meest pgb-maxima), niet de contractprijzen van deze gemeente(n). De "
        "bedragen tonen de werkwijze, geen begroting.</p>"
        if info.get("tariffs_example")
        else ""
    )
    head = (
        "<h2>Kosten van voorzieningen</h2>"
        + _reading(
            f"De kosten van de lopende Wmo- en Jeugdwetvoorzieningen van {start} tot en met "
            f"{end} (het kalenderjaar van de peildatum), per wet en productcategorie. Per "
            "voorziening: het toegekende budget, of de omvang &times; de frequentie &times; het "
            "tarief per eenheid, over de dagen van dat jaar waarop de voorziening loopt. Waar "
            "een voorziening geen omvang en geen budget heeft, of er geen tarief is voor haar "
            "categorie en eenheid, zijn de kosten <strong>onbekend</strong>: die tellen niet "
            "mee als 0, maar staan apart (voorzieningen en huishoudens met onbekende kosten); "
            "het bedrag is dan een ondergrens. Jeugdwet per 1.000 minderjarigen, Wmo en het "
            "totaal per 1.000 inwoners. Een cel van minder dan "
            f"{min_cell} huishoudens is weggelaten, ook haar bedrag."
        )
        + f'<p class="definitie">Tarieven: {escape(str(info.get("tariffs", "")))}.</p>'
        + example
    )
    if not info.get("computed"):
        return head + f"<p>{escape(str(info.get('note', '')))}</p>"
    total = costs[costs["level"] == "totaal"]
    rows = [
        [
            COST_WET_LABELS.get(r["wet"], r["wet"]),
            _category_label(r["wet"], r["category"]),
            _hv(r, "households"),
            _euro(r),
            _euro_rate(r),
            _hv(r, "provisions_unknown"),
            _hv(r, "households_unknown"),
        ]
        for _, r in total.iterrows()
    ]
    table_t = table(
        f"Kosten per wet en productcategorie, alle gemeenten ({start} tot en met {end})",
        [
            "Wet",
            "Productcategorie",
            "Huishoudens",
            "Kosten",
            "Per 1.000",
            "Voorzieningen, kosten onbekend",
            "Huishoudens, kosten onbekend",
        ],
        rows,
        min_cell=min_cell,
        css_class="kosten",
    )
    gem = costs[(costs["level"] == "gemeente") & (costs["category"] == TOTAAL)]
    grows = []
    for g, part in gem.groupby("gemeente", sort=True):
        by = {r["wet"]: r for _, r in part.iterrows()}

        def get(wet: str, what: str, by: dict[str, Any] = by) -> Any:
            if wet not in by:
                return 0 if what == "n" else "geen"
            r = by[wet]
            return (
                _euro(r)
                if what == "cost"
                else _euro_rate(r)
                if what == "rate"
                else (_hv(r, "provisions_unknown"))
            )

        grows.append(
            [
                str(g),
                get("jeugdwet", "cost"),
                get("jeugdwet", "rate"),
                get("wmo", "cost"),
                get("wmo", "rate"),
                get(TOTAAL, "cost"),
                get(TOTAAL, "rate"),
                get(TOTAAL, "n"),
            ]
        )
    table_g = table(
        f"Kosten per gemeente ({start} tot en met {end})",
        [
            "Gemeente",
            "Jeugdwet",
            "Jeugdwet per 1.000 minderjarigen",
            "Wmo",
            "Wmo per 1.000 inwoners",
            "Totaal",
            "Totaal per 1.000 inwoners",
            "Voorzieningen, kosten onbekend",
        ],
        grows,
        min_cell=min_cell,
        css_class="kosten-gemeenten",
    )
    parts = total[(total["wet"] != TOTAAL) & (total["category"] != TOTAAL)]
    bars: list[tuple[str, list[float | Hidden | None]]] = []
    for _, r in parts.iterrows():
        value = _euro(r)
        if isinstance(value, str):
            continue  # unknown: nothing to draw (the table says so)
        label = f"{COST_WET_LABELS[r['wet']]} {_category_label(r['wet'], r['category'])}"
        bars.append((label, [round(value.amount) if isinstance(value, Euro) else value]))
    label = "Kosten per productcategorie, alle gemeenten, in euro"
    chart = bar_chart(
        label,
        bars,
        ["kosten in euro"],
        min_cell=min_cell,
        label_width=330,
        chart_class="chart kosten",
        description=f"{label}, {start} tot en met {end}. De bedragen staan ook in de tabel "
        "erboven; categorieën met alleen onbekende kosten zijn niet getekend.",
    )
    known = info.get("cost")
    key = (
        f"<p>Totaal bekende kosten: <strong>{escape(dutch_euro(known))}</strong>"
        if known is not None
        else "<p>Totaal bekende kosten: niet getoond"
    )
    unknown = info.get("provisions_unknown")
    key += (
        f"; daarnaast {dutch_number(unknown)} voorzieningen met onbekende kosten.</p>"
        if unknown is not None
        else f"; daarnaast &lt; {min_cell} voorzieningen met onbekende kosten.</p>"
    )
    return (
        head
        + key
        + table_t
        + f"<figure>{chart}<figcaption>{escape(label)}.</figcaption></figure>"
        + table_g
    )
