"""The shared object that case software keeps: one rule set, its compiled engine, its plan.

Make one :class:`Assessor` when the application starts and share it between threads::

    >>> from datetime import date
    >>> from gezinsplan.io import read_household
    >>> from gezinsplan.resources import examples_dir
    >>> assessor = Assessor()                      # the shipped catalogue on durable_rules
    >>> h = read_household(examples_dir() / "01_enkelvoudige_vraag.json")
    >>> [s.rule_id for s in assessor.assess(h, date(2026, 11, 23))]
    ['triage.enkelvoudig']
    >>> assessor.plan(h, date(2026, 11, 23)).outcome.value
    'korte_check'

It compiles the rules once, caches the parameter values and the plan policy per
peildatum, and plans with the policy of *its own* rule set. Every method is safe to call
from many threads at once and gives exactly the results of a sequential run; nothing in
it reads the clock or the disk after construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from gezinsplan.engines import CompiledRules, compile_rules, default_engine
from gezinsplan.errors import EngineError, InputError
from gezinsplan.model.household import Household
from gezinsplan.plan.builder import build_plan
from gezinsplan.plan.model import Plan
from gezinsplan.rules.explain import build_signal
from gezinsplan.rules.facts import build_facts, fact_options
from gezinsplan.rules.ruleset import RuleSet, default_rules
from gezinsplan.signal import Signal

__all__ = ["Assessor", "CaseResult", "assess"]


@dataclass(frozen=True)
class CaseResult:
    """The signals of one household at one peildatum and the plan built from them."""

    signals: tuple[Signal, ...]
    plan: Plan


class Assessor:
    """Assess and plan households with one rule set on one engine; thread safe.

    Parameters
    ----------
    rules:
        The rule set (default: the shipped catalogue, loaded once per process).
    engine:
        A registered engine name: ``"durable"`` or ``"python"``. Left out:
        :func:`gezinsplan.engines.default_engine` (durable_rules where its C extension
        loads, else the reference evaluator, announced once on the ``gezinsplan`` logger).
    """

    def __init__(self, rules: RuleSet | None = None, *, engine: str | None = None) -> None:
        self.rules = rules if rules is not None else default_rules()
        engine = engine or default_engine()
        self.engine = engine
        self._compiled: CompiledRules = compile_rules(self.rules.rules, engine)
        self._by_id = {r.id: r for r in self.rules.rules}

    def __repr__(self) -> str:
        return f"Assessor({self.rules!r}, engine={self.engine!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # a process pool gets the rule set and compiles its own engine
        return (_rebuild, (self.rules, self.engine))

    def assess(self, household: Household, peildatum: date) -> list[Signal]:
        """Every signal of ``household`` at ``peildatum``, in a stable order."""
        if type(peildatum) is not date:
            raise InputError(f"peildatum must be a date, got {type(peildatum).__name__}")
        household.check_peildatum(peildatum)
        params = self.rules.params_at(peildatum)
        facts = build_facts(household, peildatum, **fact_options(params, peildatum))
        matches = self._compiled.evaluate(facts, params)
        signals: list[Signal] = []
        version = self.rules.version
        for rule_id in sorted(matches):
            rule = self._by_id.get(rule_id)
            if rule is None:
                raise EngineError(f"engine {self.engine!r} returned an unknown rule {rule_id!r}")
            for binding in matches[rule_id]:
                signals.append(
                    build_signal(rule, binding, household.id, peildatum, params, version)
                )
        signals.sort(key=Signal.sort_key)
        return signals

    def plan(self, household: Household, peildatum: date) -> Plan:
        """Assess ``household`` and build its plan with this rule set's plan policy."""
        return self.assess_and_plan(household, peildatum).plan

    def assess_and_plan(self, household: Household, peildatum: date) -> CaseResult:
        """The signals and the plan of ``household`` at ``peildatum``."""
        signals = self.assess(household, peildatum)
        plan = build_plan(household, signals, peildatum, self.rules.plan_policy(peildatum))
        return CaseResult(tuple(signals), plan)


def _rebuild(rules: RuleSet, engine: str) -> Assessor:
    return Assessor(rules, engine=engine)


def assess(
    household: Household,
    rules: RuleSet,
    peildatum: date,
    *,
    engine: str | None = None,
) -> list[Signal]:
    """Evaluate every rule of ``rules`` on ``household`` at ``peildatum``.

    A convenience over :class:`Assessor`: the compiled engine is cached on the rule set,
    so repeated calls with the same ``rules`` compile once. Both engines give identical
    signals (tested on every example, every rule test case and generated caseloads).
    """
    engine = engine or default_engine()
    key = ("assessor", engine)
    assessor: Assessor | None = rules._cache.get(key)
    if assessor is None:
        assessor = Assessor(rules, engine=engine)
        rules._cache[key] = assessor
    return assessor.assess(household, peildatum)
