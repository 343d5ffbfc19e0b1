"""The plan as the household reads it: a letter in plain Dutch (B1), with their names.

This is the household's own document: it names the members by first name and the
regisseur by name, role, organisation and contact. Nothing else in the library does:
plans, signals, stored rows and exports keep ids only. The letter is built once as a
list of blocks and written as Markdown or as accessible, printable HTML, so both say
the same. docs/plan.md describes the wording rules and the readability measure
(:mod:`gezinsplan.plan.readability`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from gezinsplan.model.enums import (
    CareRole,
    Leefgebied,
    MemberRole,
    Product,
    RepresentationKind,
    Wet,
)
from gezinsplan.model.household import Household, Member, Professional
from gezinsplan.plan.model import Action, Goal, Plan, PlanOutcome

__all__ = [
    "EVERYDAY_DOMAINS",
    "letter_blocks",
    "letter_text",
    "render_letter_html",
    "render_letter_markdown",
]

EVERYDAY_DOMAINS: dict[Leefgebied, str] = {
    Leefgebied.FINANCIEN: "Geld en rekeningen",
    Leefgebied.WERK_OPLEIDING: "Werk, school en opleiding",
    Leefgebied.TIJDSBESTEDING: "Wat u overdag doet",
    Leefgebied.HUISVESTING: "Wonen",
    Leefgebied.HUISELIJKE_RELATIES: "Samen thuis",
    Leefgebied.GEESTELIJKE_GEZONDHEID: "Hoe u zich voelt",
    Leefgebied.LICHAMELIJKE_GEZONDHEID: "Uw lichaam en gezondheid",
    Leefgebied.MIDDELENGEBRUIK: "Alcohol en drugs",
    Leefgebied.BASALE_ADL: "Uzelf verzorgen: wassen, aankleden en eten",
    Leefgebied.INSTRUMENTELE_ADL: "Het huishouden en de post",
    Leefgebied.SOCIAAL_NETWERK: "Mensen om u heen",
    Leefgebied.MAATSCHAPPELIJKE_PARTICIPATIE: "Meedoen in de buurt",
    Leefgebied.JUSTITIE: "Politie en rechter",
    Leefgebied.VEILIGHEID: "Veilig thuis",
    Leefgebied.OPVOEDING: "Opvoeden en opgroeien",
}
"""Every leefgebied in everyday words (the ZRM names stay in the caseworker's version)."""

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_ROLE_WORDS = {
    MemberRole.OUDER: "de ouder",
    MemberRole.PARTNER: "de partner",
    MemberRole.KIND: "het kind",
    MemberRole.PLEEGKIND: "het pleegkind",
    MemberRole.INWONEND_FAMILIELID: "het familielid",
    MemberRole.OVERIG: "de huisgenoot",
}
_CARE_ROLES = {
    CareRole.CASEMANAGER: "casemanager",
    CareRole.WIJKCOACH: "wijkcoach",
    CareRole.JEUGDCONSULENT: "jeugdconsulent",
    CareRole.WMO_CONSULENT: "consulent van de gemeente",
    CareRole.KLANTMANAGER: "klantmanager werk en inkomen",
    CareRole.SCHULDHULPVERLENER: "schuldhulpverlener",
    CareRole.BEHANDELAAR: "behandelaar",
    CareRole.BEGELEIDER: "begeleider",
    CareRole.JEUGDBESCHERMER: "jeugdbeschermer",
    CareRole.LEERPLICHTAMBTENAAR: "leerplichtambtenaar",
    CareRole.INTERN_BEGELEIDER: "begeleider op school",
    CareRole.HUISARTS: "huisarts",
    CareRole.WIJKVERPLEEGKUNDIGE: "wijkverpleegkundige",
    CareRole.REINTEGRATIECOACH: "coach voor werk",
    CareRole.OVERIG: "hulpverlener",
}
_PRODUCTS = {
    Product.HUISHOUDELIJKE_HULP: "Hulp in het huishouden",
    Product.BEGELEIDING: "Begeleiding",
    Product.DAGBESTEDING: "Dagbesteding",
    Product.ARBEIDSMATIGE_DAGBESTEDING: "Werk overdag met begeleiding",
    Product.KORTDUREND_VERBLIJF: "Logeren zodat de mantelzorger kan rusten",
    Product.WONINGAANPASSING: "Een aanpassing in huis",
    Product.HULPMIDDEL: "Een hulpmiddel",
    Product.VERVOER: "Vervoer",
    Product.BESCHERMD_WONEN: "Wonen met begeleiding",
    Product.MAATSCHAPPELIJKE_OPVANG: "Opvang",
    Product.MANTELZORGONDERSTEUNING: "Steun voor de mantelzorger",
    Product.JEUGDHULP_AMBULANT: "Hulp bij opvoeden en opgroeien",
    Product.JEUGDHULP_VERBLIJF: "Wonen in een groep",
    Product.JEUGD_GGZ: "Behandeling voor psychische klachten",
    Product.PLEEGZORG: "Pleegzorg",
    Product.GEZINSHUIS: "Wonen in een gezinshuis",
    Product.JEUGDBESCHERMING: "Jeugdbescherming",
    Product.JEUGDRECLASSERING: "Begeleiding na contact met politie of rechter",
    Product.GESLOTEN_JEUGDHULP: "Een gesloten plek",
    Product.BIJSTAND: "De bijstandsuitkering",
    Product.REINTEGRATIE: "Hulp bij het vinden van werk",
    Product.BESCHUT_WERK: "Werk op een beschutte plek",
    Product.BIJZONDERE_BIJSTAND: "Geld voor bijzondere kosten",
    Product.LEERLINGENVERVOER: "Vervoer naar school",
    Product.ONDERWIJSONDERSTEUNING: "Extra hulp op school",
    Product.SCHULDHULPVERLENING: "Hulp bij schulden",
    Product.GGZ_VOLWASSENEN: "Behandeling voor psychische klachten",
    Product.WIJKVERPLEGING: "Zorg van de wijkverpleging",
    Product.WLZ_ZORG: "Langdurige zorg",
    Product.ZORGTOESLAG: "De zorgtoeslag",
    Product.KINDERBIJSLAG: "De kinderbijslag",
    Product.KINDGEBONDEN_BUDGET: "Het kindgebonden budget",
    Product.OVERIG: "De hulp",
}
_PAYER = {
    Wet.WMO: "de gemeente (Wmo)",
    Wet.JEUGDWET: "de gemeente (Jeugdwet)",
    Wet.PARTICIPATIEWET: "de gemeente (Participatiewet)",
    Wet.WGS: "de gemeente (schuldhulp)",
    Wet.ONDERWIJS: "de school of de gemeente",
    Wet.ZVW: "uw zorgverzekering",
    Wet.WLZ: "het zorgkantoor (Wlz)",
    Wet.TOESLAGEN: "de Belastingdienst of de SVB",
    Wet.INBURGERING: "de gemeente (inburgering)",
}
_WORDS: dict[str, str] = {
    "Wmo": "de wet waarmee de gemeente helpt om thuis te wonen en mee te doen.",
    "Jeugdwet": "de wet voor hulp aan kinderen en jongeren tot 18 jaar, soms tot 23 jaar.",
    "Participatiewet": "de wet voor werk en voor geld als u geen ander inkomen heeft.",
    "Wlz": "de Wet langdurige zorg: zorg voor mensen die altijd zorg dichtbij nodig hebben.",
    "SVB": "de Sociale Verzekeringsbank. Die betaalt de kinderbijslag.",
    "DUO": "de organisatie die geld voor school en studie regelt.",
    "UWV": "de organisatie voor uitkeringen bij werk en ziekte.",
    "CIZ": "de organisatie die beslist of iemand langdurige zorg krijgt.",
    "zorgtoeslag": "geld van de Belastingdienst om de zorgverzekering te betalen.",
    "regisseur": "uw vaste contactpersoon. Die houdt het overzicht over al uw hulp.",
    "cliëntondersteuner": "iemand die naast u staat en niet voor de gemeente werkt.",
}


def dutch_date(day: date) -> str:
    """``18 februari 2027``."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass
class _Names:
    household: Household | None

    def member(self, member_id: str) -> str:
        m = self._find(member_id)
        if m is None:
            return member_id
        if m.name:
            return m.name.split()[0]
        return _ROLE_WORDS[m.role]

    def members(self, ids: Iterable[str]) -> str:
        names = [self.member(i) for i in ids]
        if not names:
            return "het hele huishouden"
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]

    def professional(self, p: Professional) -> str:
        org = self._org(p.organisation)
        role = _CARE_ROLES[p.role]
        who = f"{p.name} ({role})" if p.name else f"de {role}"
        return f"{who} van {org}" if org else who

    def _org(self, org_id: str | None) -> str:
        if self.household is None or org_id is None:
            return ""
        return next((o.name for o in self.household.organisations if o.id == org_id), "")

    def _find(self, member_id: str) -> Member | None:
        if self.household is None:
            return None
        return next((m for m in self.household.members if m.id == member_id), None)


@dataclass
class Block:
    """One part of the letter: a heading, a paragraph, a list, or a section boundary."""

    kind: str  # "h1" | "h2" | "h3" | "p" | "ul" | "section" | "end"
    text: str = ""
    items: list[str] = field(default_factory=list)


def _reason(goal: Goal) -> str:
    if goal.status == "later":
        return "We beginnen hier later aan. Zo hoeft u niet alles tegelijk te doen."
    if goal.basis == "veiligheid":
        return "Veilig zijn gaat voor alles."
    if goal.basis == "acuut":
        return "U zei dat dit meteen moet."
    if goal.basis == "bestaanszekerheid":
        return "Eerst moeten geld en wonen goed geregeld zijn."
    return "Dit vindt u belangrijk. U koos zelf de volgorde."


def _action_lines(action: Action, goal: Goal, names: _Names) -> list[str]:
    h = names.household
    if action.owner is not None:
        text = _fill(action.letter, action, names) if action.letter else action.text
        return [_scheduled(text, action)]
    if action.actor == "huishouden":
        return ["U zelf: u bedenkt wat u zelf al kunt doen. Kosten: geen."]
    if action.actor == "netwerk":
        support = next(
            (s for s in (h.informal_support if h else ()) if s.id == action.actor_id), None
        )
        who = support.supporter_name if support and support.supporter_name else None
        if who is None and support and support.supporter_member:
            who = names.member(support.supporter_member)
        return [f"{who or 'Iemand uit uw omgeving'} helpt mee. Spreek samen af wat. Kosten: geen."]
    payer = f"Betaald door: {_PAYER[action.wet]}." if action.wet in _PAYER else "Kosten: geen."
    if action.actor == "professional":
        product = action.product
        helpers = [
            p
            for p in (h.professionals if h else ())
            if p.organisation == action.actor_id and set(p.serves) & set(goal.members)
        ]
        line = f"{_PRODUCTS[product]} gaat door." if product else "De hulp die er is gaat door."
        if helpers:
            verb = "helpt" if len(helpers) == 1 else "helpen"
            who = " en ".join(names.professional(p) for p in helpers)
            line += f" {_capital(who)} {verb}."
        return [f"{line} {payer}"]
    if goal.basis == "veiligheid":
        text = "Uw regisseur maakt met u een plan om thuis veilig te zijn."
    elif goal.basis == "acuut":
        text = "Uw regisseur regelt vandaag nog hulp."
    elif goal.basis == "bestaanszekerheid":
        text = "Uw regisseur regelt snel hulp bij geld of wonen."
    else:
        text = "Uw regisseur zoekt met u de lichtste hulp die past."
    return [f"{text} {payer}"]


def _scheduled(text: str, a: Action) -> str:
    """One line of the schedule: by when, what, and who does it, in plain words."""
    who = f" Wie: {a.owner.words}." if a.owner is not None else ""
    if a.deadline is not None and a.overdue_since is not None:
        missed = dutch_date(a.overdue_since - timedelta(days=1))
        return (
            f"Uiterlijk {dutch_date(a.deadline)}: {text} Dit had al moeten gebeuren, "
            f"uiterlijk op {missed}. Daarom doen we het nu snel.{who}"
        )
    if a.deadline is not None:
        return f"Uiterlijk {dutch_date(a.deadline)}: {text}{who}"
    return f"{text}{who}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fill(template: str, action: Action, names: _Names) -> str:
    first = names.members(action.members[:1]) if action.members else "Uw kind"
    when = dutch_date(action.deadline) if action.deadline else ""
    return _capital(template.replace("{naam}", first).replace("{datum}", when))


def letter_blocks(
    plan: Plan,
    household: Household | None = None,
    *,
    version: int | None = None,
    previous: Plan | None = None,
) -> list[Block]:
    """The letter as blocks (see :func:`render_letter_markdown`)."""
    names = _Names(household)
    everyone = [m.id for m in household.members] if household else []
    blocks = [Block("h1", f"Het plan van {names.members(everyone)}" if everyone else "Uw plan")]
    stamp = f"Datum: {dutch_date(plan.peildatum)}."
    if version is not None:
        stamp += f" Versie {version}."
    blocks.append(Block("p", stamp))
    if plan.outcome is PlanOutcome.GEEN_VRAAG:
        blocks.append(Block("p", "U heeft nu geen vraag om hulp. U hoeft niets te doen."))
        return blocks
    used: set[str] = set()
    if plan.outcome is PlanOutcome.KORTE_CHECK:
        blocks.append(
            Block(
                "p",
                "U heeft één vraag. We kijken er kort naar. Een groot plan is niet nodig.",
            )
        )
    else:
        blocks.append(
            Block(
                "p",
                "Dit is één plan voor uw hele huishouden. U maakt het samen met ons. "
                "Het maakt niet uit wie de hulp betaalt.",
            )
        )
        blocks += _regisseur_blocks(plan, household, names)
        used.add("regisseur")
    blocks.append(Block("h2", "Wat u wilt bereiken"))
    for i, goal in enumerate(plan.goals, start=1):
        status = "we zijn bezig" if goal.status == "actief" else "komt later"
        blocks.append(Block("section"))
        blocks.append(Block("h3", f"{i}. {EVERYDAY_DOMAINS[goal.leefgebied]} ({status})"))
        if goal.own_words:
            blocks.append(Block("p", f"In uw eigen woorden: “{goal.own_words}”"))
        blocks.append(Block("p", f"Voor: {names.members(goal.members)}. {_reason(goal)}"))
        lines = [line for a in goal.actions for line in _action_lines(a, goal, names)]
        if plan.outcome is PlanOutcome.KORTE_CHECK:
            lines = [ln.replace("Uw regisseur", "Iemand van de gemeente") for ln in lines]
        blocks.append(Block("p", "Wie doet wat:"))
        blocks.append(Block("ul", items=lines))
        blocks.append(Block("end"))
        used |= {w for ln in lines for w in _WORDS if w in ln}
    dated = sorted(
        (a for a in [*(a for g in plan.goals for a in g.actions), *plan.transitions] if a.deadline),
        key=lambda a: (a.deadline or date.max, a.rule_id or "", a.text),
    )
    undated = [a for a in plan.transitions if a.deadline is None]
    if dated or undated:
        blocks.append(Block("h2", "Wat moet wanneer gebeuren"))
        items = []
        for a in [*dated, *undated]:
            text = _fill(a.letter, a, names) if a.letter else a.text
            items.append(_scheduled(text, a))
        blocks.append(Block("ul", items=items))
        used |= {w for it in items for w in _WORDS if w in it}
    if plan.evaluation_date:
        blocks.append(Block("h2", "Wanneer praten we weer?"))
        blocks.append(
            Block(
                "p",
                f"Op {dutch_date(plan.evaluation_date)} kijken we samen hoe het gaat "
                "en wat er gelukt is.",
            )
        )
    if plan.notices:
        blocks.append(Block("h2", "Goed om te weten"))
        blocks.append(Block("ul", items=list(plan.notices)))
        used |= {w for n in plan.notices for w in _WORDS if w in n}
    if previous is not None:
        blocks += _changes(previous, plan, names)
    blocks += _agreement(plan, household, names, version)
    words = [f"{w}: {_WORDS[w]}" for w in _WORDS if w in used]
    if words:
        blocks.append(Block("h2", "Woordenlijst"))
        blocks.append(Block("ul", items=words))
    return blocks


def _regisseur_blocks(plan: Plan, household: Household | None, names: _Names) -> list[Block]:
    r = plan.regisseur
    out = [Block("h2", "Uw regisseur")]
    if r is None:
        return []
    intro = "Uw regisseur is uw vaste contactpersoon. Die houdt het overzicht."
    if r.kind == "member":
        out.append(Block("p", f"U houdt zelf de regie: {names.member(r.id)}. {intro}"))
        out.append(Block("p", "Een hulpverlener helpt als u dat vraagt."))
        return out
    if r.kind == "toegang":
        out.append(Block("p", "De gemeente kiest snel een vaste contactpersoon voor u. " + intro))
        return out
    if r.kind == "informal":
        support = next(
            (s for s in (household.informal_support if household else ()) if s.id == r.id), None
        )
        who = support.supporter_name if support and support.supporter_name else "iemand die u kent"
        out.append(Block("p", f"Uw regisseur is {who}. {intro}"))
        return out
    prof = next((p for p in (household.professionals if household else ()) if p.id == r.id), None)
    if prof is None:
        out.append(Block("p", intro))
        return out
    out.append(Block("p", f"Uw regisseur is {names.professional(prof)}. {intro}"))
    contact = []
    if prof.phone:
        contact.append(f"Bellen: {prof.phone}")
    if prof.email:
        contact.append(f"Mailen: {prof.email}")
    if contact:
        out.append(Block("ul", items=contact))
    return out


def _changes(previous: Plan, plan: Plan, names: _Names) -> list[Block]:
    before = {g.id: g for g in previous.goals}
    after = {g.id: g for g in plan.goals}
    items = [
        f"Nieuw: {EVERYDAY_DOMAINS[g.leefgebied]}." for gid, g in after.items() if gid not in before
    ]
    items += [
        f"Klaar of gestopt: {EVERYDAY_DOMAINS[g.leefgebied]}."
        for gid, g in before.items()
        if gid not in after
    ]
    items += [
        f"We zijn nu bezig met: {EVERYDAY_DOMAINS[g.leefgebied]}."
        for gid, g in after.items()
        if gid in before and before[gid].status == "later" and g.status == "actief"
    ]
    if (previous.regisseur and plan.regisseur) and previous.regisseur.id != plan.regisseur.id:
        items.append("U heeft een nieuwe regisseur.")
    old = {(a.letter, a.deadline, a.members) for a in previous.transitions}
    items += [
        f"Nieuwe afspraak: {_fill(a.letter, a, names) if a.letter else a.text}"
        for a in plan.transitions
        if (a.letter, a.deadline, a.members) not in old
    ]
    out = [Block("h2", "Wat is er veranderd?")]
    out.append(Block("ul", items=items or ["Er is niets veranderd sinds de vorige versie."]))
    return out


def _agreement(
    plan: Plan, household: Household | None, names: _Names, version: int | None
) -> list[Block]:
    which = f"versie {version} van " if version is not None else ""
    out = [Block("h2", "Akkoord van het huishouden")]
    out.append(
        Block(
            "p",
            f"Wij hebben dit plan samen gemaakt. Wij zijn het eens met {which}dit plan "
            f"van {dutch_date(plan.peildatum)}.",
        )
    )
    adults = [m for m in (household.members if household else ()) if m.age(plan.peildatum) >= 18]
    lines = [_signature(m, names) for m in adults]
    out.append(Block("ul", items=lines or ["Handtekening ______________  datum ________"]))
    return out


def _signature(member: Member, names: _Names) -> str:
    """The signature line of an adult: the curator signs for a member under curatele; a
    bewindvoerder or mentor signs along for money or care matters."""
    name = names.member(member.id)
    line = "handtekening ______________  datum ________"
    if member.under_curatele:
        return f"Voor {name}, de curator: {line}"
    measures = member.measures()
    also = [
        word
        for kind, word in (
            (RepresentationKind.BEWIND, "de bewindvoerder (voor geld)"),
            (RepresentationKind.MENTORSCHAP, "de mentor (voor zorg)"),
        )
        if kind in measures
    ]
    if also:
        return f"{name}: {line}. Tekent mee: {' en '.join(also)}: {line}"
    return f"{name}: {line}"


def render_letter_markdown(
    plan: Plan,
    household: Household | None = None,
    *,
    version: int | None = None,
    previous: Plan | None = None,
) -> str:
    """The household's letter as Markdown (names, plain Dutch, no engine words)."""
    lines: list[str] = []
    for b in letter_blocks(plan, household, version=version, previous=previous):
        if b.kind in ("h1", "h2", "h3"):
            lines += [f"{'#' * int(b.kind[1])} {b.text}", ""]
        elif b.kind == "p":
            lines += [b.text, ""]
        elif b.kind == "ul":
            lines += [f"- {item}" for item in b.items] + [""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:Verdana,Arial,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;"
    "line-height:1.6;font-size:13pt;color:#1b1b1b;background:#fff}"
    "h1,h2,h3{color:#14213d;line-height:1.3}"
    "section{border-left:.35em solid #14213d;padding:.1em 1em;margin:1.2em 0}"
    "li{margin:.35em 0}"
    "@media print{body{margin:0;max-width:none;font-size:12pt}"
    "section{break-inside:avoid;page-break-inside:avoid}h2{break-after:avoid}}"
)


def render_letter_html(
    plan: Plan,
    household: Household | None = None,
    *,
    version: int | None = None,
    previous: Plan | None = None,
) -> str:
    """The household's letter as one standalone, printable, accessible HTML page."""
    body: list[str] = []
    blocks = letter_blocks(plan, household, version=version, previous=previous)
    for b in blocks:
        text = html.escape(b.text)
        if b.kind in ("h1", "h2", "h3"):
            body.append(f"<{b.kind}>{text}</{b.kind}>")
        elif b.kind == "p":
            body.append(f"<p>{text}</p>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "section":
            body.append("<section>")
        elif b.kind == "end":
            body.append("</section>")
    title = html.escape(next(b.text for b in blocks if b.kind == "h1"))
    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + "\n</main>\n</body>\n</html>\n"
    )


def letter_text(blocks: Sequence[Block]) -> str:
    """The letter's own words as plain text, without the household's quoted words (for
    the readability measure)."""
    parts: list[str] = []
    for b in blocks:
        if b.kind == "p" and b.text.startswith("In uw eigen woorden:"):
            continue
        if b.kind in ("h1", "h2", "h3", "p"):
            parts.append(b.text if b.text.endswith((".", "?", "!", ":")) else b.text + ".")
        elif b.kind == "ul":
            parts += [i if i.endswith((".", "?", "!")) else i + "." for i in b.items]
    return "\n".join(parts)
