"""Render a plan for the household: plain Dutch (B1) Markdown, printable HTML, JSON.

Jargon is explained on first use; goals use the household's own words; people are
named by their role, never by name.
"""

from __future__ import annotations

import html
from datetime import date

from gezinsplan.model.enums import LEEFGEBIED_LABELS
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan, PlanOutcome

__all__ = ["render_html", "render_json", "render_markdown"]

_LEVELS = {
    "eigen_kracht": "zelf",
    "netwerk": "uw netwerk",
    "algemene_voorziening": "vrij toegankelijke hulp",
    "lichte_ondersteuning": "lichte hulp",
    "maatwerk": "hulp op maat",
    "specialistisch": "specialistische hulp",
    "overnemen": "tijdelijk overnemen",
}
_WET = {
    "wmo": "Wmo",
    "jeugdwet": "Jeugdwet",
    "participatiewet": "Participatiewet",
    "onderwijs": "onderwijs",
    "zvw": "zorgverzekering",
    "wlz": "Wlz",
    "wgs": "schuldhulp",
    "toeslagen": "toeslagen",
    "inburgering": "Wet inburgering",
    "geen": "geen kosten",
}


def _who(member_ids: tuple[str, ...], household: Household | None) -> str:
    if household is None:
        return ", ".join(member_ids)
    roles = {m.id: m.role.value.replace("_", " ") for m in household.members}
    return ", ".join(f"{roles.get(m, m)} ({m})" for m in member_ids)


def render_markdown(plan: Plan, household: Household | None = None) -> str:
    """The plan as Markdown in plain Dutch."""
    out = [f"# Uw plan ({plan.household_id})", "", f"Datum: {plan.peildatum.isoformat()}", ""]
    if plan.outcome is PlanOutcome.GEEN_VRAAG:
        return "\n".join([*out, "Er is nu geen vraag om hulp. U hoeft niets te doen.", ""])
    if plan.outcome is PlanOutcome.KORTE_CHECK:
        out += [
            "U heeft één vraag. Daarvoor is een korte check genoeg: we maken geen groot plan.",
            "",
        ]
    else:
        out += [
            "Dit is één plan voor uw hele huishouden. Het maakt niet uit welke wet de hulp "
            "betaalt.",
            "",
        ]
    if plan.regisseur is not None:
        out += [
            "## Uw regisseur",
            "",
            "De regisseur is de persoon die alles voor u coördineert: één aanspreekpunt.",
            "",
            f"Uw regisseur: **{plan.regisseur.kind} {plan.regisseur.id}**. {plan.regisseur.reason}",
            "",
        ]
    out += ["## Uw doelen", ""]
    for i, g in enumerate(plan.goals, start=1):
        status = "nu" if g.status == "actief" else "later"
        out += [f"### {i}. {LEEFGEBIED_LABELS[g.leefgebied]} ({status})", ""]
        if g.own_words:
            out += [f'In uw eigen woorden: "{g.own_words}"', ""]
        out += [
            f"Voor wie: {_who(g.members, household)}.",
            "",
            f"Waarom hier: {g.reason}",
            "",
            "Wat we doen (het lichtste eerst):",
            "",
        ]
        for a in g.actions:
            out.append(f"- {a.text} ({_LEVELS[a.level.value]}; betaald via {_WET[a.wet.value]})")
        out.append("")
    if plan.transitions:
        out += ["## Op tijd regelen rond 18 jaar", ""]
        out += [f"- {_when(a.deadline, plan.peildatum)}: {a.text}" for a in plan.transitions]
        out.append("")
    if plan.evaluation_date:
        out += [
            "## Wanneer kijken we samen terug?",
            "",
            f"Op {plan.evaluation_date.isoformat()} bespreken we hoe het gaat.",
            "",
        ]
    if plan.notices:
        out += ["## Goed om te weten", ""] + [f"- {n}" for n in plan.notices] + [""]
    out += ["## Waarom deze keuzes?", ""] + [f"- {e}" for e in plan.explanations] + [""]
    return "\n".join(out)


def _when(deadline: date | None, peildatum: date) -> str:
    if deadline is None:
        return "Zo snel mogelijk"
    if deadline < peildatum:
        return f"Zo snel mogelijk (de termijn was {deadline.isoformat()})"
    return f"Voor {deadline.isoformat()}"


def render_html(plan: Plan, household: Household | None = None) -> str:
    """A standalone, printable HTML page (no external resources)."""
    lines = []
    for line in render_markdown(plan, household).splitlines():
        text = html.escape(line)
        text = text.replace("**", "")
        if line.startswith("### "):
            lines.append(f"<h3>{text[4:]}</h3>")
        elif line.startswith("## "):
            lines.append(f"<h2>{text[3:]}</h2>")
        elif line.startswith("# "):
            lines.append(f"<h1>{text[2:]}</h1>")
        elif line.startswith("- "):
            lines.append(f"<li>{text[2:]}</li>")
        elif line:
            lines.append(f"<p>{text}</p>")
    body = "\n".join(lines)
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Plan {html.escape(plan.household_id)}</title>\n"
        "<style>body{font-family:sans-serif;max-width:42em;margin:2em auto;line-height:1.5;"
        "font-size:12pt}h1,h2,h3{color:#1d3557}li{margin:.3em 0}"
        "@media print{body{margin:0}}</style>\n</head>\n<body>\n"
        f"{body}\n</body>\n</html>\n"
    )


def render_json(plan: Plan) -> str:
    """The plan as JSON (the interchange form)."""
    return plan.model_dump_json(indent=2) + "\n"
