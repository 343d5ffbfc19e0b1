"""Build one prioritized plan per household (docs/plan.md explains the order).

Order of goals: safety first whenever a safety signal exists; then questions the
household marked acuut; then bestaanszekerheid (Financiën, Huisvesting) where it is
needed (a latest ZRM score at or below ``bestaanszekerheid.probleemscore_grens`` or a
bestaanszekerheid signal); then the household's own ranking; ties by the lower ZRM score,
then the nearest deadline, then the goal id. At most ``plan.max_actieve_doelen`` goals
are active, one of them the household's own first priority; the rest wait. Every
ordering and choice carries its explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from gezinsplan.errors import PlanError
from gezinsplan.model.dates import add_months
from gezinsplan.model.domain import PRODUCT_LEEFGEBIED, wet_for_new_help
from gezinsplan.model.enums import (
    LEEFGEBIED_LABELS,
    CareRole,
    Desk,
    Leefgebied,
    Product,
    ProvisionKind,
    RepresentationKind,
    Urgency,
    Wet,
)
from gezinsplan.model.household import Household, Professional, Provision
from gezinsplan.plan.model import Action, Goal, Plan, PlanOutcome, Regisseur, SupportLevel
from gezinsplan.rules.explain import count_phrase
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.ruleset import RuleSet, default_rules, ruleset_by_version
from gezinsplan.rules.terms import CALENDAR_PARAMETER, calendar_from_params
from gezinsplan.signal import Category, Owner, Severity, Signal

__all__ = ["PlanPolicy", "build_plan", "household_lead", "plan_outcome", "rule_actions"]

_SAFETY_DOMAINS = {Leefgebied.VEILIGHEID, Leefgebied.HUISELIJKE_RELATIES}
_INCOME_DOMAINS = {Leefgebied.FINANCIEN, Leefgebied.HUISVESTING}
_KIND_LEVEL = {
    ProvisionKind.ALGEMENE_VOORZIENING: SupportLevel.ALGEMENE_VOORZIENING,
    ProvisionKind.UITKERING: SupportLevel.LICHTE_ONDERSTEUNING,
    ProvisionKind.MAATWERKVOORZIENING: SupportLevel.MAATWERK,
    ProvisionKind.PGB: SupportLevel.MAATWERK,
    ProvisionKind.VERBLIJF: SupportLevel.SPECIALISTISCH,
}


def _label(lg: Leefgebied) -> str:
    return LEEFGEBIED_LABELS[lg]


@dataclass
class _Draft:
    id: str
    leefgebied: Leefgebied
    members: tuple[str, ...]
    title: str
    own_words: str
    basis: Basis
    priority: int | None
    desk: Desk | None
    signals: list[str]
    asks_for: Product | None = None


Basis = Literal["veiligheid", "acuut", "bestaanszekerheid", "eigen_prioriteit"]
_BASIS_RANK = {"veiligheid": 0, "acuut": 1, "bestaanszekerheid": 2, "eigen_prioriteit": 3}
_BASIS_REASON = {
    "veiligheid": "Veiligheid gaat altijd voor.",
    "acuut": "U gaf aan dat dit acuut is: het komt direct na veiligheid.",
    "bestaanszekerheid": "Bestaanszekerheid (geld en wonen) komt direct na veiligheid: "
    "hier is het nu nodig.",
}
"""Why a goal has its place, for every basis but the household's own priority."""
COMPLEX_RULES = ("triage.complex", "triage.veel_professionals")
"""Rules after which a household never gets a korte check and a professional leads."""
CLIENTONDERSTEUNING = (
    "U kunt gratis hulp krijgen van een cliëntondersteuner. Die werkt niet voor de "
    "gemeente. Die helpt u bij de gesprekken en bij dit plan."
)
"""The offer of onafhankelijke cliëntondersteuning, in plain Dutch: the college sees to it
that it is available (Wmo 2015 art. 2.2.4 lid 1), free of charge (art. 2.1.4 lid 5), and
points the client to it before the onderzoek (art. 2.3.2 lid 3)."""


def _income_needed(
    household: Household,
    signals: Sequence[Signal],
    peildatum: date,
    policy: PlanPolicy,
) -> set[Leefgebied]:
    """Financiën/huisvesting where bestaanszekerheid goes first: a low latest ZRM score
    (``bestaanszekerheid.probleemscore_grens``) or a serious (high, critical)
    bestaanszekerheid signal such as an eviction threat."""
    low = {
        lg
        for (_, lg), a in household.latest_scores(peildatum).items()
        if lg in _INCOME_DOMAINS and a.score <= policy.income_score_max
    }
    flagged = {
        s.leefgebied
        for s in signals
        if s.category is Category.BESTAANSZEKERHEID
        and s.leefgebied in _INCOME_DOMAINS
        and s.severity.rank >= Severity.HIGH.rank
    }
    return low | {lg for lg in flagged if lg is not None}


def _drafts(
    household: Household, signals: Sequence[Signal], income_needed: set[Leefgebied]
) -> list[_Draft]:
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
        basis: Basis = "eigen_prioriteit"
        if q.urgency is Urgency.ACUUT:
            basis = "acuut"
        elif q.leefgebied in income_needed:
            basis = "bestaanszekerheid"
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
                asks_for=q.asks_for,
            )
        )
    covered = {d.leefgebied for d in drafts}
    everyone = tuple(m.id for m in household.members)
    for s in income:
        if s.leefgebied is not None and s.leefgebied not in covered:
            covered.add(s.leefgebied)
            first = s.leefgebied in income_needed
            drafts.append(
                _Draft(
                    id=f"doel-{s.leefgebied.value}",
                    leefgebied=s.leefgebied,
                    members=s.members or everyone,
                    title=f"{_label(s.leefgebied)}: "
                    + ("bestaanszekerheid eerst" if first else "rondkomen"),
                    own_words="",
                    basis="bestaanszekerheid" if first else "eigen_prioriteit",
                    priority=None,
                    desk=None,
                    signals=[s.rule_id],
                )
            )
    return drafts


_LAW_WET = {
    "wmo2015": Wet.WMO,
    "jeugdwet": Wet.JEUGDWET,
    "participatiewet": Wet.PARTICIPATIEWET,
    "wgs": Wet.WGS,
    "leerplichtwet": Wet.ONDERWIJS,
    "web": Wet.ONDERWIJS,
    "wsf2000": Wet.ONDERWIJS,
    "zvw": Wet.ZVW,
    "wlz": Wet.WLZ,
    "akw": Wet.TOESLAGEN,
    "wkgb": Wet.TOESLAGEN,
    "wzt": Wet.TOESLAGEN,
    "awir": Wet.TOESLAGEN,
    "wi2021": Wet.INBURGERING,
}
"""The plan's Wet (who funds it) of a law an action falls under; other laws (BW, Wajong,
Wet tijdelijk huisverbod …) fund nothing in the social domain: ``geen``."""
_OWNER_ACTOR: dict[Owner, Literal["huishouden", "regisseur", "professional"]] = {
    Owner.HUISHOUDEN: "huishouden",
    Owner.GEMEENTE: "regisseur",
}


def rule_actions(signal: Signal, protected: frozenset[str] = frozenset()) -> list[Action]:
    """The actions the signal's rule declares, as plan actions with their due dates.

    ``protected``: the members under a child protection order (an active
    ``jeugdbescherming`` provision). The safety of such a child lies with the
    gecertificeerde instelling that carries out the measure (Jeugdwet art. 3.5 lid 1), so a
    safety action the rule gives the gemeente goes to the jeugdbeschermer.
    """
    out = []
    for a in signal.actions:
        owner = a.owner
        if (
            signal.category is Category.VEILIGHEID
            and owner is Owner.GEMEENTE
            and protected
            and (not signal.members or set(signal.members) & protected)
        ):
            owner = Owner.GECERTIFICEERDE_INSTELLING
        actor = _OWNER_ACTOR.get(owner, "professional")
        if actor == "huishouden":
            level = SupportLevel.EIGEN_KRACHT
        elif signal.category is Category.VEILIGHEID:
            level = SupportLevel.SPECIALISTISCH
        else:
            level = SupportLevel.LICHTE_ONDERSTEUNING
        out.append(
            Action(
                actor=actor,
                level=level,
                text=a.text,
                wet=_LAW_WET.get(a.law, Wet.GEEN),
                deadline=a.due,
                overdue_since=a.overdue_since,
                missed_term=a.missed_term,
                members=signal.members,
                letter=a.letter,
                owner=owner,
                basis=a.basis,
                rule_id=signal.rule_id,
                action_id=a.id,
            )
        )
    return out


def _merge(actions: Sequence[Action]) -> list[Action]:
    """One action per rule, action and date: a rule that fires for two members (or two
    pairs) asks for the same work once, for all of them."""
    merged: dict[tuple[object, ...], Action] = {}
    out: list[Action] = []
    for a in actions:
        if a.rule_id is None or a.action_id is None:
            out.append(a)
            continue
        key = (a.rule_id, a.action_id, a.deadline, a.overdue_since, a.missed_term)
        if key in merged:
            first = merged[key]
            members = tuple(sorted(set(first.members) | set(a.members)))
            merged[key] = first.model_copy(update={"members": members})
        else:
            merged[key] = a
    return out + list(merged.values())


def _schedule_key(a: Action) -> tuple[date, str, str]:
    return (a.deadline or date.max, a.rule_id or "", a.text)


def _actions(
    household: Household,
    draft: _Draft,
    peildatum: date,
    declared: Sequence[Action],
    active: Sequence[Provision],
) -> tuple[Action, ...]:
    """The goal's actions; ``active``: the household's provisions running on
    ``peildatum``."""
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
    for p in active:
        if p.member in draft.members and PRODUCT_LEEFGEBIED.get(p.product) == draft.leefgebied:
            actions.append(
                Action(
                    actor="professional",
                    actor_id=p.provider,
                    level=_KIND_LEVEL[p.kind],
                    text=f"De hulp die er al is ({p.product.value.replace('_', ' ')}) gaat door "
                    "en sluit aan op dit doel.",
                    wet=p.wet,
                    product=p.product,
                )
            )
    actions += declared
    if not declared and not any(a.actor == "professional" for a in actions):
        minor = all(household.member(m).age(peildatum) < 18 for m in draft.members)
        wet = wet_for_new_help(draft.leefgebied, draft.asks_for, minor)
        if draft.basis == "veiligheid":
            level, text, wet = (
                SupportLevel.SPECIALISTISCH,
                "De regisseur zet de stappen van de Meldcode en maakt een veiligheidsplan met u.",
                Wet.WMO,  # Veilig Thuis: Wmo 2015 art. 4.1.1; the Meldcode: art. 3.3
            )
        elif draft.basis == "acuut":
            level, text = (
                SupportLevel.SPECIALISTISCH,
                "Dit is acuut: de regisseur regelt vandaag nog hulp.",
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
    return tuple(
        sorted(
            actions,
            key=lambda a: (a.level.rank, a.actor, a.actor_id or "", *_schedule_key(a)),
        )
    )


def _centrality(prof: Professional, household: Household) -> int:
    mine = set(prof.collaborates_with)
    others = {p.id for p in household.professionals if prof.id in p.collaborates_with}
    return len(mine | others)


def household_lead(household: Household, peildatum: date) -> str | None:
    """The adult member who keeps the regie: the first adult with a question, else the
    first adult; None when no adult can.

    Only curatele takes the regie away (the curator acts for the member, BW 1:381 and
    1:386). Under beschermingsbewind (money matters, BW 1:431) or mentorschap (care
    matters, BW 1:450) the member keeps the regie for everything the measure does not
    cover; so does an adult who may later need a representative but has none yet. An adult
    without a measure is preferred.
    """
    adults = [m for m in household.members if m.age(peildatum) >= 18 and not m.under_curatele]
    asking = {mid for q in household.questions for mid in q.members}
    adults.sort(key=lambda m: (m.id not in asking, bool(m.measures()) or m.needs_representation))
    return adults[0].id if adults else None


_MEASURE_WORDS = {
    RepresentationKind.BEWIND: "de bewindvoerder beslist mee over geld (BW 1:431 en 1:441)",
    RepresentationKind.MENTORSCHAP: (
        "de mentor beslist mee over zorg en begeleiding (BW 1:450 en 1:454)"
    ),
}


def _lead_reason(household: Household, lead: str) -> str:
    reason = (
        "De regie blijft bij uzelf: u houdt het overzicht over het plan en "
        "beslist mee over elke stap. Een professional helpt als u dat vraagt."
    )
    measures = sorted(household.member(lead).measures() & set(_MEASURE_WORDS))
    if measures:
        reason += (
            " Er is "
            + " en ".join(m.value for m in measures)
            + ": "
            + "; ".join(_MEASURE_WORDS[m] for m in measures)
            + ". Voor al het andere houdt u zelf de regie."
        )
    return reason


def _choose_regisseur(
    household: Household,
    goals: Sequence[Goal],
    peildatum: date,
    *,
    safety: bool,
    complex_case: bool,
) -> Regisseur:
    protected = {
        p.member
        for p in household.active_provisions(peildatum)
        if p.product is Product.JEUGDBESCHERMING
    }
    guardians = sorted(
        (p for p in household.professionals if p.role is CareRole.JEUGDBESCHERMER),
        key=lambda p: (-len(set(p.serves) & protected), p.id),
    )
    if protected and guardians and set(guardians[0].serves) & protected:
        return Regisseur(
            kind="professional",
            id=guardians[0].id,
            reason="Er is een kinderbeschermingsmaatregel: de jeugdbeschermer (gezinsvoogd) "
            "voert die uit, bepaalt welke jeugdhulp nodig is en heeft daarom de regie over het "
            "plan (Jeugdwet artikel 3.5, eerste lid). Bij een ondertoezichtstelling biedt de "
            "jeugdbeschermer eerst de kans om met familie en netwerk een familiegroepsplan te "
            "maken (Jeugdwet artikel 4.1.2).",
        )
    rc = household.regisseur_choice
    if rc is not None and not (safety and rc.kind != "professional"):
        return Regisseur(
            kind=rc.kind, id=rc.id, reason="Het huishouden heeft zelf voor deze regisseur gekozen."
        )
    lead = household_lead(household, peildatum)
    if lead is not None and not safety and not complex_case:
        return Regisseur(kind="member", id=lead, reason=_lead_reason(household, lead))
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
        reason=f"{why_safety}Deze professional is het meest betrokken "
        f"({count_phrase(-members, 'lid', 'leden')}, "
        f"{count_phrase(-goals_served, 'doel', 'doelen')}) "
        f"en werkt samen met {count_phrase(-central, 'ander', 'anderen')}.",
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


def plan_outcome(
    signals: Iterable[tuple[str, Category | str]], *, questions: bool, acute: bool
) -> PlanOutcome:
    """What :func:`build_plan` will decide, from the signals' ``(rule id, category)`` and
    whether the household has questions, and an acute one.

    No questions and no signals: no question. ``triage.enkelvoudig`` without a safety
    signal, an acute question or a complex household: a korte check. Otherwise a full
    plan. Whole-caseload analyses use it to know which households need a plan without
    building them all.
    """
    pairs = [(rule_id, Category(category)) for rule_id, category in signals]
    if not questions and not pairs:
        return PlanOutcome.GEEN_VRAAG
    single = (
        any(rule_id == "triage.enkelvoudig" for rule_id, _ in pairs)
        and not any(c is Category.VEILIGHEID for _, c in pairs)
        and not acute
        and not any(rule_id in COMPLEX_RULES for rule_id, _ in pairs)
    )
    return PlanOutcome.KORTE_CHECK if single else PlanOutcome.PLAN


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
    acute = any(q.urgency is Urgency.ACUUT for q in household.questions)
    complex_case = any(s.rule_id in COMPLEX_RULES for s in signals)
    single = (
        plan_outcome(
            [(s.rule_id, s.category) for s in signals],
            questions=bool(household.questions),
            acute=acute,
        )
        is PlanOutcome.KORTE_CHECK
    )
    latest = household.latest_scores(peildatum)
    deadlines: dict[str, date] = {}
    for s in signals:
        if s.deadline is not None:
            for m in s.members:
                deadlines[m] = min(deadlines.get(m, s.deadline), s.deadline)

    drafts = _drafts(household, signals, _income_needed(household, signals, peildatum, policy))

    def key(d: _Draft) -> tuple[int, int, int, date, str]:
        scores = [
            a.score
            for (m, lg), a in latest.items()
            if lg is d.leefgebied and (m is None or m in d.members)
        ]
        nearest = min((deadlines[m] for m in d.members if m in deadlines), default=date.max)
        return (_BASIS_RANK[d.basis], d.priority or 99, min(scores, default=6), nearest, d.id)

    ordered = sorted(drafts, key=key)
    active_ids = _active_goals(ordered, policy.max_active_goals)
    active_provisions = list(household.active_provisions(peildatum))
    protected = frozenset(
        p.member for p in active_provisions if p.product is Product.JEUGDBESCHERMING
    )
    goals: list[Goal] = []
    # a declared action goes under the first goal that holds its signal's rule;
    # transitions and the actions of signals no goal holds go to the transitions
    placed: set[int] = set()
    for d in ordered:
        declared: list[Action] = []
        for i, s in enumerate(signals):
            if (
                s.actions
                and i not in placed
                and s.category is not Category.TRANSITIE
                and s.rule_id in d.signals
            ):
                placed.add(i)
                declared += rule_actions(s, protected)
        active = d.id in active_ids
        if d.basis != "eigen_prioriteit":
            reason = _BASIS_REASON[d.basis]
        elif d.priority:
            reason = f"Uw eigen volgorde: prioriteit {d.priority}."
        else:
            reason = "Geen eigen prioriteit opgegeven: na de doelen met prioriteit."
        if not active:
            reason += (
                f" Dit doel wacht: er zijn hoogstens "
                f"{count_phrase(policy.max_active_goals, 'doel', 'doelen')} tegelijk actief "
                "(parameter plan.max_actieve_doelen)."
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
                actions=_actions(household, d, peildatum, _merge(declared), active_provisions),
                signals=tuple(d.signals),
            )
        )
    loose: list[Action] = []
    for i, s in enumerate(signals):
        if i in placed:
            continue
        if s.actions:
            loose += rule_actions(s, protected)
        elif s.category is Category.TRANSITIE and s.deadline is not None:
            loose.append(
                Action(
                    actor="regisseur",
                    level=SupportLevel.LICHTE_ONDERSTEUNING,
                    text=s.message,
                    wet=s.wet or Wet.GEEN,
                    deadline=s.deadline,
                    overdue_since=s.overdue_since,
                    missed_term=s.missed_term,
                    members=s.members,
                    letter=s.letter,
                    rule_id=s.rule_id,
                )
            )
    transitions = tuple(sorted(_merge(loose), key=_schedule_key))
    if safety or acute:
        evaluation = peildatum + timedelta(days=policy.evaluation_days_safety)
        why = "de veiligheid in het geding is" if safety else "er een acute vraag is"
        why_eval = (
            f"Evaluatie na {count_phrase(policy.evaluation_days_safety, 'dag', 'dagen')} "
            f"omdat {why} "
            "(parameter plan.evaluatie_dagen_veiligheid)."
        )
    else:
        evaluation = add_months(peildatum, policy.evaluation_months)
        why_eval = (
            f"Evaluatie na {count_phrase(policy.evaluation_months, 'maand', 'maanden')} "
            "(parameter plan.evaluatie_maanden)."
        )
    # a meeting is planned on a working day: a weekend or public holiday moves it later
    workday = calendar_from_params({CALENDAR_PARAMETER: policy.holidays}).on_or_after(evaluation)
    if workday != evaluation:
        why_eval += (
            f" Die dag ({evaluation.isoformat()}) is geen werkdag: de eerstvolgende werkdag."
        )
        evaluation = workday
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
            notices=(CLIENTONDERSTEUNING,),
        )
    regisseur = _choose_regisseur(
        household, goals, peildatum, safety=safety, complex_case=complex_case
    )
    explanations = [
        "Volgorde: eerst veiligheid, dan wat acuut is, dan bestaanszekerheid waar die nodig "
        "is, dan uw eigen volgorde; bij gelijke stand het laagste ZRM-cijfer, dan de "
        "dichtstbijzijnde deadline. Eén van de actieve doelen is altijd uw eigen eerste "
        "prioriteit.",
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
        notices=(CLIENTONDERSTEUNING,),
    )


def _active_goals(ordered: Sequence[_Draft], max_active: int) -> set[str]:
    """The first ``max_active`` goals, keeping one slot for the household's own first
    priority when safety, acute and bestaanszekerheid goals would fill them all."""
    active = [d.id for d in ordered[:max_active]]
    own = next((d for d in ordered if d.basis == "eigen_prioriteit"), None)
    if own is not None and own.id not in active and max_active >= 2:
        active[-1] = own.id
    return set(active)
