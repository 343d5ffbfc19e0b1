"""The engine interface: what every rules engine of gezinsplan implements.

An engine compiles the validated rules of a :class:`~gezinsplan.rules.ruleset.RuleSet`
once and then evaluates one household's facts at a time::

    compiled = engine_spec("python").compile(rules.rules)
    matches = compiled.evaluate(facts, params)   # rule id -> bindings

``evaluate`` receives the fact tables of one household (see
:mod:`gezinsplan.rules.facts`) and the parameter values in force at the peildatum, and
returns, per rule id, the canonical bindings of that rule: every binding of its positive
patterns, sorted and deduplicated by the set of facts bound (see
:func:`canonical_matches`). Rules switched off by their ``enabled_by`` parameter give
no bindings. Compiled engines must be safe to call from many threads at once.

A new engine is one module with a ``compile`` function and one :func:`register_engine`
call (see :mod:`gezinsplan.engines`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from gezinsplan.errors import EngineError
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Rule

__all__ = [
    "Binding",
    "CompiledRules",
    "EngineSpec",
    "Fact",
    "Facts",
    "Matches",
    "Params",
    "canonical_matches",
    "enabled_rules",
    "engine_names",
    "engine_spec",
    "register_engine",
]

Fact = dict[str, Any]
Binding = dict[str, Fact]
"""Alias of a positive pattern -> the fact bound to it."""
Facts = Mapping[str, Sequence[Fact]]
Params = Mapping[str, ParameterValue]
Matches = dict[str, list[Binding]]
"""Rule id -> canonical bindings (rules without a match may be left out)."""


class CompiledRules(Protocol):
    """Rules compiled for one engine. ``evaluate`` must be thread safe."""

    def evaluate(self, facts: Facts, params: Params) -> Matches:
        """Canonical bindings per rule id for one household's facts."""
        ...


@dataclass(frozen=True)
class EngineSpec:
    """A registered engine: its name, a line of description and its compiler."""

    name: str
    description: str
    compile: Callable[[Sequence[Rule]], CompiledRules]
    unavailable: Callable[[], str | None] = lambda: None
    """Why the engine cannot run on this machine (None when it can): checked before a
    default engine is chosen."""


_REGISTRY: dict[str, EngineSpec] = {}


def register_engine(spec: EngineSpec) -> None:
    """Make an engine available by name (a name can be registered once)."""
    if spec.name in _REGISTRY:
        raise EngineError(f"an engine named {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec


def engine_names() -> tuple[str, ...]:
    """The registered engine names, in registration order."""
    return tuple(_REGISTRY)


def engine_spec(name: str) -> EngineSpec:
    """The engine registered as ``name``; :class:`EngineError` naming the known ones."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(repr(n) for n in _REGISTRY)
        raise EngineError(f"unknown engine {name!r}: use one of {known}") from None


def enabled_rules(rules: Sequence[Rule], params: Params) -> list[Rule]:
    """The rules that are switched on at these parameter values: no ``enabled_by``, or its
    parameter is ja (nee for ``enabled_by: {not: …}``, ``enabled_when`` False)."""
    return [r for r in rules if r.enabled_by is None or params.get(r.enabled_by) is r.enabled_when]


def canonical_matches(rule: Rule, bindings: Sequence[Binding]) -> list[Binding]:
    """Sort bindings and drop those binding the same set of facts.

    A pair join over one fact type finds each pair twice (once per order); both engines
    report it once. The order is by the fact ids bound, alias by alias.
    """
    if len(bindings) == 1:
        return list(bindings)
    aliases = [p.alias for p in rule.patterns if not p.negated]
    types = rule.aliases

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
