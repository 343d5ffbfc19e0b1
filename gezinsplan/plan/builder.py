"""Build one prioritized plan per household (docs/plan.md explains the order).

Order of goals: safety first whenever a safety signal exists; then bestaanszekerheid
(Financiën, Huisvesting); then the household's own ranking; ties by the lower ZRM score,
then the nearest deadline, then the goal id. At most ``plan.max_actieve_doelen`` goals
are active, the rest wait. Every ordering and choice carries its explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from gezinsplan.errors import PlanError
from gezinsplan.model.enums import LEEFGEBIED_LABELS, Desk, Leefgebied, ProvisionKind, Wet
from gezinsplan.model.household import Household, Professional
from gezinsplan.plan.model import Action, Goal, Plan, PlanOutcome, Regisseur, SupportLevel
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.ruleset import RuleSet, default_rules, ruleset_by_version
from gezinsplan.signal import Category, Signal

__all__ = ["PlanPolicy", "build_plan"]

_SAFETY_DOMAINS = {Leefgebied.VEILIGHEID, Leefgebied.HUISELIJKE_RELATIES}
_INCOME_DOMAINS = {Leefgebied.FINANCIEN, Leefgebied.HUISVESTING}
_DESK_WET = {
    Desk.WMO: Wet.WMO,
    Desk.JEUGD: Wet.JEUGDWET,
    Desk.PARTICIPATIE: Wet.PARTICIPATIEWET,
    Desk.ONDERWIJS: Wet.ONDERWIJS,
    Desk.SCHULDHULP: Wet.WGS,
    Desk.VEILIG_THUIS: Wet.WMO,
    Desk.CENTRALE_TOEGANG: Wet.WMO,
    Desk.HUISARTS: Wet.ZVW,
}
_PRODUCT_DOMAIN = {
    "jeugdhulp_ambulant": Leefgebied.OPVOEDING,
    "jeugd_ggz": Leefgebied.GEESTELIJKE_GEZONDHEID,
    "ggz_volwassenen": Leefgebied.GEESTELIJKE_GEZONDHEID,
    "begeleiding": Leefgebied.GEESTELIJKE_GEZONDHEID,
    "pleegzorg": Leefgebied.HUISVESTING,
    "huishoudelijke_hulp": Leefgebied.INSTRUMENTELE_ADL,
    "woningaanpassing": Leefgebied.BASALE_ADL,
    "hulpmiddel": Leefgebied.BASALE_ADL,
    "wijkverpleging": Leefgebied.BASALE_ADL,
    "bijstand": Leefgebied.FINANCIEN,
    "bijzondere_bijstand": Leefgebied.FINANCIEN,
    "schuldhulpverlening": Leefgebied.FINANCIEN,
    "reintegratie": Leefgebied.WERK_OPLEIDING,
    "arbeidsmatige_dagbesteding": Leefgebied.TIJDSBESTEDING,
    "dagbesteding": Leefgebied.TIJDSBESTEDING,
    "leerlingenvervoer": Leefgebied.WERK_OPLEIDING,
    "onderwijsondersteuning": Leefgebied.WERK_OPLEIDING,
    "beschermd_wonen": Leefgebied.HUISVESTING,
}
_KIND_LEVEL = {
    ProvisionKind.ALGEMENE_VOORZIENING: SupportLevel.ALGEMENE_VOORZIENING,
    ProvisionKind.UITKERING: SupportLevel.LICHTE_ONDERSTEUNING,
    ProvisionKind.MAATWERKVOORZIENING: SupportLevel.MAATWERK,
    ProvisionKind.PGB: SupportLevel.MAATWERK,
    ProvisionKind.VERBLIJF: SupportLevel.SPECIALISTISCH,
}


def _add_months(d: date, months: int) -> date:
    year, month = divmod(d.month - 1 + months, 12)
    target = date(d.year + year, month + 1, 1)
    day = min(d.day, 28)
    try:
        return target.replace(day=d.day)
    except ValueError:
        return target.replace(day=day)


def _label(lg: Leefgebied) -> str:
    return LEEFGEBIED_LABELS[lg]


@dataclass
class _Draft:
    id: str
    leefgebied: Leefgebied
    members: tuple[str, ...]
    title: str
    own_words: str
    basis: Literal["veiligheid", "bestaanszekerheid", "eigen_prioriteit"]
    priority: int | None
    desk: Desk | None
    signals: list[str]


def _drafts(household: Household, signals: Sequence[Signal]) -> list[_Draft]:
    drafts: list[_Draft] = []
    safety = [s for s in signals if s.category is Category.VEILIGHEID]
    income = [s for s in signals if s.category is Category.BESTAANSZEKERHEID]
    safety_question = next(
        (q for q in household.questions if q.leefgebied in _SAFETY_DOMAINS), None
    )
    if safety:
        members = sorted(
            {m for s in safety for m in s.members} or {m.id for m in household.members}
        )
        drafts.append(
            _Draft(
                id="doel-veiligheid",
                leefgebied=Leefgebied.VEILIGHEID,
                members=tuple(members),
                title="Iedereen is thuis veilig",
                own_words=safety_question.own_words if safety_question else "",
                basis="veiligheid",
                priority=safety_question.priority if safety_question else None,
                desk=safety_question.desk if safety_question else None,
                signals=sorted({s.rule_id for s in safety}),
            )
        )
    for q in household.questions:
        if safety and q is safety_question:
            continue
        basis: Literal["bestaanszekerheid", "eigen_prioriteit"] = (
            "bestaanszekerheid" if q.leefgebied in _INCOME_DOMAINS else "eigen_prioriteit"
        )
        drafts.append(
            _Draft(
                id=f"doel-{q.id}",
                leefgebied=q.leefgebied,
                members=q.members,
                title=f"{_label(q.leefgebied)}: de vraag van het huishouden",
                own_words=q.own_words,
                basis=basis,
                priority=q.priority,
                desk=q.desk,
                signals=sorted({s.rule_id for s in signals if s.leefgebied is q.leefgebied}),
            )
        )
    covered = {d.leefgebied for d in drafts}
    for s in income:
        if s.leefgebied is not None and s.leefgebied not in covered:
            covered.add(s.leefgebied)
            drafts.append(
                _Draft(
                    id=f"doel-{s.leefgebied.value}",
                    leefgebied=s.leefgebied,
                    members=s.members,
                    title=f"{_label(s.leefgebied)}: bestaanszekerheid eerst",
                    own_words="",
                    basis="bestaanszekerheid",
                    priority=None,
                    desk=None,
                    signals=[s.rule_id],
                )
            )
    return drafts


def _actions(household: Household, draft: _Draft, peildatum: date) -> tuple[Action, ...]:
    actions = [
        Action(
            actor="huishouden",
            level=SupportLevel.EIGEN_KRACHT,
            text="U bedenkt wat u zelf al kunt doen en wat u als eerste wilt bereiken.",
            wet=Wet.GEEN,
        )
    ]
    for s in household.informal_support:
        if set(s.supports) & set(draft.members):
            actions.append(
                Action(
                    actor="netwerk",
                    actor_id=s.id,
                    level=SupportLevel.NETWERK,
                    text=f"Uw {s.kind.value} helpt mee; spreek samen af wat hij of zij doet.",
                    wet=Wet.GEEN,
                )
            )
    for p in household.active_provisions(peildatum):
        if p.member in draft.members and _PRODUCT_DOMAIN.get(p.product.value) == draft.leefgebied:
            actions.append(
                Action(
                    actor="professional",
                    actor_id=p.provider,
                    level=_KIND_LEVEL[p.kind],
                    text=f"De hulp die er al is ({p.product.value.replace('_', ' ')}) gaat door "
                    "en sluit aan op dit doel.",
                    wet=p.wet,
                )
            )
    if not any(a.actor == "professional" for a in actions):
        wet = _DESK_WET.get(draft.desk, Wet.WMO) if draft.desk else Wet.WMO
        if draft.basis == "veiligheid":
            level, text, wet = (
                SupportLevel.SPECIALISTISCH,
                "De regisseur zet de stappen van de Meldcode en maakt een veiligheidsplan met u.",
                Wet.WMO,
            )
        elif draft.basis == "bestaanszekerheid":
            level, text = (
                SupportLevel.LICHTE_ONDERSTEUNING,
                "De regisseur regelt snel hulp bij geld of wonen.",
            )
        else:
            level, text = (
                SupportLevel.LICHTE_ONDERSTEUNING,
                "De regisseur zoekt samen met u de lichtste hulp die past.",
            )
        actions.append(Action(actor="regisseur", level=level, text=text, wet=wet))
    return tuple(sorted(actions, key=lambda a: (a.level.rank, a.actor, a.actor_id or "")))


def _centrality(prof: Professional, household: Household) -> int:
    mine = set(prof.collaborates_with)
    others = {p.id for p in household.professionals if prof.id in p.collaborates_with}
    return len(mine | others)


def _choose_regisseur(household: Household, goals: Sequence[Goal], safety: bool) -> Regisseur:
    rc = household.regisseur_choice
    if rc is not None and not (safety and rc.kind != "professional"):
        return Regisseur(
            kind=rc.kind, id=rc.id, reason="Het huishouden heeft zelf voor deze regisseur gekozen."
        )
    candidates = list(household.professionals)
    why_safety = ""
    if safety:
        strong = [p for p in candidates if p.doorzettingsmacht]
        if strong:
            candidates = strong
            why_safety = "De veiligheid is in het geding: de regisseur heeft doorzettingsmacht. "
    if not candidates:
        return Regisseur(
            kind="toegang",
            id="centrale-toegang",
            reason="Er is nog geen professional betrokken: de centrale toegang "
            "wijst een regisseur aan.",
        )

    def score(p: Professional) -> tuple[int, int, int, str]:
        goals_served = sum(1 for g in goals if set(g.members) & set(p.serves))
        return (-len(set(p.serves)), -goals_served, -_centrality(p, household), p.id)

    best = min(candidates, key=score)
    members, goals_served, central, _ = score(best)
    return Regisseur(
        kind="professional",
        id=best.id,
        reason=f"{why_safety}Deze professional is het meest betrokken ({-members} leden, "
        f"{-goals_served} doelen) en werkt samen met {-central} anderen.",
    )


def _policy_for(signals: Sequence[Signal], peildatum: date, rules: RuleSet | None) -> PlanPolicy:
    versions = {s.rules_version for s in signals}
    if len(versions) > 1:
        raise PlanError(
            f"the signals come from {len(versions)} different rule sets: "
            "assess with one rule set per plan"
        )
    version = next(iter(versions), None)
    if rules is not None:
        if version and version != rules.version:
            raise PlanError(
                f"the signals come from rule set {version[:12]}, not from "
                f"the rule set {rules.version[:12]} given to plan with"
            )
        return rules.plan_policy(peildatum)
    if version:
        found = ruleset_by_version(version)
        if found is None:
            raise PlanError(
                f"the rule set {version[:12]} that produced these signals is no longer "
                "loaded: pass rules= (or policy=) to build_plan"
            )
        return found.plan_policy(peildatum)
    if signals:
        raise PlanError(
            "these signals name no rule set (built by hand or read from an old file): "
            "pass rules= (or policy=) to build_plan"
        )
    return default_rules().plan_policy(peildatum)


def build_plan(
    household: Household,
    signals: Sequence[Signal],
    peildatum: date,
    policy: PlanPolicy | None = None,
    *,
    rules: RuleSet | None = None,
) -> Plan:
    """One plan for ``household`` from its ``signals`` at ``peildatum`` (deterministic).

    The plan policy (``plan.*`` parameters) comes from, in this order: ``policy`` when
    given; the rule set ``rules``; the rule set that produced the signals (each signal
    carries its rule set's version); the shipped catalogue when there are no signals.
    Signals of two rule sets, or signals whose rule set is not ``rules``, are refused
    with :class:`PlanError`: a plan never mixes one rule set's signals with another's
    parameters. Nothing is read from disk per call.
    """
    household.check_peildatum(peildatum)
    if policy is None:
        policy = _policy_for(signals, peildatum, rules)
    if not household.questions and not signals:
        return Plan(
            household_id=household.id,
            peildatum=peildatum,
            outcome=PlanOutcome.GEEN_VRAAG,
            explanations=("Er is geen ondersteuningsvraag.",),
        )
    safety = any(s.category is Category.VEILIGHEID for s in signals)
    single = any(s.rule_id == "triage.enkelvoudig" for s in signals) and not safety
    latest = household.latest_scores(peildatum)
    deadlines: dict[str, date] = {}
    for s in signals:
        if s.deadline is not None:
            for m in s.members:
                deadlines[m] = min(deadlines.get(m, s.deadline), s.deadline)

    drafts = _drafts(household, signals)
    basis_rank = {"veiligheid": 0, "bestaanszekerheid": 1, "eigen_prioriteit": 2}

    def key(d: _Draft) -> tuple[int, int, int, date, str]:
        scores = [
            a.score
            for (m, lg), a in latest.items()
            if lg is d.leefgebied and (m is None or m in d.members)
        ]
        nearest = min((deadlines[m] for m in d.members if m in deadlines), default=date.max)
        return (basis_rank[d.basis], d.priority or 99, min(scores, default=6), nearest, d.id)

    ordered = sorted(drafts, key=key)
    goals: list[Goal] = []
    for index, d in enumerate(ordered):
        active = index < policy.max_active_goals
        reason = {
            "veiligheid": "Veiligheid gaat altijd voor.",
            "bestaanszekerheid": "Bestaanszekerheid (geld en wonen) komt direct na veiligheid.",
            "eigen_prioriteit": (
                f"Uw eigen volgorde: prioriteit {d.priority}."
                if d.priority
                else "Geen eigen prioriteit opgegeven: na de doelen met prioriteit."
            ),
        }[d.basis]
        if not active:
            reason += (
                f" Dit doel wacht: er zijn hoogstens {policy.max_active_goals} doelen "
                "tegelijk actief (parameter plan.max_actieve_doelen)."
            )
        goals.append(
            Goal(
                id=d.id,
                leefgebied=d.leefgebied,
                members=tuple(d.members),
                title=d.title,
                own_words=d.own_words,
                basis=d.basis,
                status="actief" if active else "later",
                reason=reason,
                actions=_actions(household, d, peildatum),
                signals=tuple(d.signals),
            )
        )
    transitions = tuple(
        sorted(
            (
                Action(
                    actor="regisseur",
                    level=SupportLevel.LICHTE_ONDERSTEUNING,
                    text=s.message,
                    wet=Wet.JEUGDWET,
                    deadline=s.deadline,
                )
                for s in signals
                if s.category is Category.TRANSITIE and s.deadline is not None
            ),
            key=lambda a: (a.deadline or date.max, a.text),
        )
    )
    if safety:
        evaluation = peildatum + timedelta(days=policy.evaluation_days_safety)
        why_eval = (
            f"Evaluatie na {policy.evaluation_days_safety} dagen omdat de veiligheid "
            "in het geding is (parameter plan.evaluatie_dagen_veiligheid)."
        )
    else:
        evaluation = _add_months(peildatum, policy.evaluation_months)
        why_eval = (
            f"Evaluatie na {policy.evaluation_months} maanden (parameter plan.evaluatie_maanden)."
        )
    if single:
        return Plan(
            household_id=household.id,
            peildatum=peildatum,
            outcome=PlanOutcome.KORTE_CHECK,
            goals=tuple(goals),
            transitions=transitions,
            evaluation_date=evaluation,
            explanations=(
                "Eén vraag op één leefgebied (regel triage.enkelvoudig): een korte "
                "check, geen groot plan.",
                why_eval,
            ),
        )
    regisseur = _choose_regisseur(household, goals, safety)
    explanations = [
        "Volgorde: eerst veiligheid, dan bestaanszekerheid, dan uw eigen volgorde; bij "
        "gelijke stand het laagste ZRM-cijfer, dan de dichtstbijzijnde deadline.",
        why_eval,
    ]
    return Plan(
        household_id=household.id,
        peildatum=peildatum,
        outcome=PlanOutcome.PLAN,
        goals=tuple(goals),
        regisseur=regisseur,
        transitions=transitions,
        evaluation_date=evaluation,
        explanations=tuple(explanations),
    )
