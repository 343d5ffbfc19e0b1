"""Signals from matches: the rendered message, the explanation and the matched facts.

Every engine returns bindings (alias -> fact); this module turns one binding of one rule
into an explained :class:`~gezinsplan.signal.Signal`. Signals are built without
re-validation: every value here comes from validated rules and typed facts, so the
result is valid by construction (a test re-validates signals built this way).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from gezinsplan.model.enums import Leefgebied
from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Rule
from gezinsplan.signal import MatchedFact, Signal

__all__ = ["build_signal", "render_message"]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
Binding = Mapping[str, Mapping[str, Any]]
_DATE_FIELDS = {
    t: {f for f, (kind, _) in fields.items() if kind == "date"} for t, fields in FACT_SCHEMA.items()
}


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def render_message(rule: Rule, binding: Binding, params: Mapping[str, ParameterValue]) -> str:
    """Fill ``{alias.field}`` and ``{param:id}`` placeholders (nothing else is evaluated)."""

    def fill(m: re.Match[str]) -> str:
        key = m.group(1)
        if key.startswith("param:"):
            return _display(params[key[6:]])
        alias, _, fld = key.partition(".")
        return _display(binding[alias][fld])

    return _PLACEHOLDER.sub(fill, rule.message)


def explain(rule: Rule, binding: Binding, params: Mapping[str, ParameterValue]) -> str:
    """Why the rule fired, in words: the facts bound, the absences, the parameters."""
    parts = []
    for p in rule.patterns:
        if p.negated:
            conds = ", ".join(f"{c.field} {c.op} …" for c in p.conditions) or "any"
            parts.append(f"geen {p.fact} met {conds}")
            continue
        fact = binding[p.alias]
        shown = ", ".join(f"{c.field}={_display(fact[c.field])}" for c in p.conditions)
        parts.append(f"{p.fact} {fact['id']}: {shown or 'aanwezig'}")
    text = "; ".join(parts)
    if rule.parameters:
        text += " | parameters: " + ", ".join(
            f"{pid}={_display(params[pid])}" for pid in rule.parameters
        )
    return text


def _json(value: ParameterValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def build_signal(
    rule: Rule,
    binding: Binding,
    household_id: str,
    peildatum: date,
    params: Mapping[str, ParameterValue],
    rules_version: str = "",
) -> Signal:
    """The explained signal of one binding of ``rule``."""
    members: set[str] = set()
    facts: list[MatchedFact] = []
    for p in rule.patterns:
        if p.negated:
            continue
        fact = binding[p.alias]
        if p.fact == "member":
            members.add(str(fact["id"]))
        elif fact.get("member"):
            members.add(str(fact["member"]))
        hidden = _DATE_FIELDS[p.fact]
        facts.append(
            MatchedFact.model_construct(
                type=p.fact,
                id=str(fact["id"]),
                # date fields (the 18th birthday) would reveal a birth date: left out;
                # the deadline travels separately
                attributes={k: fact[k] for k in sorted(fact) if k != "id" and k not in hidden},
            )
        )
    deadline = None
    if rule.deadline is not None:
        alias, fld = rule.deadline
        deadline = date.fromisoformat(binding[alias][fld])
    return Signal.model_construct(
        rule_id=rule.id,
        title=rule.title,
        category=rule.category,
        severity=rule.severity,
        household_id=household_id,
        peildatum=peildatum,
        members=tuple(sorted(members)),
        leefgebied=Leefgebied(rule.leefgebied) if rule.leefgebied else None,
        deadline=deadline,
        facts=tuple(facts),
        parameters={pid: _json(params[pid]) for pid in rule.parameters},
        source=rule.source,
        message=render_message(rule, binding, params),
        explanation=explain(rule, binding, params),
        rules_version=rules_version,
    )
