"""The plain-Python reference evaluator of the rule language.

It evaluates the same validated rules over the same facts as the durable_rules
engine, by nested loops over the fact tables (filters, joins by alias, absence).
It is the baseline the durable_rules engine is proven against, and the fallback
``engine="python"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Condition, Operand, Pattern, Rule

__all__ = ["Binding", "canonical_matches", "compare", "evaluate_rule"]

Fact = dict[str, Any]
Binding = dict[str, Fact]
Facts = Mapping[str, list[Fact]]


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
    return all(
        compare(c.op, fact[c.field], resolve(c.operand, binding, params)) for c in conditions
    )


def evaluate_rule(rule: Rule, facts: Facts, params: Mapping[str, ParameterValue]) -> list[Binding]:
    """Every complete binding of the rule's positive patterns (before deduplication)."""
    out: list[Binding] = []

    def step(i: int, binding: Binding) -> None:
        if i == len(rule.patterns):
            out.append(dict(binding))
            return
        pattern: Pattern = rule.patterns[i]
        candidates = facts.get(pattern.fact, [])
        if pattern.negated:
            if not any(_matches(f, pattern.conditions, binding, params) for f in candidates):
                step(i + 1, binding)
            return
        for fact in candidates:
            if _matches(fact, pattern.conditions, binding, params):
                binding[pattern.alias] = fact
                step(i + 1, binding)
                del binding[pattern.alias]

    step(0, {})
    return out


def canonical_matches(rule: Rule, bindings: list[Binding]) -> list[Binding]:
    """Sort bindings and drop those binding the same set of facts (pair joins fire twice)."""
    aliases = [p.alias for p in rule.patterns if not p.negated]
    types = dict(rule.aliases)

    def key(b: Binding) -> tuple[str, ...]:
        return tuple(str(b[a]["id"]) for a in aliases)

    seen: set[frozenset[tuple[str, str]]] = set()
    out: list[Binding] = []
    for b in sorted(bindings, key=key):
        ident = frozenset((types[a], str(b[a]["id"])) for a in aliases)
        if ident in seen:
            continue
        seen.add(ident)
        out.append(b)
    return out
