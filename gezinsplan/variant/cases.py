"""Run a variant's own test cases, and the base's rule cases under the variant.

A variant case says which rules must (not) fire under the variant and, optionally, how
the plan turns out (its outcome, the kind of regisseur). The base's own rule cases run
too: a case of a rule the variant disables or replaces is skipped, and a case that fails
only because the variant changed a parameter that rule reads is reported as *changed by
the variant* (the point of a variant), not as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from gezinsplan.assessor import Assessor
from gezinsplan.cases import BASE, run_cases
from gezinsplan.engines import available_engines
from gezinsplan.errors import HouseholdValidationError
from gezinsplan.io import parse_household
from gezinsplan.rules.ruleset import RuleSet
from gezinsplan.variant.load import VariantCase, VariantInfo

__all__ = ["CheckReport", "VariantCaseResult", "check_variant", "run_variant_case"]


@dataclass(frozen=True)
class VariantCaseResult:
    """One variant case: what went wrong (empty when it held)."""

    case: VariantCase
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """True when every expectation held."""
        return not self.problems


def run_variant_case(
    rules: RuleSet,
    case: VariantCase,
    engine: str | None = None,
    disabled: tuple[str, ...] = (),
) -> VariantCaseResult:
    """Assess (and plan) the case's household under ``rules`` (``disabled``: rule ids the
    variant switched off, which may be named in ``not_fires``)."""
    try:
        household = parse_household({**BASE, **case.household}, source=case.name)
    except HouseholdValidationError as e:
        return VariantCaseResult(case, (f"invalid test household: {e}",))
    known = {r.id for r in rules.rules}
    problems: list[str] = [
        f"unknown rule {rid!r} (not in the variant)"
        for rid in (*case.fires, *case.not_fires)
        if rid not in known and rid not in disabled
    ]
    result = Assessor(rules, engine=engine).assess_and_plan(household, case.peildatum)
    fired = {s.rule_id for s in result.signals}
    problems += [f"expected {rid} to fire, it did not" for rid in case.fires if rid not in fired]
    problems += [f"expected {rid} not to fire, it did" for rid in case.not_fires if rid in fired]
    outcome = case.plan.get("outcome")
    if outcome is not None and result.plan.outcome.value != outcome:
        problems.append(f"expected plan outcome {outcome}, got {result.plan.outcome.value}")
    regisseur = case.plan.get("regisseur")
    if regisseur is not None:
        got = result.plan.regisseur.kind if result.plan.regisseur else "geen"
        if got != regisseur:
            problems.append(f"expected regisseur {regisseur}, got {got}")
    return VariantCaseResult(case, tuple(problems))


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``rules check --variant``."""

    variant_results: tuple[VariantCaseResult, ...]
    base_failed: tuple[str, ...]
    changed_by_variant: tuple[str, ...]
    disabled_rules: int
    base_runs: int

    @property
    def ok(self) -> bool:
        """True when every variant case held and no base case failed for another reason."""
        return all(r.ok for r in self.variant_results) and not self.base_failed


def check_variant(
    rules: RuleSet, info: VariantInfo, engines: tuple[str, ...] | None = None
) -> CheckReport:
    """The variant's cases on every engine, then the rule cases of the variant's rules
    (default engines: the reference evaluator and every other one that runs here)."""
    if engines is None:
        engines = ("python", *(n for n in available_engines() if n != "python"))
    results = [
        run_variant_case(rules, case, engine, info.disabled)
        for case in info.cases
        for engine in engines
    ]
    touched = set(info.overridden)
    base_failed: list[str] = []
    changed: list[str] = []
    runs = run_cases(rules, engines)
    own = set(info.added) | set(info.replaced)
    for r in runs:
        if r.ok:
            continue
        reads = set(r.rule.parameters) | ({r.rule.enabled_by} if r.rule.enabled_by else set())
        if r.rule.id not in own and reads & touched:
            changed.append(str(r))
        else:
            base_failed.append(str(r))
    return CheckReport(
        tuple(results),
        tuple(base_failed),
        tuple(changed),
        disabled_rules=len(info.disabled),
        base_runs=len(runs),
    )
