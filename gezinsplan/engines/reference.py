"""The plain-Python reference evaluator of the rule language (engine ``"python"``).

It evaluates validated rules over a household's fact tables by nested loops
(filters, joins by alias, absence). It is the baseline every other engine is proven
against. It holds no state between calls, so one compiled instance serves any number
of threads.

Semantics shared by every engine:

- a positive pattern binds one fact; one fact never fills two aliases of the same
  rule (a self-join over one fact type pairs *different* facts);
- a negated pattern holds when no fact of its type meets its conditions under the
  bindings made so far;
- a pair join finds each pair in both orders; :func:`canonical_matches` keeps one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from gezinsplan.engines.base import (
    Binding,
    Fact,
    Facts,
    Matches,
    Params,
    canonical_matches,
    enabled_rules,
)
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Condition, Operand, Rule

__all__ = ["ReferenceRules", "compare", "compile_reference", "evaluate_rule", "resolve"]


def resolve(operand: Operand, binding: Binding, params: Mapping[str, ParameterValue]) -> Any:
    """The value an operand stands for under ``binding``."""
    if operand.param is not None:
        return params[operand.param]
    if operand.ref is not None:
        alias, fld = operand.ref
        return binding[alias][fld]
    return operand.literal


def compare(op: str, left: Any, right: Any) -> bool:
    """``left <op> right`` with the language's (strict) semantics."""
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if op == "in":
        return left in right
    if op == "not_in":
        return left not in right
    if op == "lt":
        return bool(left < right)
    if op == "le":
        return bool(left <= right)
    if op == "gt":
        return bool(left > right)
    return bool(left >= right)


def _matches(
    fact: Fact,
    conditions: tuple[Condition, ...],
    binding: Binding,
    params: Mapping[str, ParameterValue],
) -> bool:
    for c in conditions:
        if not compare(c.op, fact[c.field], resolve(c.operand, binding, params)):
            return False
    return True


def evaluate_rule(rule: Rule, facts: Facts, params: Mapping[str, ParameterValue]) -> list[Binding]:
    """Every complete binding of the rule's positive patterns (before deduplication)."""
    out: list[Binding] = []
    patterns = rule.patterns

    def step(i: int, binding: Binding) -> None:
        if i == len(patterns):
            out.append(dict(binding))
            return
        pattern = patterns[i]
        candidates = facts.get(pattern.fact, ())
        if pattern.negated:
            for f in candidates:
                if _matches(f, pattern.conditions, binding, params):
                    return
            step(i + 1, binding)
            return
        bound = binding.values()
        for fact in candidates:
            if any(fact is b for b in bound):
                continue  # one fact fills one alias
            if _matches(fact, pattern.conditions, binding, params):
                binding[pattern.alias] = fact
                step(i + 1, binding)
                del binding[pattern.alias]

    step(0, {})
    return out


class ReferenceRules:
    """Rules compiled for the reference evaluator (stateless, thread safe)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = tuple(rules)

    def evaluate(self, facts: Facts, params: Params) -> Matches:
        """Canonical bindings per rule id."""
        out: Matches = {}
        for rule in enabled_rules(self._rules, params):
            found = evaluate_rule(rule, facts, params)
            if found:
                out[rule.id] = canonical_matches(rule, found)
        return out


def compile_reference(rules: Sequence[Rule]) -> ReferenceRules:
    """Compile ``rules`` for the reference evaluator."""
    return ReferenceRules(rules)
