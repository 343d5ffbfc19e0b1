"""The durable_rules engine: the ONLY module of gezinsplan that imports ``durable``.

Rules are compiled to durable_rules rulesets (one per rule set and parameter
snapshot). The measured pitfalls of durable_rules 2.0.28 (shared/durable_rules.md)
are designed around:

- the host's background dispatcher threads are switched off (``_run`` is a no-op);
  every action is a one-argument function that runs synchronously inside ``assert_fact``;
- one fixed session id is reused and every asserted fact is retracted, in reverse
  order, after each household: every evaluation starts clean and nothing is left behind
  (no ``delete_state``, no sid growth);
- negation is order dependent: every fact type used under ``not`` is asserted first as a
  separate copy (type ``<type>__neg``) that only negated patterns match, so all blockers
  are present before any positive match can complete;
- ``id`` and ``sid`` are reserved: our fact id travels as ``fid``, the engine id is
  ``<type>:<fid>`` (unique per household, so no false duplicates);
- values are typed before they get here (the loader checks every comparison against
  the fact schema), so the engine's loose comparisons never come into play;
- ruleset names are global and final: each compiled ruleset gets a new unique name, so a
  baseline and a variant coexist in one process; the ruleset dict is deep-copied;
- "not handled" assertions (a fact no rule looks at) are expected and ignored; any
  other engine error, or an error inside an action, becomes :class:`EngineError`;
- same-type pair joins fire twice: matches are deduplicated by the set of facts bound
  (the reference evaluator does the same);
- a join reference inside an ``$and`` that also holds an ``$or`` is not applied
  (found by the agreement test on generated households): ``in`` lists are expanded into
  one engine rule per value, so compiled rules never contain ``$or``.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Mapping
from typing import Any

from durable import engine as _durable

from gezinsplan.errors import EngineError
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.reference import Binding
from gezinsplan.rules.ruleset import Condition, Operand, Rule

__all__ = ["DurableEngine"]

_SID = "0"
_names = itertools.count()
_lock = threading.Lock()


class _QuietHost(_durable.Host):  # type: ignore[misc]
    """A durable_rules host without background threads; actions from a table."""

    def __init__(self) -> None:
        self.actions: dict[str, Callable[[Any], None]] = {}
        super().__init__()

    def _run(self) -> None:  # no dispatcher or timer threads
        return None

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self.actions[action_name]
        except KeyError:
            raise EngineError(f"no action {action_name!r}") from None


def _field(name: str) -> str:
    return "fid" if name == "id" else name


def _value(op: str, fld: str, value: Any) -> dict[str, Any]:
    if op == "eq":
        return {fld: value}
    if op == "ne":
        return {"$neq": {fld: value}}
    if op in ("lt", "le", "gt", "ge"):
        return {"$" + {"lt": "lt", "le": "lte", "gt": "gt", "ge": "gte"}[op]: {fld: value}}
    items = list(value)
    if op == "in":  # multi-valued 'in' is expanded into variants before this point
        if len(items) != 1:
            raise EngineError("internal: an 'in' condition reached the engine unexpanded")
        return {fld: items[0]}
    return {"$and": [{"$neq": {fld: v}} for v in items]}


def _condition(
    c: Condition, aliases: Mapping[str, str], params: Mapping[str, ParameterValue]
) -> dict[str, Any]:
    fld = _field(c.field)
    if c.operand.ref is not None:
        alias, other = c.operand.ref
        ref = {aliases[alias]: _field(other)}
        return _value(c.op, fld, ref) if c.op in ("eq", "ne", "lt", "le", "gt", "ge") else {}
    if c.operand.param is not None:
        value: Any = params[c.operand.param]
    else:
        value = c.operand.literal
    return _value(c.op, fld, value)


_MAX_VARIANTS = 256


def _split_in(
    conditions: tuple[Condition, ...], params: Mapping[str, ParameterValue]
) -> list[tuple[Condition, ...]]:
    """One condition tuple per combination of the values of multi-valued ``in``s."""
    options: list[tuple[Condition, ...]] = [()]
    for c in conditions:
        if c.op == "in":
            raw = params[c.operand.param] if c.operand.param else c.operand.literal
            values = list(raw) if isinstance(raw, tuple) else [raw]
            choices = [Condition(c.field, "eq", Operand(literal=v)) for v in values]
        else:
            choices = [c]
        options = [(*o, choice) for o in options for choice in choices]
    return options


def _compile_rule(
    rule: Rule, params: Mapping[str, ParameterValue]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Compile a rule to durable_rules rule definitions without any ``$or``.

    durable_rules mishandles a join reference inside an ``$and`` that also holds an
    ``$or`` (the reference is not applied; found by the agreement test), so ``in`` lists
    are distributed: in a positive pattern ``field in [a, b]`` gives two engine rules
    (either value may match); in a negated pattern it gives two negated patterns in the
    same engine rule (no fact with ``a`` and no fact with ``b``).
    """
    aliases = {p.alias: f"a{i}" for i, p in enumerate(rule.patterns) if not p.negated}
    variants: list[list[dict[str, Any]]] = [[]]
    for i, p in enumerate(rule.patterns):
        fact_type = p.fact + "__neg" if p.negated else p.fact
        splits = _split_in(p.conditions, params)
        compiled = [
            {"$and": [{"t": fact_type}] + [_condition(c, aliases, params) for c in conds]}
            for conds in splits
        ]
        if p.negated:
            block = [{f"n{i}_{k}$not": c} for k, c in enumerate(compiled)]
            variants = [[*v, *block] for v in variants]
        else:
            variants = [[*v, {aliases[p.alias]: c}] for v in variants for c in compiled]
        if len(variants) > _MAX_VARIANTS:
            raise EngineError(
                f"rule {rule.id}: its 'in' lists expand to more than {_MAX_VARIANTS} "
                "engine rules; split the rule"
            )
    return [{"all": v} for v in variants], aliases


class DurableEngine:
    """Evaluate validated rules with durable_rules, one household at a time."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._rules = rules
        self._host = _QuietHost()
        self._compiled: dict[tuple[Any, ...], str] = {}
        self._matches: dict[int, list[Binding]] = {}
        self._errors: list[str] = []
        self._negated_types = sorted({p.fact for r in rules for p in r.patterns if p.negated})

    def _ruleset_for(self, params: Mapping[str, ParameterValue]) -> str:
        key = tuple(sorted((k, params[k]) for r in self._rules for k in r.parameters))
        if key in self._compiled:
            return self._compiled[key]
        with _lock:
            name = f"gezinsplan_{next(_names)}"
        definition: dict[str, Any] = {}
        for index, rule in enumerate(self._rules):
            variants, aliases = _compile_rule(rule, params)
            for v, compiled in enumerate(variants):
                definition[f"r{index}_{v}"] = {**compiled, "run": f"r{index}"}
            self._host.actions[f"r{index}"] = self._action(index, aliases)
        try:
            self._host.register_rulesets({name: copy.deepcopy(definition)})
        except Exception as e:  # bare engine error codes: name the rule set
            raise EngineError(f"durable_rules refused the compiled rule set: {e}") from None
        self._compiled[key] = name
        return name

    def _action(self, index: int, aliases: Mapping[str, str]) -> Callable[[Any], None]:
        def act(c: Any) -> None:
            try:
                binding: Binding = {}
                for alias, engine_alias in aliases.items():
                    fact = dict(getattr(c, engine_alias)._d)
                    fact["id"] = fact.pop("fid")
                    for reserved in ("sid", "t"):
                        fact.pop(reserved, None)
                    binding[alias] = fact
                self._matches.setdefault(index, []).append(binding)
            except Exception as e:  # surfaced after the assertion
                self._errors.append(f"rule {self._rules[index].id}: {type(e).__name__}: {e}")

        return act

    def evaluate(
        self, facts: Mapping[str, list[dict[str, Any]]], params: Mapping[str, ParameterValue]
    ) -> dict[int, list[Binding]]:
        """Bindings per rule index for one household's facts."""
        name = self._ruleset_for(params)
        self._matches = {}
        self._errors = []
        ordered: list[dict[str, Any]] = []
        for fact_type in self._negated_types:
            for f in facts.get(fact_type, []):
                ordered.append(self._engine_fact(fact_type + "__neg", f))
        for fact_type, items in facts.items():
            for f in items:
                ordered.append(self._engine_fact(fact_type, f))
        asserted: list[dict[str, Any]] = []
        try:
            for fact in ordered:
                self._assert(name, fact)
                asserted.append(fact)
        finally:
            for fact in reversed(asserted):
                self._retract(name, fact)
        if self._errors:
            raise EngineError("; ".join(self._errors))
        return self._matches

    @staticmethod
    def _engine_fact(fact_type: str, fact: Mapping[str, Any]) -> dict[str, Any]:
        out = {k if k != "id" else "fid": v for k, v in fact.items()}
        out["id"] = f"{fact_type}:{fact['id']}"
        out["sid"] = _SID
        out["t"] = fact_type
        return out

    def _assert(self, name: str, fact: dict[str, Any]) -> None:
        try:
            self._host.assert_fact(name, fact)
        except _durable.MessageNotHandledException:
            return
        except Exception as e:
            raise EngineError(f"durable_rules failed on a {fact['t']} fact: {e}") from None

    def _retract(self, name: str, fact: dict[str, Any]) -> None:
        try:
            self._host.retract_fact(name, fact)
        except _durable.MessageNotHandledException:
            return
        except Exception as e:
            raise EngineError(f"durable_rules failed to retract a {fact['t']} fact: {e}") from None
