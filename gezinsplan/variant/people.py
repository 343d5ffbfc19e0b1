"""What a plan means for a household, in figures a caseworker and a household recognise.

Per plan: the desks (loketten) the household deals with, the professionals involved, the
days from the peildatum until the first action that is due. Per pair of plans (baseline,
variant): the actions that go, the new ones, the dates that move earlier or later, and
whether the goals' order or status changed. Nothing here holds a date of birth or a
deadline itself: only counts and shifts in days. ``docs/variants.md`` defines each figure.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from gezinsplan.model.enums import Desk, MemberRole, Wet
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Action, Plan

__all__ = [
    "WET_DESK",
    "action_changes",
    "age_band",
    "change_kinds",
    "children_band",
    "desks",
    "first_due_days",
    "plan_figures",
    "professionals",
]

WET_DESK: dict[Wet, Desk] = {
    Wet.WMO: Desk.WMO,
    Wet.JEUGDWET: Desk.JEUGD,
    Wet.PARTICIPATIEWET: Desk.PARTICIPATIE,
    Wet.ONDERWIJS: Desk.ONDERWIJS,
    Wet.WGS: Desk.SCHULDHULP,
}
"""The municipal desk behind an action's law. Zvw, Wlz, toeslagen, inburgering and
``geen`` have no municipal desk of their own here (zorgverzekeraar, CIZ, Belastingdienst;
own strength and network): they add no desk."""

_LEADS = ("professional", "regisseur")
_CHILD_ROLES = (MemberRole.KIND, MemberRole.PLEEGKIND)


def _all_actions(plan: Plan) -> Iterable[tuple[str, Action]]:
    for goal in plan.goals:
        for action in goal.actions:
            yield goal.id, action
    for action in plan.transitions:
        yield "overgang", action


def desks(plan: Plan, household: Household) -> set[str]:
    """The desks (loketten) of a plan: the desk of every support question the plan takes
    up as a goal (``doel-<question id>``; the safety goal takes the desk of the safety
    question it absorbed), plus the desk implied by the law of every action a
    professional or the regisseur does (goals' actions and the transition agreements;
    :data:`WET_DESK`). Own strength and network add none."""
    questions = {f"doel-{q.id}": q.desk for q in household.questions}
    out: set[str] = set()
    for goal in plan.goals:
        if goal.id in questions:
            out.add(questions[goal.id].value)
        elif goal.id == "doel-veiligheid":
            out.update(
                q.desk.value
                for q in household.questions
                if set(q.members) & set(goal.members)
                and q.leefgebied.value in ("veiligheid", "huiselijke_relaties")
            )
    for _, action in _all_actions(plan):
        if action.actor in _LEADS and action.wet in WET_DESK:
            out.add(WET_DESK[action.wet].value)
    return out


def professionals(plan: Plan) -> set[str]:
    """The professionals involved: every distinct ``actor_id`` of an action done by a
    professional (the provider of a provision that continues), plus the regisseur when a
    professional leads. A new action of "the regisseur" adds no one new."""
    out = {a.actor_id for _, a in _all_actions(plan) if a.actor == "professional" and a.actor_id}
    if plan.regisseur is not None and plan.regisseur.kind == "professional":
        out.add(plan.regisseur.id)
    return out


def first_due_days(plan: Plan) -> int | None:
    """Days from the peildatum to the first action with a deadline (negative when it is
    already overdue); None when no action has one."""
    due = [a.deadline for _, a in _all_actions(plan) if a.deadline is not None]
    return (min(due) - plan.peildatum).days if due else None


def _key(goal: str, action: Action) -> tuple[Any, ...]:
    # the letter is the rule's text for the household (no parameter values in it as a
    # rule; the message may quote them), so a moved deadline is the same agreement
    return (
        goal,
        action.actor,
        action.actor_id,
        action.wet.value,
        action.product,
        action.members,
        action.letter or action.text,
    )


def action_changes(before: Plan, after: Plan) -> dict[str, Any]:
    """Actions gone and new (matched by goal, actor, law, product, members and text), and
    for matched actions with a deadline the shifts in days (negative: earlier)."""
    b: dict[tuple[Any, ...], list[Action]] = {}
    a: dict[tuple[Any, ...], list[Action]] = {}
    for goal, action in _all_actions(before):
        b.setdefault(_key(goal, action), []).append(action)
    for goal, action in _all_actions(after):
        a.setdefault(_key(goal, action), []).append(action)
    # only the keys where something changed are ordered (by their text, as always): most
    # of a plan's actions are on both sides, unchanged
    found: list[tuple[str, list[Action], list[Action], list[tuple[Action, int]]]] = []
    for key in set(b) | set(a):
        old = b.get(key, [])
        now = a.get(key, [])
        if len(old) == len(now) == 1 and old[0].deadline == now[0].deadline:
            continue
        old = sorted(old, key=lambda x: x.deadline or date.max)
        now = sorted(now, key=lambda x: x.deadline or date.max)
        moved = [
            (y, (y.deadline - x.deadline).days)
            for x, y in zip(old, now, strict=False)
            if x.deadline is not None and y.deadline is not None and x.deadline != y.deadline
        ]
        if moved or len(old) != len(now):
            found.append((repr(key), old[len(now) :], now[len(old) :], moved))
    gone: list[Action] = []
    new: list[Action] = []
    shifts: list[tuple[Action, int]] = []
    for _, old_only, new_only, moved in sorted(found, key=lambda f: f[0]):
        shifts += moved
        gone += old_only
        new += new_only
    return {"gone": gone, "new": new, "shifts": shifts}


def _goals_changed(before: Plan, after: Plan) -> bool:
    return [(g.id, g.status) for g in before.goals] != [(g.id, g.status) for g in after.goals]


def children_band(household: Household) -> str:
    """The number of children (kind, pleegkind) as a band: 0, 1, 2, 3 or 4+."""
    n = sum(1 for m in household.members if m.role in _CHILD_ROLES)
    return "4+" if n >= 4 else str(n)


def age_band(household: Household, peildatum: date) -> str:
    """The youngest child's age as a band (0-3, 4-11, 12-15, 16-17, 18+) or ``geen``."""
    ages = [m.age(peildatum) for m in household.members if m.role in _CHILD_ROLES]
    if not ages:
        return "geen"
    y = min(ages)
    return (
        "0-3"
        if y < 4
        else "4-11"
        if y < 12
        else "12-15"
        if y < 16
        else "16-17"
        if y < 18
        else "18+"
    )


def plan_figures(
    household: Household,
    before: Plan,
    after: Plan,
    *,
    changes: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One household's figures before (``_basis``) and after (``_variant``) and what changed.

    ``changes``: :func:`action_changes` of the two plans, when the caller has it already.
    """
    if changes is None:
        changes = action_changes(before, after)
    return {
        "loketten_basis": len(desks(before, household)),
        "loketten_variant": len(desks(after, household)),
        "professionals_basis": len(professionals(before)),
        "professionals_variant": len(professionals(after)),
        "dagen_basis": first_due_days(before),
        "dagen_variant": first_due_days(after),
        "acties_weg": len(changes["gone"]),
        "acties_nieuw": len(changes["new"]),
        "termijn_eerder": sum(1 for _, d in changes["shifts"] if d < 0),
        "termijn_later": sum(1 for _, d in changes["shifts"] if d > 0),
        "doelen_anders": _goals_changed(before, after),
        "kinderen": children_band(household),
        "jongste": age_band(household, before.peildatum),
    }


def change_kinds(row: dict[str, Any]) -> tuple[str, ...]:
    """The kinds of change of one household's figures, in Dutch (sorted)."""
    out = Counter[str]()
    if row["acties_weg"]:
        out["een actie vervalt"] += 1
    if row["acties_nieuw"]:
        out["een nieuwe actie"] += 1
    if row["termijn_eerder"]:
        out["een termijn komt eerder"] += 1
    if row["termijn_later"]:
        out["een termijn komt later"] += 1
    if row["doelen_anders"]:
        out["volgorde of status van de doelen verandert"] += 1
    return tuple(sorted(out))
