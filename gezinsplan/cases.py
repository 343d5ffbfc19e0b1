"""Run the test cases that sit beside each rule (``tests:`` in the rule file).

A case gives a household fragment (merged onto ``{"id": "test", "gemeente":
"Teststad"}``), a peildatum and whether the rule fires; a firing case may also
``expect`` the members, the deadline, words of the message and the number of signals.
Every case runs on both engines; both must agree with the expectation.
"""

from __future__ import annotations

from dataclasses import dataclass

from gezinsplan.assessor import assess
from gezinsplan.engines import available_engines
from gezinsplan.errors import HouseholdValidationError
from gezinsplan.io import parse_household
from gezinsplan.rules.ruleset import Expectation, Rule, RuleSet, RuleTestCase
from gezinsplan.signal import Signal

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
    mismatches: tuple[str, ...] = ()
    """What differed from the case's ``expect`` block (empty when all held)."""

    @property
    def ok(self) -> bool:
        """True when the rule fired exactly as expected."""
        return not self.error and self.fired == self.case.fires and not self.mismatches

    def __str__(self) -> str:
        where = f"{self.rule.path}: {self.rule.id}: case {self.case.name!r} ({self.engine})"
        if self.error:
            return f"{where}: {self.error}"
        if self.fired == self.case.fires and self.mismatches:
            return f"{where}: " + "; ".join(self.mismatches)
        expected = "fire" if self.case.fires else "not fire"
        return f"{where}: expected the rule to {expected}, but it did{'' if self.fired else ' not'}"


def run_case(rules: RuleSet, rule: Rule, case: RuleTestCase, engine: str) -> CaseResult:
    """Run one case; an invalid household fragment is reported, not raised."""
    try:
        household = parse_household({**BASE, **case.household}, source=rule.path)
    except HouseholdValidationError as e:
        return CaseResult(rule, case, engine, None, f"invalid test household: {e}")
    own = [
        s for s in assess(household, rules, case.peildatum, engine=engine) if s.rule_id == rule.id
    ]
    mismatches = _mismatches(case.expect, own) if own and case.expect else ()
    return CaseResult(rule, case, engine, bool(own), mismatches=mismatches)


def _mismatches(expect: Expectation, signals: list[Signal]) -> tuple[str, ...]:
    out: list[str] = []
    if expect.count is not None and len(signals) != expect.count:
        out.append(f"expected {expect.count} signal(s), got {len(signals)}")
    if expect.members is not None:
        got = tuple(sorted({m for s in signals for m in s.members}))
        if got != expect.members:
            out.append(f"expected members {list(expect.members)}, got {list(got)}")
    if expect.deadline is not None:
        got_d = sorted({str(s.deadline) for s in signals})
        if got_d != [expect.deadline.isoformat()]:
            out.append(f"expected deadline {expect.deadline.isoformat()}, got {', '.join(got_d)}")
    for s in signals:
        text = s.message.casefold()
        missing = [w for w in expect.message_contains if w.casefold() not in text]
        if missing:
            out.append(f"message lacks {missing}: {s.message!r}")
        present = [w for w in expect.message_excludes if w.casefold() in text]
        if present:
            out.append(f"message holds {present}: {s.message!r}")
    return tuple(out)


def run_cases(rules: RuleSet, engines: tuple[str, ...] | None = None) -> list[CaseResult]:
    """Every case of every rule on every engine (default: the reference evaluator and
    every other engine that can run on this machine)."""
    if engines is None:
        engines = ("python", *(n for n in available_engines() if n != "python"))
    return [
        run_case(rules, rule, case, engine)
        for rule in rules.rules
        for case in rule.tests
        for engine in engines
    ]
