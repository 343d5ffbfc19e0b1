"""Render a plan: the household's letter, the caseworker's version, JSON.

``render_markdown`` and ``render_html`` give the household's own letter
(:mod:`gezinsplan.plan.letter`: first names, the regisseur's name and contact, plain
Dutch). ``render_caseworker_markdown`` gives the caseworker's version: ids, roles, rule
ids, sources, the signals and every explanation, and no personal names.
"""

from __future__ import annotations

from collections.abc import Sequence

from gezinsplan.model.enums import LEEFGEBIED_LABELS
from gezinsplan.model.household import Household
from gezinsplan.plan.ics import schedule
from gezinsplan.plan.letter import render_letter_html, render_letter_markdown
from gezinsplan.plan.model import Action, Plan, PlanOutcome
from gezinsplan.signal import Signal

__all__ = ["render_caseworker_markdown", "render_html", "render_json", "render_markdown"]

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
    "geen": "geen",
}


def _who(member_ids: tuple[str, ...], household: Household | None) -> str:
    if household is None:
        return ", ".join(member_ids)
    roles = {m.id: m.role.value.replace("_", " ") for m in household.members}
    return ", ".join(f"{roles.get(m, m)} ({m})" for m in member_ids)


def render_markdown(
    plan: Plan,
    household: Household | None = None,
    *,
    version: int | None = None,
    previous: Plan | None = None,
) -> str:
    """The household's letter as Markdown (see :func:`render_letter_markdown`)."""
    return render_letter_markdown(plan, household, version=version, previous=previous)


def render_html(
    plan: Plan,
    household: Household | None = None,
    *,
    version: int | None = None,
    previous: Plan | None = None,
) -> str:
    """The household's letter as one standalone, printable, accessible HTML page."""
    return render_letter_html(plan, household, version=version, previous=previous)


def render_caseworker_markdown(
    plan: Plan,
    household: Household | None = None,
    signals: Sequence[Signal] = (),
) -> str:
    """The caseworker's version: ids, laws, rule ids, sources and every explanation."""
    out = [
        f"# Plan {plan.household_id} (versie voor de medewerker)",
        "",
        f"Peildatum: {plan.peildatum.isoformat()}",
        "",
    ]
    out += [f"Uitkomst: `{plan.outcome.value}`.", ""]
    if plan.outcome is PlanOutcome.GEEN_VRAAG:
        return "\n".join([*out, "Geen ondersteuningsvraag en geen signaal.", ""])
    if plan.regisseur is not None:
        out += [
            "## Regisseur",
            "",
            f"**{plan.regisseur.kind} {plan.regisseur.id}**. {plan.regisseur.reason}",
            "",
        ]
    out += ["## Doelen", ""]
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
            *([f"Signalen: {', '.join(f'`{r}`' for r in g.signals)}", ""] if g.signals else []),
            "Wat we doen (het lichtste eerst):",
            "",
        ]
        for a in g.actions:
            if a.owner is not None:
                out.append(f"- {a.text} ({_owner_ground(a)})")
            else:
                out.append(f"- {a.text} ({_LEVELS[a.level.value]}; wet: {_WET[a.wet.value]})")
        out.append("")
    dated = schedule(plan)
    if dated:
        out += ["## Planning: wie doet wat, wanneer, op welke grond", ""]
        out += ["| Uiterlijk | Wie | Wat | Grond | Regel, leden |", "|---|---|---|---|---|"]
        for a in dated:
            who = a.owner.label if a.owner is not None else a.actor
            ground = _links(a) or _WET[a.wet.value]
            rule = f"`{a.rule_id}`" if a.rule_id else ""
            members = ", ".join(a.members)
            out.append(
                f"| {_cell(_when(a))} | {_cell(who)} | {_cell(a.text)} | {ground} | "
                f"{rule}{' ' if rule and members else ''}{members} |"
            )
        out.append("")
    undated = [a for a in plan.transitions if a.deadline is None]
    if undated:
        out += ["## Zonder datum", ""]
        out += [f"- {a.text} ({_owner_ground(a)})" for a in undated]
        out.append("")
    if plan.evaluation_date:
        out += [
            "## Wanneer kijken we samen terug?",
            "",
            f"Op {plan.evaluation_date.isoformat()} bespreken we hoe het gaat.",
            "",
        ]
    if plan.notices:
        out += ["## Aangeboden aan het huishouden", ""] + [f"- {n}" for n in plan.notices] + [""]
    out += ["## Waarom deze keuzes?", ""] + [f"- {e}" for e in plan.explanations] + [""]
    if signals:
        out += ["## Signalen", ""]
        for sig in signals:
            who = f" ({', '.join(sig.members)})" if sig.members else ""
            out.append(f"- `{sig.rule_id}` ({sig.severity.value}){who}: {sig.message}")
            out.append(f"  - bron: {sig.source}")
            if sig.explanation:
                out.append(f"  - waarom: {sig.explanation}")
        out.append("")
    return "\n".join(out)


def _links(action: Action) -> str:
    """The legal ground as Markdown links to wetten.overheid.nl."""
    return "; ".join(f"[{c.citation}]({c.url})" for c in action.basis)


def _owner_ground(action: Action) -> str:
    who = action.owner.label if action.owner is not None else action.actor
    ground = _links(action) or f"wet: {_WET[action.wet.value]}"
    return f"wie: {who}; grond: {ground}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _when(action: Action) -> str:
    """When, in words: the last day, or for a missed term which term, since when, and
    the new date."""
    if action.deadline is None:
        return "Geen datum"
    if action.overdue_since is not None:
        return (
            f"Uiterlijk {action.deadline.isoformat()} (nieuwe datum; te laat sinds "
            f"{action.overdue_since.isoformat()}, de termijn was {action.missed_term})"
        )
    return f"Uiterlijk {action.deadline.isoformat()}"


def render_json(plan: Plan) -> str:
    """The plan as JSON (the interchange form)."""
    return plan.model_dump_json(indent=2) + "\n"
