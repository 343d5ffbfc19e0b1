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

import functools
import operator
from collections.abc import Callable, Mapping, Sequence
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
from gezinsplan.rules.ruleset import Condition, Operand, Pattern, Rule

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


_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "in": lambda left, right: left in right,
    "not_in": lambda left, right: left not in right,
}

# one compiled condition: (field, comparison, kind, operand) with kind 0 literal,
# 1 parameter (operand = parameter id), 2 reference (operand = (alias, field))
_Compiled = tuple[str, Callable[[Any, Any], Any], int, Any]


def _compile_conditions(conditions: tuple[Condition, ...]) -> tuple[_Compiled, ...]:
    out: list[_Compiled] = []
    for c in conditions:
        o = c.operand
        if o.param is not None:
            out.append((c.field, _OPS[c.op], 1, o.param))
        elif o.ref is not None:
            out.append((c.field, _OPS[c.op], 2, o.ref))
        else:
            out.append((c.field, _OPS[c.op], 0, o.literal))
    return tuple(out)


class _CompiledRule:
    """A rule's patterns as precompiled condition tuples (same semantics as above)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self.patterns = tuple(
            (p.fact, p.alias, p.negated, _compile_conditions(p.conditions)) for p in rule.patterns
        )

    def run(self, facts: Facts, params: Params) -> list[Binding]:
        out: list[Binding] = []
        patterns = self.patterns
        n = len(patterns)
        binding: Binding = {}

        def ok(fact: Fact, conds: tuple[_Compiled, ...]) -> bool:
            for fld, cmp, kind, operand in conds:
                if kind == 0:
                    right = operand
                elif kind == 1:
                    right = params[operand]
                else:
                    right = binding[operand[0]][operand[1]]
                if not cmp(fact[fld], right):
                    return False
            return True

        def step(i: int) -> None:
            if i == n:
                out.append(dict(binding))
                return
            fact_type, alias, negated, conds = patterns[i]
            candidates = facts.get(fact_type, ())
            if negated:
                for f in candidates:
                    if ok(f, conds):
                        return
                step(i + 1)
                return
            for fact in candidates:
                if any(fact is b for b in binding.values()):
                    continue  # one fact fills one alias
                if ok(fact, conds):
                    binding[alias] = fact
                    step(i + 1)
                    del binding[alias]

        step(0)
        return out


_SOURCE_OPS = {
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
    "in": "in",
    "not_in": "not in",
}

_Runner = Callable[[Facts, Params], list[Binding]]


def _generate(rule: Rule) -> _Runner | None:
    """The rule's generated function (:func:`_generate_patterns`), shared by every rule with
    the same patterns: loading a rule set again (a variant loop, a service worker) compiles
    nothing new; the cache is bounded, so dropped rule sets do not pile up."""
    try:
        return _generate_patterns(rule.patterns)
    except TypeError:  # an unhashable literal: generated for this rule alone
        return _generate_patterns.__wrapped__(rule.patterns)


@functools.lru_cache(maxsize=4096)
def _generate_patterns(patterns: tuple[Pattern, ...]) -> _Runner | None:
    """The rule as one generated Python function of nested loops (same semantics as
    :class:`_CompiledRule`, several times faster); None when the rule has a shape the
    generator does not handle (a reference to an alias bound later), which then runs on
    :class:`_CompiledRule`.

    Every value of the rule (literals, parameter ids, field names) reaches the function
    through its namespace, never as source text. A pattern's conditions that read no
    other alias filter its facts once per call, on first use; the conditions that do are
    tested in the loop, in the rule's order.
    """
    names: dict[str, Any] = {}

    def const(value: Any) -> str:
        name = f"k{len(names)}"
        names[name] = value
        return name

    lines = ["def run(facts, params):", " out = []"]
    bound: list[str] = []  # variables of the positive aliases bound so far
    var_of: dict[str, str] = {}
    body: list[str] = []

    def test(var: str, c: Condition) -> str | None:
        o = c.operand
        if o.param is not None:
            right = f"params[{const(o.param)}]"
        elif o.ref is not None:
            alias, fld = o.ref
            if alias not in var_of:
                return None
            right = f"{var_of[alias]}[{const(fld)}]"
        else:
            right = const(o.literal)
        return f"{var}[{const(c.field)}] {_SOURCE_OPS[c.op]} {right}"

    depth = 1
    for i, p in enumerate(patterns):
        var = f"f{i}"
        local = [c for c in p.conditions if c.operand.ref is None]
        joined = [c for c in p.conditions if c.operand.ref is not None]
        lines.append(f" t{i} = None")  # the facts meeting the local conditions, on first use
        local_tests = [test("x", c) for c in local]
        joined_tests = [test(var, c) for c in joined]
        if None in joined_tests:
            return None
        pad = " " * depth
        filtered = (
            f"[x for x in facts.get({const(p.fact)}, ()) if {' and '.join(map(str, local_tests))}]"
            if local_tests
            else f"facts.get({const(p.fact)}, ())"
        )
        body.append(f"{pad}if t{i} is None:")
        body.append(f"{pad} t{i} = {filtered}")
        if p.negated:
            body.append(f"{pad}for {var} in t{i}:")
            cond = " and ".join(map(str, joined_tests)) or "True"
            body.append(f"{pad} if {cond}:")
            body.append(f"{pad}  break")
            body.append(f"{pad}else:")
            depth += 1
            continue
        body.append(f"{pad}for {var} in t{i}:")
        skip = [f"{var} is {b}" for b in bound] + [f"not ({t})" for t in joined_tests]
        if skip:
            body.append(f"{pad} if {' or '.join(skip)}:")
            body.append(f"{pad}  continue")
        bound.append(var)
        var_of[p.alias] = var
        depth += 1
    pairs = ", ".join(f"{const(p.alias)}: {var_of[p.alias]}" for p in patterns if not p.negated)
    body.append(f"{' ' * depth}out.append({{{pairs}}})")
    source = "\n".join([*lines, *body, " return out", ""])
    namespace: dict[str, Any] = dict(names)
    exec(compile(source, "<generated rule>", "exec"), namespace)
    runner: _Runner = namespace["run"]
    return runner


class ReferenceRules:
    """Rules compiled for the reference evaluator (stateless, thread safe)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = tuple(rules)
        self._compiled: dict[str, _Runner] = {}
        for r in self._rules:
            generated = _generate(r)
            self._compiled[r.id] = generated if generated is not None else _CompiledRule(r).run
        self._switches = tuple(sorted({r.enabled_by for r in self._rules if r.enabled_by}))
        # the rules switched on, with their functions, per value of the switches
        self._enabled: dict[tuple[tuple[bool, bool], ...], list[tuple[Rule, _Runner]]] = {}

    def evaluate(self, facts: Facts, params: Params) -> Matches:
        """Canonical bindings per rule id."""
        # a rule is on when its switch *is* True (or False): that is all the key holds
        state = tuple((v is True, v is False) for v in map(params.get, self._switches))
        enabled = self._enabled.get(state)
        if enabled is None:
            enabled = [(r, self._compiled[r.id]) for r in enabled_rules(self._rules, params)]
            self._enabled[state] = enabled
        out: Matches = {}
        for rule, run in enabled:
            found = run(facts, params)
            if found:
                out[rule.id] = canonical_matches(rule, found)
        return out


def compile_reference(rules: Sequence[Rule]) -> ReferenceRules:
    """Compile ``rules`` for the reference evaluator."""
    return ReferenceRules(rules)
