"""Run the test cases that sit beside each rule (``tests:`` in the rule file).

A case gives a household fragment (merged onto ``{"id": "test", "gemeente":
"Teststad"}``), a peildatum and whether the rule fires. Every case runs on both
engines; both must agree with the expectation.
"""

from __future__ import annotations

from dataclasses import dataclass

from gezinsplan.assessor import assess
from gezinsplan.errors import HouseholdValidationError
from gezinsplan.io import parse_household
from gezinsplan.rules.ruleset import Rule, RuleSet, RuleTestCase

__all__ = ["CaseResult", "run_case", "run_cases"]

BASE = {"id": "test", "gemeente": "Teststad"}


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one rule test case on one engine."""

    rule: Rule
    case: RuleTestCase
    engine: str
    fired: bool | None
    error: str = ""

    @property
    def ok(self) -> bool:
        """True when the rule fired exactly as expected."""
        return not self.error and self.fired == self.case.fires

    def __str__(self) -> str:
        where = f"{self.rule.path}: {self.rule.id}: case {self.case.name!r} ({self.engine})"
        if self.error:
            return f"{where}: {self.error}"
        expected = "fire" if self.case.fires else "not fire"
        return f"{where}: expected the rule to {expected}, but it did{'' if self.fired else ' not'}"


def run_case(rules: RuleSet, rule: Rule, case: RuleTestCase, engine: str) -> CaseResult:
    """Run one case; an invalid household fragment is reported, not raised."""
    try:
        household = parse_household({**BASE, **case.household}, source=rule.path)
    except HouseholdValidationError as e:
        return CaseResult(rule, case, engine, None, f"invalid test household: {e}")
    fired = any(
        s.rule_id == rule.id for s in assess(household, rules, case.peildatum, engine=engine)
    )
    return CaseResult(rule, case, engine, fired)


def run_cases(rules: RuleSet, engines: tuple[str, ...] = ("python", "durable")) -> list[CaseResult]:
    """Every case of every rule on every engine."""
    return [
        run_case(rules, rule, case, engine)
        for rule in rules.rules
        for case in rule.tests
        for engine in engines
    ]
