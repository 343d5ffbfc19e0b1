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

from gezinsplan.model.enums import Leefgebied, Wet
from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Rule, date_at, missed_words, split_placeholder
from gezinsplan.rules.terms import URGENT_PARAMETER, value_on
from gezinsplan.signal import MatchedFact, Signal, SignalAction

__all__ = ["build_signal", "count_phrase", "render_message"]

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


class _Template:
    """What never changes between two signals of one rule, prepared once."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        # (literal, alias or "param:", field, word forms of a count placeholder or None)
        self.message: list[tuple[str, str, str, tuple[str, str] | None]] = []
        pos = 0
        for m in _PLACEHOLDER.finditer(rule.message):
            literal = rule.message[pos : m.start()]
            key, forms = split_placeholder(m.group(1))
            if key.startswith("param:"):
                self.message.append((literal, "param:", key[6:], forms))
            else:
                alias, _, fld = key.partition(".")
                self.message.append((literal, alias, fld, forms))
            pos = m.end()
        self.tail = rule.message[pos:]
        self.positive = [
            (p.fact, p.alias, tuple(c.field for c in p.conditions))
            for p in rule.patterns
            if not p.negated
        ]
        self.explain: list[tuple[str, str, tuple[str, ...]] | str] = []
        for p in rule.patterns:
            if p.negated:
                conds = ", ".join(f"{c.field} {c.op} …" for c in p.conditions) or "any"
                self.explain.append(f"geen {p.fact} met {conds}")
            else:
                self.explain.append((p.fact, p.alias, tuple(c.field for c in p.conditions)))


_SLOT = "_explain_template"


def _template(rule: Rule) -> _Template:
    """The rule's prepared template, kept on the rule itself (it lives and dies with
    the rule: no global cache keeps dropped rule sets alive)."""
    state = vars(rule)
    t: _Template | None = state.get(_SLOT)
    if t is None:
        t = state[_SLOT] = _Template(rule)
    return t


def _count_word(value: Any, forms: tuple[str, str]) -> str:
    """The singular for a count of 1 (or -1), the plural for any other count."""
    return forms[0] if value in (1, -1) and not isinstance(value, bool) else forms[1]


def count_phrase(n: int, singular: str, plural: str) -> str:
    """``1 lid``, ``2 leden``, ``0 leden``: the number and the word that fits it (the
    same choice as a count placeholder in a rule message)."""
    return f"{n} {_count_word(n, (singular, plural))}"


def render_message(rule: Rule, binding: Binding, params: Mapping[str, ParameterValue]) -> str:
    """Fill ``{alias.field}`` and ``{param:id}`` placeholders, and choose the word of a
    count placeholder ``{alias.field|singular|plural}`` (nothing else is evaluated)."""
    t = _template(rule)
    out = []
    for literal, alias, fld, forms in t.message:
        out.append(literal)
        value = params[fld] if alias == "param:" else binding[alias][fld]
        out.append(_display(value) if forms is None else _count_word(value, forms))
    out.append(t.tail)
    return "".join(out)


def explain(rule: Rule, binding: Binding, params: Mapping[str, ParameterValue]) -> str:
    """Why the rule fired, in words: the facts bound, the absences, the parameters."""
    parts = []
    for item in _template(rule).explain:
        if isinstance(item, str):
            parts.append(item)
            continue
        fact_type, alias, fields = item
        fact = binding[alias]
        shown = ", ".join(f"{f}={_display(fact[f])}" for f in fields)
        parts.append(f"{fact_type} {fact['id']}: {shown or 'aanwezig'}")
    text = "; ".join(parts)
    if rule.parameters:
        text += " | parameters: " + ", ".join(
            f"{pid}={_display(params[pid])}" for pid in rule.parameters
        )
    return text


_KEYS: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _attribute_keys(fact_type: str, fact: Mapping[str, Any]) -> tuple[str, ...]:
    """The shown attributes of a fact: all but the id and date fields, sorted."""
    cache_key = (fact_type, tuple(fact))
    keys = _KEYS.get(cache_key)
    if keys is None:
        hidden = _DATE_FIELDS.get(fact_type, set())
        keys = tuple(sorted(k for k in fact if k != "id" and k not in hidden))
        _KEYS[cache_key] = keys
    return keys


_SIGNAL_FIELDS = frozenset(Signal.model_fields)
_FACT_FIELDS = frozenset(MatchedFact.model_fields)


def _trusted(cls: type[Any], values: dict[str, Any], all_fields: frozenset[str]) -> Any:
    """An instance of a pydantic model from values that are valid by construction.

    Like ``model_construct`` without its per-field default handling (every field is
    given), which costs more than the rest of building a signal; a test re-validates
    signals built here and compares them with the validated ones.
    """
    obj = object.__new__(cls)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(all_fields))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj


def _json(value: ParameterValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _wet(rule: Rule, binding: Binding) -> Wet | None:
    if rule.wet is None:
        return None
    if isinstance(rule.wet, str):
        return Wet(rule.wet)
    alias, fld = rule.wet
    return Wet(binding[alias][fld])


def _term_on(rule: Rule, params: Mapping[str, ParameterValue], day: date) -> Mapping[str, Any]:
    """``params`` with the deadline's term read on ``day`` (the event it counts from or
    back to), so that a message quotes the term its date was computed with; ``params``
    itself when that value is the one at the peildatum."""
    term = rule.deadline_term
    if term is None or not isinstance(term.amount, str) or term.amount not in params:
        return params
    value = value_on(params, term.amount, day)
    if value == params[term.amount]:
        return params
    return {**params, term.amount: value}


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
    for fact_type, alias, _ in _template(rule).positive:
        fact = binding[alias]
        if fact_type == "member":
            members.add(str(fact["id"]))
        elif fact.get("member"):
            members.add(str(fact["member"]))
        facts.append(
            _trusted(
                MatchedFact,
                {
                    "type": fact_type,
                    "id": str(fact["id"]),
                    # date fields (the 18th birthday) would reveal a birth date: left out;
                    # the deadline travels separately
                    "attributes": {k: fact[k] for k in _attribute_keys(fact_type, fact)},
                },
                _FACT_FIELDS,
            )
        )
    deadline = overdue_since = None
    missed = ""
    why = explain(rule, binding, params)
    shown = params
    if rule.deadline is not None:
        alias, fld = rule.deadline
        day = date.fromisoformat(binding[alias][fld])
        shown = _term_on(rule, params, day)
        deadline, late = rule.deadline_at(day, params, peildatum)
        if late is not None:
            overdue_since = late.since
            missed = rule.missed_term(day, late, params)
            urgent = params.get(URGENT_PARAMETER, 0)
            why += f" | te laat: nieuw {urgent} werkdagen na de peildatum ({URGENT_PARAMETER})"
    actions = []
    for a in rule.actions:
        due = since = None
        words = ""
        if a.due is not None:
            day = date.fromisoformat(binding[a.due[0]][a.due[1]])
            due, late = date_at(a.due_term, day, params, peildatum)
            if late is not None:
                since = late.since
                words = missed_words(a.due_term, a.due[1], day, late, params)
        actions.append(
            SignalAction(
                id=a.id,
                text=a.text,
                letter=a.letter,
                owner=a.owner,
                law=a.law,
                basis=a.citations(),
                due=due,
                overdue_since=since,
                missed_term=words,
            )
        )
    signal: Signal = _trusted(
        Signal,
        {
            "rule_id": rule.id,
            "title": rule.title,
            "category": rule.category,
            "severity": rule.severity,
            "household_id": household_id,
            "peildatum": peildatum,
            "members": tuple(sorted(members)),
            "leefgebied": Leefgebied(rule.leefgebied) if rule.leefgebied else None,
            "deadline": deadline,
            "overdue_since": overdue_since,
            "missed_term": missed,
            "wet": _wet(rule, binding),
            "letter": rule.letter,
            "actions": tuple(actions),
            "facts": tuple(facts),
            "parameters": {pid: _json(params[pid]) for pid in rule.parameters},
            "source": rule.source,
            "message": render_message(rule, binding, shown),
            "explanation": why,
            "rules_version": rules_version,
        },
        _SIGNAL_FIELDS,
    )
    return signal
