"""The shared Assessor: thread and process safety, its own plan policy, no disk per call."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from gezinsplan import Assessor, PlanError, Signal, build_plan, load_rules
from gezinsplan.generate import generate_households
from gezinsplan.io import read_household
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.resources import default_rules_dir, examples_dir

PEIL = date(2026, 11, 23)
RULES = load_rules()
EXAMPLES = sorted(examples_dir().glob("*.json"))
ENGINES = ["python", "durable"]


def caseload(n: int, seed: int = 11) -> list[Household]:
    return list(generate_households(n, seed=seed, peildatum=PEIL))


HOUSEHOLDS = caseload(2000)


@pytest.mark.parametrize("engine", ENGINES)
def test_eight_threads_give_the_sequential_results(engine: str) -> None:
    assessor = Assessor(RULES, engine=engine)
    sequential = [assessor.assess(h, PEIL) for h in HOUSEHOLDS]
    assert sum(len(s) for s in sequential) > len(HOUSEHOLDS)  # not trivially empty
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda h: assessor.assess(h, PEIL), HOUSEHOLDS))
    differing = [h.id for h, a, b in zip(HOUSEHOLDS, sequential, threaded, strict=True) if a != b]
    assert differing == []


@pytest.mark.parametrize("engine", ENGINES)
def test_threads_mixing_peildata_and_plans(engine: str) -> None:
    """Two peildata (two parameter snapshots, two compiled programs) and plans at once."""
    assessor = Assessor(RULES, engine=engine)
    early = date(2018, 1, 1)  # households whose members were all born by then
    jobs = [
        (h, d) for h in HOUSEHOLDS[:500] if not h.peildatum_problems(early) for d in (PEIL, early)
    ]
    assert len(jobs) > 400
    expected = [assessor.assess_and_plan(h, d) for h, d in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda job: assessor.assess_and_plan(*job), jobs))
    assert got == expected


def _assess_all(assessor: Assessor, households: list[Household]) -> list[list[Signal]]:
    return [assessor.assess(h, PEIL) for h in households]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_process_pool_gives_the_sequential_results(engine: str) -> None:
    assessor = Assessor(RULES, engine=engine)
    chunks = [HOUSEHOLDS[i : i + 100] for i in range(0, 400, 100)]
    sequential = [_assess_all(assessor, c) for c in chunks]
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = list(pool.map(_assess_all, [assessor] * len(chunks), chunks))
    assert parallel == sequential


def test_an_assessor_pickles_as_its_rule_set() -> None:
    assessor = Assessor(RULES, engine="durable")
    copy = pickle.loads(pickle.dumps(assessor))
    assert copy.rules.version == RULES.version
    assert copy.engine == "durable"
    h = read_household(EXAMPLES[1])
    assert copy.assess(h, PEIL) == assessor.assess(h, PEIL)


def one_goal_variant():  # type: ignore[no-untyped-def]
    params = RULES.parameters.with_values({"plan.max_actieve_doelen": 1}, date(2026, 1, 1))
    return RULES.with_parameters(params, label="één doel tegelijk")


def test_plans_use_the_policy_of_their_own_rule_set() -> None:
    variant = one_goal_variant()
    h = read_household(next(p for p in EXAMPLES if p.name.startswith("02_")))
    base_plan = Assessor(RULES).plan(h, PEIL)
    variant_plan = Assessor(variant).plan(h, PEIL)
    assert sum(g.status == "actief" for g in base_plan.goals) == 3
    assert sum(g.status == "actief" for g in variant_plan.goals) == 1
    # build_plan without a policy finds the rule set through the signals
    signals = Assessor(variant).assess(h, PEIL)
    assert {s.rules_version for s in signals} == {variant.version}
    assert build_plan(h, signals, PEIL) == variant_plan
    assert build_plan(h, signals, PEIL, rules=variant) == variant_plan


def test_build_plan_never_mixes_rule_sets() -> None:
    variant = one_goal_variant()
    h = read_household(next(p for p in EXAMPLES if p.name.startswith("02_")))
    base = Assessor(RULES).assess(h, PEIL)
    other = Assessor(variant).assess(h, PEIL)
    with pytest.raises(PlanError, match="2 different rule sets"):
        build_plan(h, [*base, *other], PEIL)
    with pytest.raises(PlanError, match="not from the rule set"):
        build_plan(h, base, PEIL, rules=variant)
    hand_made = [s.model_copy(update={"rules_version": ""}) for s in base]
    with pytest.raises(PlanError, match="name no rule set"):
        build_plan(h, hand_made, PEIL)
    assert build_plan(h, hand_made, PEIL, rules=RULES) == build_plan(h, base, PEIL)


def test_build_plan_reads_nothing_from_disk(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), folder)
    rules = load_rules(folder)
    h = read_household(next(p for p in EXAMPLES if p.name.startswith("02_")))
    signals = Assessor(rules).assess(h, PEIL)
    expected = build_plan(h, signals, PEIL)
    shutil.rmtree(folder)  # a later read from disk would fail
    for _ in range(3):
        assert build_plan(h, signals, PEIL) == expected
        assert Assessor(rules).plan(h, PEIL) == expected
    assert isinstance(expected, Plan)


@pytest.mark.parametrize("engine", ENGINES)
def test_signals_are_valid_by_construction(engine: str) -> None:
    assessor = Assessor(RULES, engine=engine)
    n = 0
    for h in [read_household(p) for p in EXAMPLES] + HOUSEHOLDS[:300]:
        for s in assessor.assess(h, PEIL):
            again = Signal.model_validate(s.model_dump())
            assert again == s
            assert Signal.model_validate_json(s.model_dump_json()) == s
            assert s.model_fields_set == set(Signal.model_fields)
            n += 1
    assert n > 300


def test_assessor_rejects_a_peildatum_that_is_not_a_date() -> None:
    from gezinsplan import InputError

    h = read_household(EXAMPLES[0])
    with pytest.raises(InputError, match="peildatum must be a date"):
        Assessor(RULES).assess(h, "2026-11-23")  # type: ignore[arg-type]


def test_the_rule_set_stays_findable_when_an_equal_copy_is_dropped() -> None:
    import gc

    h = read_household(EXAMPLES[1])
    signals = Assessor(RULES).assess(h, PEIL)
    copy = load_rules()  # same content, same version, registered after RULES
    assert copy.version == RULES.version
    del copy
    gc.collect()
    assert build_plan(h, signals, PEIL) == Assessor(RULES).plan(h, PEIL)


@pytest.mark.parametrize("engine", ENGINES)
def test_signals_render_lazily_and_behave_as_validated_ones(engine: str) -> None:
    """Message, explanation, matched facts and parameter values are rendered on first use;
    every way of reading a signal sees the values a validated signal has."""
    import copy

    assessor = Assessor(RULES, engine=engine)
    h = read_household(examples_dir() / "02_multiprobleemgezin.json")

    def fresh() -> list[Signal]:
        signals = assessor.assess(h, PEIL)
        assert all(s.__pydantic_private__ is not None for s in signals)  # not rendered yet
        return signals

    validated = [Signal.model_validate(s.model_dump()) for s in assessor.assess(h, PEIL)]
    assert fresh() == validated
    assert validated == fresh()
    assert [s.message for s in fresh()] == [v.message for v in validated]
    assert [s.explanation for s in fresh()] == [v.explanation for v in validated]
    assert [s.facts for s in fresh()] == [v.facts for v in validated]
    assert [s.parameters for s in fresh()] == [v.parameters for v in validated]
    assert [s.sort_key() for s in fresh()] == [v.sort_key() for v in validated]
    assert [pickle.loads(pickle.dumps(s)) for s in fresh()] == validated
    assert [copy.deepcopy(s) for s in fresh()] == validated
    assert [copy.copy(s) for s in fresh()] == validated
    assert [s.model_copy(update={"title": "x"}).message for s in fresh()] == [
        v.message for v in validated
    ]
    assert [repr(s) for s in fresh()] == [repr(v) for v in validated]
    assert [dict(s) for s in fresh()] == [dict(v) for v in validated]
    assert [s.model_dump(mode="json") for s in fresh()] == [
        v.model_dump(mode="json") for v in validated
    ]
    # serialised in the order signals have always been serialised (the builder's)
    eager_order = [s.model_dump_json() for s in fresh()]
    rendered = fresh()
    for s in rendered:
        _ = s.message
    assert [s.model_dump_json() for s in rendered] == eager_order
