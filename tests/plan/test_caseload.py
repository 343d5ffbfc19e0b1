"""The set-wise plan figures of a caseload equal build_plan's, household by household."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

import pytest

from gezinsplan.caseload import assess
from gezinsplan.caseload.engine import signals_from_rows
from gezinsplan.caseload.tables import to_arrow
from gezinsplan.errors import GezinsplanError
from gezinsplan.generate import generate_households
from gezinsplan.io import read_household
from gezinsplan.model.household import Household
from gezinsplan.plan.builder import build_plan, household_lead, plan_outcome
from gezinsplan.plan.caseload import plan_summaries
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.resources import examples_dir
from gezinsplan.rules.facts import build_facts, fact_options
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.ruleset import RuleSet, default_rules
from gezinsplan.signal import Signal

P = date(2026, 11, 23)
LATER = date(2027, 6, 30)

Figures = tuple[str, int, list[tuple[str, str]]]


def _tries(h: Household, rng: random.Random) -> Iterator[Callable[[dict[str, Any]], None]]:
    """Changes that reach the branches the generator leaves out: representation,
    the household's own regisseur, acute and unranked questions, jeugdbeschermers,
    assessments of one day and of the household."""
    adults = [m.id for m in h.members if m.age(P) >= 18]
    minors = [m.id for m in h.members if m.age(P) < 18]

    def represent(d: dict[str, Any]) -> None:
        for m in d["members"]:
            if m["id"] in adults and rng.random() < 0.6:
                kind = rng.choice(["curatele", "curatele", "bewind", "mentorschap"])
                m["representation"] = [{"kind": kind, "requested": rng.random() < 0.2}]

    def choice(d: dict[str, Any]) -> None:
        options = [("member", m) for m in adults] + [
            ("professional", p.id) for p in h.professionals
        ]
        options += [("informal", s.id) for s in h.informal_support]
        if options:
            kind, rid = rng.choice(options)
            d["regisseur_choice"] = {"kind": kind, "id": rid}

    def questions(d: dict[str, Any]) -> None:
        for q in d["questions"]:
            if rng.random() < 0.3:
                q["urgency"] = "acuut"
            q["priority"] = rng.choice([None, 1, 2, 2, 3, 5])
            if q["priority"] is None:
                del q["priority"]
        rng.shuffle(d["questions"])

    def guardian(d: dict[str, Any]) -> None:
        if not minors or not d["professionals"]:
            return
        child = rng.choice(minors)
        pro = rng.choice(d["professionals"])
        pro.update(role="jeugdbeschermer", serves=[child], doorzettingsmacht=True)
        d["provisions"].append(
            {
                "id": "p-ots",
                "member": child,
                "wet": "jeugdwet",
                "kind": "maatwerkvoorziening",
                "product": "jeugdbescherming",
                "provider": pro["organisation"],
                "start": "2025-01-01",
            }
        )

    def scores(d: dict[str, Any]) -> None:
        day = rng.choice(["2026-11-22", "2026-10-01", "2027-03-01"])
        for lg in rng.sample(["financien", "huisvesting", "veiligheid", "opvoeding"], 2):
            d["assessments"].append(
                {"member": None, "leefgebied": lg, "score": rng.randint(1, 5), "date": day}
            )
        for a in list(d["assessments"]):
            if rng.random() < 0.3:
                d["assessments"].append({**a, "score": rng.randint(1, 5)})
        for m in d["members"]:
            if rng.random() < 0.3:
                d["assessments"].append(
                    {
                        "member": m["id"],
                        "leefgebied": rng.choice(["financien", "huisvesting"]),
                        "score": rng.randint(1, 3),
                        "date": day,
                    }
                )
        for a in d["assessments"]:
            if a.get("member", "") is None:
                del a["member"]

    def safety_question(d: dict[str, Any]) -> None:
        if d["questions"]:
            rng.choice(d["questions"])["leefgebied"] = rng.choice(
                ["veiligheid", "huiselijke_relaties"]
            )

    def ids(d: dict[str, Any]) -> None:
        # goal ids that meet: doel-veiligheid, doel-financien of a question and of a signal
        free = ["veiligheid", "financien", "huisvesting"]
        for q in d["questions"]:
            if free and rng.random() < 0.5:
                q["id"] = free.pop(rng.randrange(len(free)))

    def alone(d: dict[str, Any]) -> None:
        d["professionals"] = []
        d.pop("regisseur_choice", None)

    yield from (represent, choice, questions, guardian, scores, safety_question, ids, alone)


def varied(households: Sequence[Household], seed: int) -> list[Household]:
    """The households, each with some of :func:`_tries`'s changes (those it accepts)."""
    rng = random.Random(seed)
    out = []
    for h in households:
        data = h.model_dump(mode="json", exclude_none=True)
        for change in _tries(h, rng):
            if rng.random() < 0.5:
                continue
            trial = Household.model_validate(data).model_dump(mode="json", exclude_none=True)
            change(trial)
            try:
                Household.model_validate(trial)
            except (ValueError, GezinsplanError):
                continue
            data = trial
        out.append(Household.model_validate(data))
    return out


def examples() -> list[Household]:
    return [read_household(p) for p in sorted((examples_dir()).glob("*.json"))]


def _reference(
    households: Sequence[Household], rules: RuleSet, peildatum: date, policy: PlanPolicy
) -> tuple[dict[int, Figures], Any, Any]:
    tables = to_arrow(households)
    rows = assess(tables, rules, peildatum)
    per: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.to_pylist():
        per[row["household"]].append(row)
    params = rules.params_at(peildatum)
    options = fact_options(params, peildatum)
    out: dict[int, Figures] = {}
    for k, h in enumerate(households):
        got = per.get(h.id, [])
        acute = any(q.urgency.value == "acuut" for q in h.questions)
        outcome = plan_outcome(
            [(r["rule_id"], r["category"]) for r in got], questions=bool(h.questions), acute=acute
        )
        if outcome is not PlanOutcome.PLAN:
            continue
        lookup = {
            (t, h.id, row["id"]): row
            for t, fact_rows in build_facts(h, peildatum, **options).items()
            for row in fact_rows
        }
        signals = sorted(signals_from_rows(got, lookup, rules), key=Signal.sort_key)
        plan = build_plan(h, signals, peildatum, policy)
        assert plan.outcome is PlanOutcome.PLAN
        out[k] = (
            plan.regisseur.kind if plan.regisseur else "geen",
            sum(g.status == "actief" for g in plan.goals),
            [(g.leefgebied.value, g.status) for g in plan.goals],
        )
    return out, tables, rows


def _set_wise(
    households: Sequence[Household],
    tables: Any,
    rows: Any,
    hkeys: Sequence[int],
    rules: RuleSet,
    peildatum: date,
    policy: PlanPolicy,
    asked: list[int],
) -> dict[int, Figures]:

    def leads(keys: Sequence[int]) -> dict[int, bool]:
        asked.extend(keys)
        return {k: household_lead(households[k], peildatum) is not None for k in keys}

    plans, goals = plan_summaries(tables, rows, hkeys, rules, peildatum, leads, policy)
    by: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for g in goals.to_pylist():
        by[g["hkey"]].append((g["leefgebied"], g["status"]))
    assert len(set(asked)) == len(asked)
    return {
        p["hkey"]: (p["regisseur"], p["active_goals"], by.get(p["hkey"], []))
        for p in plans.to_pylist()
    }


def _check(
    households: Sequence[Household],
    peildatum: date,
    policy: PlanPolicy | None = None,
    asked: list[int] | None = None,
) -> int:
    """Compare; the number of households that need a plan. ``asked`` collects the
    households whose curatele the tables could not tell."""
    rules = default_rules()
    policy = policy if policy is not None else rules.plan_policy(peildatum)
    want, tables, rows = _reference(households, rules, peildatum, policy)
    got = _set_wise(
        households,
        tables,
        rows,
        list(want),
        rules,
        peildatum,
        policy,
        [] if asked is None else asked,
    )
    assert set(got) == set(want)
    for k, (kind, active, goals) in want.items():
        where = f"household {k} ({households[k].id})"
        assert got[k][0] == kind, where
        assert got[k][1] == active, where
        assert got[k][2] == goals, where
    return len(want)


@pytest.fixture(scope="module")
def caseload() -> list[Household]:
    generated = list(generate_households(3000, seed=29, peildatum=P))
    return examples() + varied(generated[:1500], seed=3) + generated[1500:]


@pytest.mark.parametrize("peildatum", [P, LATER])
def test_the_plans_of_a_caseload_equal_build_plan(
    caseload: list[Household], peildatum: date
) -> None:
    asked: list[int] = []
    n = _check(caseload, peildatum, asked=asked)
    assert n > 1000
    assert 0 < len(asked) < n // 10  # only households where curatele decides are read


@pytest.mark.parametrize(("active", "income"), [(1, 2), (2, 3), (5, 1)])
def test_other_policies(caseload: list[Household], active: int, income: int) -> None:
    policy = dataclasses.replace(
        default_rules().plan_policy(P), max_active_goals=active, income_score_max=income
    )
    assert _check(caseload[:1200], P, policy) > 300


def test_the_example_households() -> None:
    hs = examples()
    assert _check(hs, P) >= 8
    copies = [h.model_copy(update={"id": f"{h.id}-{i}"}) for i in range(5) for h in hs]
    assert _check(varied(copies, seed=11), P) >= 40


def test_every_branch_is_reached(caseload: list[Household]) -> None:
    """The varied households reach the regisseur's branches and both statuses."""
    rules = default_rules()
    want, _, _ = _reference(caseload, rules, P, rules.plan_policy(P))
    kinds = {kind for kind, _, _ in want.values()}
    assert kinds == {"member", "professional", "informal", "toegang"}
    chosen = {
        (c.kind, kind)
        for k, (kind, _, _) in want.items()
        if (c := caseload[k].regisseur_choice) is not None
    }
    assert {("member", "member"), ("member", "professional"), ("informal", "informal")} <= chosen
    assert any(
        kind == "professional" and any(p.role.value == "jeugdbeschermer" for p in h.professionals)
        for k, (kind, _, _) in want.items()
        if (h := caseload[k])
    )
    statuses = {s for _, _, goals in want.values() for _, s in goals}
    assert statuses == {"actief", "later"}


def test_nothing_asked() -> None:
    rules = default_rules()
    hs = examples()
    tables = to_arrow(hs)
    plans, goals = plan_summaries(tables, assess(tables, rules, P), [], rules, P, lambda keys: {})
    assert plans.num_rows == 0
    assert goals.num_rows == 0


@pytest.mark.slow
def test_a_large_caseload() -> None:
    generated = list(generate_households(20_000, seed=41, peildatum=P))
    assert _check(varied(generated[:5000], seed=5) + generated[5000:], P) > 8000
