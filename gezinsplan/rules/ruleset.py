"""Rule files: format, strict validation and loading.

One rule per YAML file in ``rules/<folder>/<name>.yaml``; the folder names the
category (``triage``, ``veiligheid``, ``bestaanszekerheid``, ``schotten`` → ``schot``,
``transitie``, ``blokkades`` → ``blokkade``, ``conflicten`` → ``conflict``) and the id
is ``<folder>.<name>``. The language is documented in docs/rule-language.md.

Everything is validated here, before an engine sees it; every problem names the
file, the line (from the YAML node marks), the rule id and the field path. YAML is
loaded with the safe loader only: a rule file is data and never runs code.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml

from gezinsplan.errors import ParameterError, Problem, RuleError
from gezinsplan.model.enums import Leefgebied, Wet
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.facts import FACT_SCHEMA, FieldKind
from gezinsplan.rules.legal import LAWS, LegalBasis, parse_basis
from gezinsplan.rules.parameters import ParameterSet, ParameterValue, load_parameters
from gezinsplan.rules.policy import PlanPolicy
from gezinsplan.rules.terms import (
    CALENDAR_PARAMETER,
    URGENT_PARAMETER,
    DatedValues,
    Kind,
    Overdue,
    Term,
    Unit,
    atw_applies,
    calendar_from_params,
    due_date,
    overdue,
    parse_calendar,
    term_words,
)
from gezinsplan.rules.yamlfile import load_strict_yaml
from gezinsplan.signal import Category, Citation, Owner, Severity

__all__ = [
    "FOLDER_CATEGORIES",
    "OPERATORS",
    "Condition",
    "Expectation",
    "Pattern",
    "ProvisionEffect",
    "Rule",
    "RuleAction",
    "RuleSet",
    "RuleTestCase",
    "default_rules",
    "load_rule_file",
    "load_rules",
    "ruleset_by_version",
]

FOLDER_CATEGORIES: dict[str, Category] = {
    "triage": Category.TRIAGE,
    "veiligheid": Category.VEILIGHEID,
    "bestaanszekerheid": Category.BESTAANSZEKERHEID,
    "schotten": Category.SCHOT,
    "transitie": Category.TRANSITIE,
    "conflicten": Category.CONFLICT,
    "blokkades": Category.BLOKKADE,
}
OPERATORS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "not_in")

MAX_RULE_FILE_BYTES = 200_000
"""A rule file larger than this is refused before it is parsed."""
MAX_IN_VALUES = 200
"""An ``in`` / ``not_in`` list (literal or parameter value) holds at most this many values."""
MAX_IN_COMBINATIONS = 256
"""The ``in`` lists of one rule's patterns combine to at most this many alternatives."""
MAX_PATTERNS = 8
"""A rule matches at most this many patterns."""
MAX_RULES = 2000
"""A rule set holds at most this many rules."""
_ORDERING = {"lt", "le", "gt", "ge"}
_RULE_KEYS = {
    "id",
    "title",
    "severity",
    "source",
    "description",
    "message",
    "parameters",
    "when",
    "deadline",
    "leefgebied",
    "tests",
    "enabled_by",
    "wet",
    "letter",
    "basis",
    "actions",
}
_REQUIRED = ("id", "title", "severity", "description", "message", "when", "tests")
_PATTERN_KEYS = {"fact", "as", "not", "where"}
_TEST_KEYS = {"name", "peildatum", "household", "fires"}
_OPTIONAL_TEST_KEYS = {"expect"}
_EXPECT_KEYS = {"members", "deadline", "message_contains", "message_excludes", "count"}
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_ALIAS_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Operand:
    """A value to compare with: a literal, a parameter, or a field of an earlier alias."""

    literal: Any = None
    param: str | None = None
    ref: tuple[str, str] | None = None


@dataclass(frozen=True)
class Condition:
    """``field <op> operand``."""

    field: str
    op: str
    operand: Operand


@dataclass(frozen=True)
class Pattern:
    """One fact pattern of a rule: a fact type, an alias, conditions, maybe negated."""

    fact: str
    alias: str
    negated: bool
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class RuleTestCase:
    """A test case beside a rule: a household fragment and whether the rule fires."""

    name: str
    peildatum: date
    household: Mapping[str, Any]
    fires: bool
    expect: Expectation | None = None


@dataclass(frozen=True)
class Expectation:
    """What a firing case checks beyond "it fires" (every given field must hold).

    ``members``: the members of the signals (sorted, all signals of the rule together);
    ``deadline``: the deadline of every signal; ``message_contains`` /
    ``message_excludes``: words every message holds / no message holds; ``count``: the
    number of signals of the rule.
    """

    members: tuple[str, ...] | None = None
    deadline: date | None = None
    message_contains: tuple[str, ...] = ()
    message_excludes: tuple[str, ...] = ()
    count: int | None = None


@dataclass(frozen=True)
class ProvisionEffect:
    """What carrying out an action does to a provision, for the cost of a variant: a
    provision the rule matched stops (``stop``, the alias of its provision pattern), or a
    new one starts (``start``, with the product, iWmo/iJw category, volume, unit and
    frequency a tariff prices)."""

    effect: Literal["start", "stop"]
    alias: str = ""
    wet: str = ""
    product: str = ""
    category: str = ""
    volume: int | str = 0
    """A whole number, or the id of a parameter that holds one."""
    unit: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class RuleAction:
    """An action a rule declares: what must be done, by whom, under which law, by when."""

    id: str
    text: str
    """For the caseworker (Dutch)."""
    letter: str
    """For the household (plain Dutch, ``{naam}``/``{datum}`` only; may be empty)."""
    owner: Owner
    law: str
    """A key of :data:`gezinsplan.rules.legal.LAWS`."""
    basis: tuple[LegalBasis, ...]
    due: tuple[str, str] | None = None
    """(alias, date field) of its own due date; None: the rule's deadline."""
    due_term: Term | None = None
    provision: ProvisionEffect | None = None
    """The provision that starts or stops when the action is done (for costs)."""

    def citations(self) -> tuple[Citation, ...]:
        """The legal ground in words and as links."""
        return tuple(
            Citation(law=b.law, citation=b.cite(), juriconnect=b.juriconnect, url=b.url)
            for b in self.basis
        )


def date_at(
    term: Term | None, day: date, params: Mapping[str, Any], peildatum: date
) -> tuple[date, Overdue | None]:
    """The date to act by for the date ``day`` a deadline refers to and, when the due date
    lies before ``peildatum``, what was missed (the new date is ``plan.spoed_werkdagen``
    working days after the peildatum). The term and the calendar are read on ``day`` (the
    event or start it counts from) when ``params`` can be read at another date
    (:class:`~gezinsplan.rules.terms.DatedValues`); the urgent term at the peildatum."""
    cal = calendar_from_params(params, day)
    due = day if term is None else due_date(term, day, term.resolve(params, day), cal)
    late = overdue(
        due, peildatum, calendar_from_params(params), int(params.get(URGENT_PARAMETER, 0))
    )
    return (late.new_date if late else due), late


def missed_words(
    term: Term | None, fld: str, day: date, late: Overdue, params: Mapping[str, Any]
) -> str:
    """Which term was missed, in plain Dutch: what it counts from and when it ran out."""
    term = term or Term()
    label = _DATE_LABELS.get(fld, fld.replace("_", " "))
    return (
        f"{term_words(term, term.resolve(params, day))} {label} {day.isoformat()}, "
        f"uiterlijk {late.due.isoformat()}"
    )


@dataclass(frozen=True)
class Rule:
    """A validated rule."""

    id: str
    title: str
    category: Category
    severity: Severity
    source: str
    description: str
    message: str
    parameters: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    deadline: tuple[str, str] | None
    leefgebied: str | None
    tests: tuple[RuleTestCase, ...]
    path: str
    enabled_by: str | None = None
    """A ja/nee parameter that switches the rule on (municipal rules: blokkades)."""
    enabled_when: bool = True
    """The value of ``enabled_by`` at which the rule is on: False for
    ``enabled_by: {not: <parameter>}`` (the rule is on while the parameter is nee)."""
    letter: str = ""
    """The same signal in plain Dutch (B1) for the household's letter: ``{naam}`` (the
    member's first name) and ``{datum}`` (the deadline) are its only placeholders."""
    wet: str | tuple[str, str] | None = None
    """The law under which the follow-up action falls: a Wet value, or (alias, field) of
    a matched fact's ``wet``. Required for transitie rules (the plan names it)."""
    deadline_term: Term | None = None
    """What the deadline is: the date itself, a lead time before it or a term after it
    (:mod:`gezinsplan.rules.terms`)."""
    basis: tuple[LegalBasis, ...] = ()
    """The legal basis, structured (law, BWB id, article, lid, …); ``source`` is its
    citation in words. Empty only for a rule file that still has a free-text source."""
    actions: tuple[RuleAction, ...] = ()
    """The actions the rule asks for: who does what, under which law, by when."""

    def shift_deadline(self, day: date, params: Mapping[str, Any]) -> date:
        """The due date for the date ``day`` the deadline refers to, with ``params`` (the
        rule set's values at a peildatum, with its calendar ``kalender.feestdagen``)."""
        if self.deadline_term is None:
            return day
        term = self.deadline_term
        return due_date(term, day, term.resolve(params, day), calendar_from_params(params, day))

    def deadline_at(
        self, day: date, params: Mapping[str, Any], peildatum: date
    ) -> tuple[date, Overdue | None]:
        """The date to act by and, when the due date lies before ``peildatum``, what was
        missed: the new date is ``plan.spoed_werkdagen`` working days after the peildatum."""
        return date_at(self.deadline_term, day, params, peildatum)

    def missed_term(self, day: date, late: Overdue, params: Mapping[str, Any]) -> str:
        """Which term was missed, in plain Dutch: what it counts from and when it ran out."""
        fld = self.deadline[1] if self.deadline else ""
        return missed_words(self.deadline_term, fld, day, late, params)

    @property
    def aliases(self) -> dict[str, str]:
        """Alias -> fact type of the positive patterns."""
        return {p.alias: p.fact for p in self.patterns if not p.negated}


_DATE_LABELS = {
    "eighteenth_birthday": "de 18e verjaardag",
    "twenty_first_birthday": "de 21e verjaardag",
    "twenty_third_birthday": "de 23e verjaardag",
    "month_after_18": "de eerste dag van de maand na de 18e verjaardag",
    "kinderbijslag_until": "het einde van de kinderbijslag",
    "huisverbod_until": "de laatste dag van het huisverbod",
    "eviction_date": "de datum van de ontruiming",
    "aanvraag_on": "de aanvraag",
    "registered_on": "de melding",
    "start": "de start",
    "end": "het einde",
}
"""Date fields a deadline refers to, in plain Dutch (for a missed term)."""


@dataclass(frozen=True)
class RuleSet:
    """Rules and the parameters they read, with a content hash as version.

    A rule set knows its own plan policy (:meth:`plan_policy`), so signals and plans
    always come from one rule set. Values per peildatum are cached (thread safe: the
    cache only ever gains equal values).
    """

    rules: tuple[Rule, ...]
    parameters: ParameterSet
    version: str
    directory: str = ""
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        _register(self)

    def __getstate__(self) -> dict[str, Any]:
        # the cache holds compiled engines (C handles): rebuilt on the other side
        return {k: v for k, v in self.__dict__.items() if k != "_cache"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        object.__setattr__(self, "_cache", {})
        _register(self)

    def __repr__(self) -> str:
        return f"RuleSet({len(self.rules)} rules, version={self.version[:12]})"

    def rule(self, rule_id: str) -> Rule:
        """The rule with ``rule_id``."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def params_at(self, peildatum: date) -> dict[str, ParameterValue]:
        """The values at ``peildatum`` of every parameter a rule reads (cached). The mapping
        can also read a value at another date (:class:`~gezinsplan.rules.terms.DatedValues`):
        terms are read at the date of their event."""
        key = ("params", peildatum)
        found: dict[str, ParameterValue] | None = self._cache.get(key)
        if found is None:
            needed = {pid for r in self.rules for pid in r.parameters}
            needed |= {r.enabled_by for r in self.rules if r.enabled_by}
            needed |= {CALENDAR_PARAMETER, URGENT_PARAMETER} & set(self.parameters)
            found = DatedValues(
                {pid: self.parameters.value(pid, peildatum) for pid in sorted(needed)},
                self.parameters.value_from,
                self.parameters.next_change,
            )
            self._cache_put(key, found)
        return found

    def plan_policy(self, peildatum: date) -> PlanPolicy:
        """The plan policy (``plan.*`` parameters) of this rule set at ``peildatum`` (cached)."""
        key = ("policy", peildatum)
        found: PlanPolicy | None = self._cache.get(key)
        if found is None:
            found = PlanPolicy.from_parameters(self.parameters, peildatum)
            self._cache_put(key, found)
        return found

    def _cache_put(self, key: Any, value: Any) -> None:
        if len(self._cache) > 4096:  # a long-running service sees many peildata
            self._cache.clear()
        self._cache[key] = value

    def with_parameters(self, parameters: ParameterSet, label: str = "variant") -> RuleSet:
        """The same rules over other parameter values (a Taskforce variant)."""
        digest = hashlib.sha256(
            (
                self.version
                + label
                + repr(sorted((k, tuple(sorted(v.values.items()))) for k, v in parameters.items()))
            ).encode()
        ).hexdigest()
        return RuleSet(self.rules, parameters, digest, self.directory)


_REGISTRY: dict[str, list[weakref.ref[RuleSet]]] = {}
"""Content hash -> weak references to the live rule sets with it (several objects may
share one hash: loading the same folder twice)."""


def _register(rules: RuleSet) -> None:
    refs = [r for r in _REGISTRY.get(rules.version, ()) if r() is not None]
    refs.append(weakref.ref(rules))
    _REGISTRY[rules.version] = refs
    if len(_REGISTRY) > 1024:  # drop hashes whose rule sets are all gone
        for version in [v for v, rs in _REGISTRY.items() if all(r() is None for r in rs)]:
            _REGISTRY.pop(version, None)


_KEPT: dict[str, RuleSet] = {}


def kept_ruleset(rules: RuleSet) -> RuleSet:
    """The first rule set with the version of ``rules`` seen in this process, kept alive:
    a worker process that receives the same rules with every chunk of work then keeps its
    compiled queries and parameter caches from chunk to chunk."""
    if len(_KEPT) > 64 and rules.version not in _KEPT:
        _KEPT.clear()
    return _KEPT.setdefault(rules.version, rules)


def ruleset_by_version(version: str) -> RuleSet | None:
    """A live rule set with this content hash, or None."""
    for ref in _REGISTRY.get(version, ()):
        found = ref()
        if found is not None:
            return found
    return None


# -- YAML with line numbers ------------------------------------------------------------


def _line_index(node: yaml.Node | None) -> dict[tuple[Any, ...], int]:
    lines: dict[tuple[Any, ...], int] = {}

    def walk(n: yaml.Node, path: tuple[Any, ...]) -> None:
        lines[path] = n.start_mark.line + 1
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                key = k.value
                lines[(*path, key)] = k.start_mark.line + 1
                walk(v, (*path, key))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                walk(v, (*path, i))

    if node is not None:
        walk(node, ())
    return lines


def _fmt(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Collector:
    def __init__(self, source: str, rule_id: str, lines: dict[tuple[Any, ...], int]) -> None:
        self.source = source
        self.rule_id = rule_id
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple[Any, ...], message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.lines.get(path[:cut])
            if line is not None:
                break
        prefix = f"rule {self.rule_id}: " if self.rule_id else ""
        self.problems.append(Problem(self.source, _fmt(path), prefix + message, line))


# -- validation ------------------------------------------------------------------------


def _kind_ok(kind: FieldKind, value: Any) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, str)


def _parse_operand(
    raw: Any,
    op: str,
    kind: FieldKind,
    path: tuple[Any, ...],
    c: _Collector,
    aliases: dict[str, str],
    params: ParameterSet,
    used_params: set[str],
) -> Operand | None:
    if isinstance(raw, dict):
        if set(raw) == {"param"}:
            pid = raw["param"]
            if not isinstance(pid, str) or pid not in params:
                c.add((*path, "param"), f"unknown parameter {pid!r}")
                return None
            for start, value in params[pid].values.items():
                expected_list = op in ("in", "not_in")
                values = list(value) if isinstance(value, tuple) else [value]
                if expected_list != isinstance(value, tuple) or not all(
                    _kind_ok(kind, v) for v in values
                ):
                    c.add(
                        (*path, "param"),
                        f"parameter {pid!r} value from {start.isoformat()} does not fit "
                        f"operator {op!r} on a {kind} field",
                    )
                    return None
                if len(values) > MAX_IN_VALUES:
                    c.add(
                        (*path, "param"),
                        f"parameter {pid!r} value from {start.isoformat()} holds {len(values)} "
                        f"values; operator {op!r} takes at most {MAX_IN_VALUES}",
                    )
                    return None
            used_params.add(pid)
            return Operand(param=pid)
        if set(raw) == {"ref"}:
            ref = raw["ref"]
            if not isinstance(ref, str) or ref.count(".") != 1:
                c.add((*path, "ref"), "a ref is 'alias.field'")
                return None
            alias, fld = ref.split(".")
            if alias not in aliases:
                c.add((*path, "ref"), f"unknown alias {alias!r} (define it in an earlier pattern)")
                return None
            fkind = FACT_SCHEMA[aliases[alias]].get(fld)
            if fkind is None:
                c.add((*path, "ref"), f"fact {aliases[alias]!r} has no field {fld!r}")
                return None
            if fkind[0] != kind or op in ("in", "not_in"):
                c.add((*path, "ref"), f"cannot compare a {kind} field with {ref} ({fkind[0]})")
                return None
            return Operand(ref=(alias, fld))
        c.add(path, "a value is a literal, {param: id} or {ref: alias.field}")
        return None
    if op in ("in", "not_in"):
        if not isinstance(raw, list) or not raw or not all(_kind_ok(kind, v) for v in raw):
            c.add(path, f"operator {op!r} needs a non-empty list of {kind} values")
            return None
        if len(raw) > MAX_IN_VALUES:
            c.add(path, f"operator {op!r} takes at most {MAX_IN_VALUES} values, got {len(raw)}")
            return None
        return Operand(literal=tuple(raw))
    if not _kind_ok(kind, raw):
        c.add(path, f"expected a {kind} value, got {type(raw).__name__}")
        return None
    return Operand(literal=raw)


def _parse_pattern(
    raw: Any,
    index: int,
    c: _Collector,
    aliases: dict[str, str],
    params: ParameterSet,
    used_params: set[str],
) -> Pattern | None:
    path: tuple[Any, ...] = ("when", index)
    if not isinstance(raw, dict):
        c.add(path, "a pattern is a mapping with fact, as, not, where")
        return None
    for key in sorted(set(map(str, raw)) - _PATTERN_KEYS):
        c.add((*path, key), f"unknown key (allowed: {', '.join(sorted(_PATTERN_KEYS))})")
    fact = raw.get("fact")
    if not isinstance(fact, str) or fact not in FACT_SCHEMA:
        c.add((*path, "fact"), f"unknown fact type {fact!r} (known: {', '.join(FACT_SCHEMA)})")
        return None
    negated = raw.get("not", False)
    if not isinstance(negated, bool):
        c.add((*path, "not"), "must be true or false")
        return None
    if negated and index == 0:
        c.add((*path, "not"), "the first pattern cannot be negated")
    alias = raw.get("as", f"_{index}")
    if not isinstance(alias, str) or not (_ALIAS_RE.match(alias) or alias == f"_{index}"):
        c.add((*path, "as"), "an alias is a lower-case name")
        return None
    if alias in aliases:
        c.add((*path, "as"), f"duplicate alias {alias!r}")
        return None
    where = raw.get("where", {})
    if not isinstance(where, dict):
        c.add((*path, "where"), "where is a mapping of field to condition")
        return None
    conditions: list[Condition] = []
    schema = FACT_SCHEMA[fact]
    for fname, spec in where.items():
        fpath = (*path, "where", fname)
        if fname not in schema:
            c.add(fpath, f"fact {fact!r} has no field {fname!r}")
            continue
        kind = schema[fname][0]
        items = (
            spec.items()
            if isinstance(spec, dict) and not set(spec) & {"param", "ref"}
            else [("eq", spec)]
        )
        for op, value in items:
            if op not in OPERATORS:
                c.add((*fpath, op), f"unknown operator {op!r} (known: {', '.join(OPERATORS)})")
                continue
            if op in _ORDERING and kind in ("bool", "date"):
                c.add((*fpath, op), f"operator {op!r} cannot compare a {kind} field")
                continue
            operand = _parse_operand(
                value,
                op,
                kind,
                (*fpath, op) if isinstance(spec, dict) and op in spec else fpath,
                c,
                aliases,
                params,
                used_params,
            )
            if operand is not None:
                conditions.append(Condition(fname, op, operand))
    if not negated:
        aliases[alias] = fact
    return Pattern(fact, alias, negated, tuple(conditions))


_WORD_FORM_RE = re.compile(r"^[^\W\d_]+(?:[ '-][^\W\d_]+)*$")
MAX_WORD_FORM = 40


def split_placeholder(placeholder: str) -> tuple[str, tuple[str, str] | None]:
    """``alias.field`` or ``param:id``, and the word forms of a count placeholder.

    ``{h.n_wetten|wet|wetten}`` stands for ``wet`` when ``h.n_wetten`` is 1 (or -1) and
    ``wetten`` otherwise; the loader checks that the key is a whole number and that
    there are exactly two word forms.
    """
    key, bar, rest = placeholder.partition("|")
    if not bar:
        return key, None
    singular, _, plural = rest.partition("|")
    return key, (singular, plural)


def _int_parameter(param: Any) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in param.values.values())


def _check_message(
    message: str, c: _Collector, aliases: dict[str, str], params: ParameterSet, used: set[str]
) -> None:
    for placeholder in _PLACEHOLDER_RE.findall(message):
        key, forms = split_placeholder(placeholder)
        if forms is not None and (
            placeholder.count("|") != 2
            or not all(_WORD_FORM_RE.match(f) and len(f) <= MAX_WORD_FORM for f in forms)
        ):
            c.add(
                ("message",),
                f"placeholder {{{placeholder}}}: a count placeholder is "
                "{alias.field|singular|plural} or {param:id|singular|plural}, with two "
                f"word forms of letters (at most {MAX_WORD_FORM} characters each)",
            )
            continue
        if key.startswith("param:"):
            pid = key[6:]
            if pid not in params:
                c.add(("message",), f"unknown parameter {pid!r} in placeholder")
            elif forms is not None and not _int_parameter(params[pid]):
                c.add(
                    ("message",),
                    f"placeholder {{{placeholder}}}: parameter {pid!r} is not a whole "
                    "number at every date, so it cannot choose between singular and plural",
                )
            used.add(pid)
            continue
        alias, _, fld = key.partition(".")
        if alias not in aliases or fld not in FACT_SCHEMA[aliases[alias]]:
            c.add(("message",), f"placeholder {{{placeholder}}} names no alias.field of the rule")
        elif forms is not None and FACT_SCHEMA[aliases[alias]][fld][0] != "int":
            c.add(
                ("message",),
                f"placeholder {{{placeholder}}}: {key} is not a whole number (int field), "
                "so it cannot choose between singular and plural",
            )


_LETTER_FIELD = re.compile(r"\{([^{}]*)\}")


def _parse_letter(raw: Any, category: Category, has_deadline: bool, c: _Collector) -> str:
    """``letter``: plain Dutch for the household; ``{naam}`` and ``{datum}`` only."""
    if raw is None:
        if category is Category.TRANSITIE:
            c.add(
                ("letter",),
                "a transitie rule says what it means for the household in plain Dutch "
                "(letter: with {naam} and {datum})",
            )
        return ""
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 400:
        c.add(("letter",), "a text of at most 400 characters")
        return ""
    for name in _LETTER_FIELD.findall(raw):
        if name not in ("naam", "datum"):
            c.add(("letter",), f"unknown placeholder {{{name}}} (allowed: {{naam}}, {{datum}})")
        elif name == "datum" and not has_deadline:
            c.add(("letter",), "{datum} needs a deadline")
    return raw.strip()


def _parse_wet(
    raw: Any, category: Category, c: _Collector, aliases: dict[str, str]
) -> str | tuple[str, str] | None:
    """``wet: <Wet>`` or ``wet: {ref: alias.wet}``; required for transitie rules."""
    known = sorted(w.value for w in Wet)
    if raw is None:
        if category is Category.TRANSITIE:
            c.add(
                ("wet",),
                "a transitie rule names the law of its follow-up: wet: <one of "
                f"{', '.join(known)}> or wet: {{ref: alias.wet}}",
            )
        return None
    if isinstance(raw, str):
        if raw not in known:
            c.add(("wet",), f"unknown wet {raw!r} (known: {', '.join(known)})")
            return None
        return raw
    ref = raw.get("ref") if isinstance(raw, dict) and len(raw) == 1 else None
    alias, _, fld = (ref if isinstance(ref, str) else "").partition(".")
    if alias not in aliases or fld != "wet" or "wet" not in FACT_SCHEMA[aliases[alias]]:
        c.add(("wet",), "wet is a Wet value or {ref: alias.wet} of a matched fact with a wet")
        return None
    return (alias, fld)


_AMOUNTS: dict[str, tuple[Kind, Unit, str]] = {
    "days_before": ("before", "days", "dagen"),
    "months_before": ("before", "months", "maanden"),
    "werkdagen_before": ("before", "werkdagen", "werkdagen"),
    "days_after": ("after", "days", "dagen"),
    "weeks_after": ("after", "weeks", "weken"),
    "months_after": ("after", "months", "maanden"),
    "werkdagen_after": ("after", "werkdagen", "werkdagen"),
}
_DEADLINE_KEYS = {"ref", "before", "atw", *_AMOUNTS}


def _parse_deadline(
    raw: Any,
    c: _Collector,
    aliases: dict[str, str],
    params: ParameterSet,
    used: set[str],
    at: tuple[str | int, ...] = ("deadline",),
) -> tuple[tuple[str, str] | None, Term | None]:
    """``{ref: alias.field}`` and what the deadline is: a lead time before that date
    (``before: true`` or ``*_before``) or a term after it (``*_after`` with ``atw``)."""
    if raw is None:
        return None, None
    shape = (
        f"{at[-1]} is {{ref: alias.field}} naming a date field, with before: true, or one of "
        + ", ".join(_AMOUNTS)
    )
    if not isinstance(raw, dict):
        c.add(at, shape)
        return None, None
    for key in sorted(set(map(str, raw)) - _DEADLINE_KEYS):
        c.add((*at, key), f"unknown key (allowed: {', '.join(sorted(_DEADLINE_KEYS))})")
    ref = raw.get("ref")
    alias, _, fld = (ref if isinstance(ref, str) else "").partition(".")
    if alias not in aliases or FACT_SCHEMA[aliases[alias]].get(fld, ("",))[0] != "date":
        c.add(at, shape)
        return None, None
    where = (alias, fld)
    amounts = [(k, raw[k]) for k in _AMOUNTS if k in raw]
    if len(amounts) > 1:
        c.add(at, "give one of " + ", ".join(_AMOUNTS))
        return where, None
    before = raw.get("before")
    if before is not None and before is not True:
        c.add((*at, "before"), "before is true (a lead time before the date) or absent")
        return where, None
    atw = raw.get("atw")
    if atw is not None and not isinstance(atw, bool):
        c.add((*at, "atw"), "atw is true or false")
        return where, None
    if not amounts:
        if atw is not None:
            c.add((*at, "atw"), "atw goes with a term after the date (days_after, …)")
            return where, None
        return where, (Term("before") if before else Term("on"))
    key, amount = amounts[0]
    kind, unit, param_unit = _AMOUNTS[key]
    if kind == "after" and before:
        c.add((*at, "before"), f"before: true does not go with {key}")
        return where, None
    if kind == "before" and atw is not None:
        c.add(
            (*at, "atw"),
            "the Algemene termijnenwet does not extend a term counted back from an event "
            "(art. 1 lid 2): leave atw out",
        )
        return where, None
    if kind == "after" and atw is None:
        c.add(
            (*at, key),
            "say whether the Algemene termijnenwet extends this term: atw: true (a term set "
            "in or under a law) or atw: false (a term the municipality sets)",
        )
        return where, None
    if unit == "werkdagen" and atw:
        c.add((*at, "atw"), "a term in working days counts working days: atw: false")
        return where, None
    values: list[Any]
    value: int | str
    if type(amount) is int and 0 <= amount <= 36500:
        values, value = [amount], amount
    else:
        pid = amount.get("param") if isinstance(amount, dict) and len(amount) == 1 else None
        if not isinstance(pid, str):
            c.add((*at, key), "a whole number (0-36500) or {param: id}")
            return where, None
        if pid not in params:
            c.add((*at, key), f"unknown parameter {pid!r}")
            return where, None
        values = list(params[pid].values.values())
        if params[pid].unit != param_unit or not all(
            type(v) is int and 0 <= v <= 36500 for v in values
        ):
            c.add(
                (*at, key),
                f"parameter {pid!r} must hold whole {param_unit} (unit {param_unit})",
            )
            return where, None
        used.add(pid)
        value = pid
    if atw and not all(atw_applies(v, unit) for v in values):
        c.add(
            (*at, "atw"),
            "the Algemene termijnenwet does not apply to terms of more than 90 days, twelve "
            "weeks or three months (art. 4): atw: false",
        )
        return where, None
    return where, Term(kind, value, unit, bool(atw))


_ACTION_KEYS = {"id", "text", "letter", "owner", "wet", "basis", "due", "voorziening"}
_ACTION_REQUIRED = ("id", "text", "owner", "wet", "basis")
_ACTION_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_LAW_ALIASES = {"wmo": "wmo2015", "inburgering": "wi2021"}
"""Wet values of the plan that name one law in :data:`LAWS` under another key."""
MAX_ACTIONS = 8
"""A rule declares at most this many actions."""


def _parse_actions(
    raw: Any,
    c: _Collector,
    aliases: dict[str, str],
    params: ParameterSet,
    used: set[str],
    rule_deadline: tuple[str, str] | None,
) -> list[RuleAction]:
    """``actions``: who does what, under which law and legal ground, by when."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not raw or len(raw) > MAX_ACTIONS:
        c.add(
            ("actions",),
            f"a list of 1 to {MAX_ACTIONS} actions {{id, text, letter, owner, wet, basis, due}}",
        )
        return []
    out: list[RuleAction] = []
    seen: set[str] = set()
    owners = ", ".join(o.value for o in Owner)
    for i, item in enumerate(raw):
        path: tuple[str | int, ...] = ("actions", i)
        if not isinstance(item, dict):
            c.add(path, "an action is a mapping with id, text, letter, owner, wet, basis, due")
            continue
        before = len(c.problems)
        for key in sorted(set(map(str, item)) - _ACTION_KEYS):
            c.add((*path, key), f"unknown key (allowed: {', '.join(sorted(_ACTION_KEYS))})")
        missing = [k for k in _ACTION_REQUIRED if k not in item]
        if missing:
            c.add(path, f"missing {', '.join(missing)}")
            continue
        aid = item["id"]
        if not isinstance(aid, str) or not _ACTION_ID_RE.match(aid):
            c.add((*path, "id"), "an action id is a lower-case name (a-z, 0-9, _)")
        elif aid in seen:
            c.add((*path, "id"), f"duplicate action id {aid!r}")
        else:
            seen.add(aid)
        text = item["text"]
        if not isinstance(text, str) or not text.strip() or len(text) > 400:
            c.add((*path, "text"), "a text of at most 400 characters (for the caseworker)")
        elif _PLACEHOLDER_RE.search(text):
            c.add((*path, "text"), "the caseworker's text has no placeholders")
        try:
            owner = Owner(item["owner"])
        except ValueError:
            c.add((*path, "owner"), f"unknown owner {item['owner']!r} (known: {owners})")
            owner = Owner.GEMEENTE
        law = item["wet"]
        law = _LAW_ALIASES.get(law, law) if isinstance(law, str) else ""
        if law not in LAWS:
            c.add(
                (*path, "wet"),
                f"unknown law {item['wet']!r}: a key of the laws a basis cites ({', '.join(LAWS)})",
            )
        basis, problems = parse_basis(item["basis"])
        for sub, message in problems:
            c.add((*path, "basis", *sub), message)
        if basis and law in LAWS and law not in {b.law for b in basis}:
            c.add((*path, "basis"), f"the basis cites no article of the action's law {law!r}")
        due, due_term = rule_deadline, None
        if "due" in item:
            due, due_term = _parse_deadline(
                item["due"], c, aliases, params, used, at=(*path, "due")
            )
        letter = item.get("letter", "")
        if not isinstance(letter, str) or len(letter) > 400:
            c.add((*path, "letter"), "a text of at most 400 characters")
            letter = ""
        for name in _LETTER_FIELD.findall(letter):
            if name not in ("naam", "datum"):
                c.add(
                    (*path, "letter"),
                    f"unknown placeholder {{{name}}} (allowed: {{naam}}, {{datum}})",
                )
            elif name == "datum" and due is None:
                c.add((*path, "letter"), "{datum} needs a due date (due, or the rule's deadline)")
        effect = (
            _parse_effect(item["voorziening"], c, aliases, params, used, (*path, "voorziening"))
            if "voorziening" in item
            else None
        )
        if len(c.problems) == before:
            out.append(
                RuleAction(
                    id=aid,
                    text=text.strip(),
                    letter=letter.strip(),
                    owner=owner,
                    law=law,
                    basis=tuple(basis),
                    due=due,
                    due_term=due_term,
                    provision=effect,
                )
            )
    return out


_EFFECT_KEYS = {
    "start": {"start", "wet", "product", "categorie", "omvang", "eenheid", "frequentie"},
    "stop": {"stop"},
}
_COSTED_WETTEN = ("wmo", "jeugdwet")


def _parse_effect(
    raw: Any,
    c: _Collector,
    aliases: dict[str, str],
    params: ParameterSet,
    used: set[str],
    at: tuple[str | int, ...],
) -> ProvisionEffect | None:
    """``voorziening``: ``{stop: <alias of a provision pattern>}`` or ``{start: true, wet,
    product, categorie, omvang, eenheid, frequentie}`` (the iWmo/iJw codes a tariff
    prices; ``omvang`` a whole number or ``{param: id}``)."""
    from gezinsplan.model.enums import Eenheid, Frequentie, Product

    kind = "stop" if isinstance(raw, dict) and "stop" in raw else "start"
    if not isinstance(raw, dict) or (kind == "start" and raw.get("start") is not True):
        c.add(
            at,
            "{stop: <alias>} or {start: true, wet, product, categorie, omvang, eenheid, "
            "frequentie}",
        )
        return None
    before = len(c.problems)
    for key in sorted(set(map(str, raw)) - _EFFECT_KEYS[kind]):
        c.add((*at, key), f"unknown key (allowed: {', '.join(sorted(_EFFECT_KEYS[kind]))})")
    if kind == "stop":
        alias = raw["stop"]
        if aliases.get(alias) != "provision":
            c.add((*at, "stop"), "the alias of a provision pattern of this rule")
            return None
        return ProvisionEffect("stop", alias=alias) if len(c.problems) == before else None
    missing = [k for k in sorted(_EFFECT_KEYS["start"] - {"start"}) if k not in raw]
    if missing:
        c.add(at, f"missing {', '.join(missing)}")
        return None
    if raw["wet"] not in _COSTED_WETTEN:
        c.add((*at, "wet"), f"a law whose provisions a tariff prices: {', '.join(_COSTED_WETTEN)}")
    if raw["product"] not in {p.value for p in Product}:
        c.add((*at, "product"), f"unknown product {raw['product']!r}")
    category = raw["categorie"]
    if not isinstance(category, str) or not re.fullmatch(r"[0-9]{2}", category):
        c.add((*at, "categorie"), "a product category code of two digits, as text ('02')")
    if raw["eenheid"] not in {e.value for e in Eenheid}:
        c.add((*at, "eenheid"), f"an Eenheid code ({', '.join(e.value for e in Eenheid)})")
    if raw["frequentie"] not in {f.value for f in Frequentie}:
        c.add(
            (*at, "frequentie"),
            f"a Frequentie code ({', '.join(f.value for f in Frequentie)})",
        )
    amount = raw["omvang"]
    volume: int | str = 0
    if type(amount) is int and 0 < amount <= 99_999_999:
        volume = amount
    else:
        pid = amount.get("param") if isinstance(amount, dict) and len(amount) == 1 else None
        if not isinstance(pid, str) or pid not in params:
            c.add((*at, "omvang"), "a whole number above 0, or {param: id} of a known parameter")
        elif not all(type(v) is int and v > 0 for v in params[pid].values.values()):
            c.add((*at, "omvang"), f"parameter {pid!r} must hold whole numbers above 0")
        else:
            used.add(pid)
            volume = pid
    if len(c.problems) != before:
        return None
    return ProvisionEffect(
        "start",
        wet=raw["wet"],
        product=raw["product"],
        category=category,
        volume=volume,
        unit=raw["eenheid"],
        frequency=raw["frequentie"],
    )


def _texts(raw: Any, path: tuple[str | int, ...], c: _Collector) -> tuple[str, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        c.add(path, "must be a list of non-empty texts")
        return None
    return tuple(raw)


def _parse_expect(
    raw: Any, fires: Any, path: tuple[str | int, ...], c: _Collector
) -> Expectation | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not raw:
        c.add(path, f"expect is a mapping with one or more of {', '.join(sorted(_EXPECT_KEYS))}")
        return None
    if fires is not True:
        c.add(path, "expect only goes with fires: true (a case that does not fire has no signal)")
    for key in sorted(set(map(str, raw)) - _EXPECT_KEYS):
        c.add((*path, key), f"unknown key (allowed: {', '.join(sorted(_EXPECT_KEYS))})")
    members = _texts(raw["members"], (*path, "members"), c) if "members" in raw else None
    deadline = raw.get("deadline")
    if isinstance(deadline, str):
        try:
            deadline = date.fromisoformat(deadline)
        except ValueError:
            deadline = "bad"
    if deadline is not None and not isinstance(deadline, date):
        c.add((*path, "deadline"), "must be a date YYYY-MM-DD")
        deadline = None
    words: dict[str, tuple[str, ...]] = {}
    for key in ("message_contains", "message_excludes"):
        if key in raw:
            words[key] = _texts(raw[key], (*path, key), c) or ()
    count = raw.get("count")
    if count is not None and (type(count) is not int or count < 1):
        c.add((*path, "count"), "must be a whole number of at least 1")
        count = None
    return Expectation(
        members=tuple(sorted(members)) if members is not None else None,
        deadline=deadline,
        message_contains=words.get("message_contains", ()),
        message_excludes=words.get("message_excludes", ()),
        count=count,
    )


def _parse_tests(raw: Any, c: _Collector) -> list[RuleTestCase]:
    tests: list[RuleTestCase] = []
    if not isinstance(raw, list) or not raw:
        c.add(("tests",), "at least one test case is required")
        return tests
    for i, t in enumerate(raw):
        path = ("tests", i)
        if not isinstance(t, dict):
            c.add(path, "a test case is a mapping with name, peildatum, household, fires")
            continue
        allowed = _TEST_KEYS | _OPTIONAL_TEST_KEYS
        for key in sorted(set(map(str, t)) - allowed):
            c.add((*path, key), f"unknown key (allowed: {', '.join(sorted(allowed))})")
        missing = [k for k in sorted(_TEST_KEYS) if k not in t]
        if missing:
            c.add(path, f"missing {', '.join(missing)}")
            continue
        peil = t["peildatum"]
        if isinstance(peil, str):
            try:
                peil = date.fromisoformat(peil)
            except ValueError:
                peil = None
        if not isinstance(peil, date):
            c.add((*path, "peildatum"), "must be a date YYYY-MM-DD")
            continue
        if not isinstance(t["household"], dict) or not isinstance(t["fires"], bool):
            c.add(path, "household must be a mapping and fires true or false")
            continue
        expect = _parse_expect(t.get("expect"), t["fires"], (*path, "expect"), c)
        tests.append(RuleTestCase(str(t["name"]), peil, t["household"], t["fires"], expect))
    if tests and {t.fires for t in tests} != {True, False}:
        c.add(("tests",), "give at least one case where the rule fires and one where it does not")
    return tests


def _parse_basis(data: Mapping[str, Any], c: _Collector) -> tuple[list[LegalBasis], str]:
    """``basis``: the structured legal basis (required); the citation text is made from it.

    A free-text ``source`` (the rule language before v1.4) is refused with a pointer to
    ``basis``: a citation that is not data cannot be checked against the law.
    """
    if "source" in data:
        c.add(
            ("source",),
            "a free-text source is not read: give the legal basis as 'basis' "
            "(law, article, lid, sub, valid_from, note; see docs/rule-language.md)",
        )
    if "basis" not in data:
        c.add((), "missing required key 'basis' (the legal basis: law, article, lid, …)")
        return [], ""
    basis, problems = parse_basis(data["basis"])
    for path, message in problems:
        c.add(("basis", *path), message)
    return basis, "; ".join(b.cite() + (f" ({b.note})" if b.note else "") for b in basis)


def _in_combinations(patterns: list[Pattern], params: ParameterSet) -> int:
    """How many alternatives the positive ``in`` conditions give (largest parameter value)."""
    total = 1
    for p in patterns:
        if p.negated:
            continue
        for cond in p.conditions:
            if cond.op != "in":
                continue
            if cond.operand.param is not None:
                values = params[cond.operand.param].values.values()
                total *= max(len(v) if isinstance(v, tuple) else 1 for v in values)
            elif isinstance(cond.operand.literal, tuple):
                total *= len(cond.operand.literal)
    return total


def _parse_rule(
    data: Any,
    path: Path,
    rule_id_expected: str,
    category: Category,
    params: ParameterSet,
    lines: dict[tuple[Any, ...], int],
) -> tuple[Rule | None, list[Problem]]:
    c = _Collector(str(path), "", lines)
    if not isinstance(data, dict):
        c.add((), "a rule file holds one mapping")
        return None, c.problems
    rid = data.get("id")
    c.rule_id = rid if isinstance(rid, str) else rule_id_expected
    for key in sorted(set(map(str, data)) - _RULE_KEYS):
        c.add((key,), f"unknown key (allowed: {', '.join(sorted(_RULE_KEYS))})")
    for key in _REQUIRED:
        if key not in data:
            c.add((), f"missing required key {key!r}")
    if c.problems:
        return None, c.problems
    if not isinstance(rid, str) or not _ID_RE.match(rid):
        c.add(("id",), "an id is '<category folder>.<name>' in lower case")
    elif rid != rule_id_expected:
        c.add(("id",), f"id {rid!r} does not match the file: expected {rule_id_expected!r}")
    for key in ("title", "description", "message"):
        if not isinstance(data[key], str) or not data[key].strip():
            c.add((key,), "required text")
    basis, source = _parse_basis(data, c)
    try:
        severity = Severity(data["severity"])
    except ValueError:
        c.add(("severity",), f"unknown severity (known: {', '.join(s.value for s in Severity)})")
        severity = Severity.INFO
    declared = data.get("parameters", [])
    if not isinstance(declared, list) or not all(isinstance(p, str) for p in declared):
        c.add(("parameters",), "a list of parameter ids")
        declared = []
    for i, pid in enumerate(declared):
        if pid not in params:
            c.add(("parameters", i), f"unknown parameter {pid!r}")
    when = data["when"]
    patterns: list[Pattern] = []
    aliases: dict[str, str] = {}
    used: set[str] = set()
    if not isinstance(when, list) or not when:
        c.add(("when",), "a non-empty list of patterns")
    elif len(when) > MAX_PATTERNS:
        c.add(("when",), f"a rule has at most {MAX_PATTERNS} patterns, got {len(when)}")
    else:
        for i, raw in enumerate(when):
            p = _parse_pattern(raw, i, c, aliases, params, used)
            if p is not None:
                patterns.append(p)
    if isinstance(data["message"], str):
        _check_message(data["message"], c, aliases, params, used)
    deadline, deadline_term = _parse_deadline(data.get("deadline"), c, aliases, params, used)
    leefgebied = data.get("leefgebied")
    known_domains = {lg.value for lg in Leefgebied}
    if leefgebied is not None and (
        not isinstance(leefgebied, str) or leefgebied not in known_domains
    ):
        c.add(("leefgebied",), f"a leefgebied: one of {', '.join(sorted(known_domains))}")
        leefgebied = None
    wet = _parse_wet(data.get("wet"), category, c, aliases)
    letter = _parse_letter(data.get("letter"), category, deadline is not None, c)
    actions = _parse_actions(data.get("actions"), c, aliases, params, used, deadline)
    enabled_by = data.get("enabled_by")
    enabled_when = True
    if isinstance(enabled_by, dict):
        if set(enabled_by) != {"not"}:
            c.add(("enabled_by",), "a parameter id, or {not: <parameter id>}")
            enabled_by = None
        else:
            enabled_by, enabled_when = enabled_by["not"], False
            if not isinstance(enabled_by, str):
                c.add(("enabled_by", "not"), "a parameter id")
                enabled_by = None
    if enabled_by is not None:
        if not isinstance(enabled_by, str) or enabled_by not in params:
            c.add(("enabled_by",), f"unknown parameter {enabled_by!r}")
        elif not all(isinstance(v, bool) for v in params[enabled_by].values.values()):
            c.add(("enabled_by",), f"parameter {enabled_by!r} must hold ja/nee (true/false)")
        else:
            used.add(enabled_by)
    missing_decl = sorted(used - set(declared))
    if missing_decl:
        c.add(("parameters",), f"parameters used but not declared: {', '.join(missing_decl)}")
    combinations = _in_combinations(patterns, params)
    if combinations > MAX_IN_COMBINATIONS:
        c.add(
            ("when",),
            f"the 'in' lists of the positive patterns combine to {combinations} alternatives; "
            f"at most {MAX_IN_COMBINATIONS} (split the rule or use a parameter with fewer values)",
        )
    tests = _parse_tests(data["tests"], c)
    if c.problems:
        return None, c.problems
    rule = Rule(
        id=str(rid),
        title=data["title"].strip(),
        category=category,
        severity=severity,
        source=source,
        description=data["description"].strip(),
        message=data["message"].strip(),
        parameters=tuple(declared),
        patterns=tuple(patterns),
        deadline=deadline,
        leefgebied=leefgebied,
        tests=tuple(tests),
        path=str(path),
        enabled_by=enabled_by,
        deadline_term=deadline_term,
        enabled_when=enabled_when,
        wet=wet,
        letter=letter,
        basis=tuple(basis),
        actions=tuple(
            a if "due" in data["actions"][i] else replace(a, due_term=deadline_term)
            for i, a in enumerate(actions)
        ),
    )
    return rule, []


def load_rule_file(path: Path, params: ParameterSet, category: Category, rule_id: str) -> Rule:
    """Load and validate one rule file."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise RuleError([Problem(str(path), "", "not a regular file")])
        if size > MAX_RULE_FILE_BYTES:
            raise RuleError(
                [Problem(str(path), "", f"file too large: at most {MAX_RULE_FILE_BYTES} bytes")]
            )
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise RuleError([Problem(str(path), "", "not valid UTF-8")]) from None
    except OSError as e:
        raise RuleError([Problem(str(path), "", f"cannot read: {e.strerror}")]) from None
    try:
        data, node = load_strict_yaml(text)
    except RecursionError:
        raise RuleError([Problem(str(path), "", "nested too deeply")]) from None
    except ValueError as e:  # e.g. an impossible date such as 2026-13-01
        raise RuleError([Problem(str(path), "", f"invalid value: {e}")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(e, "problem", None) or "invalid YAML"
        raise RuleError([Problem(str(path), "", f"YAML syntax error: {reason}", line)]) from None
    rule, problems = _parse_rule(data, path, rule_id, category, params, _line_index(node))
    if problems or rule is None:
        raise RuleError(problems)
    return rule


def _check_calendar(params: ParameterSet, folder: Path) -> list[Problem]:
    """Every dated value of ``kalender.feestdagen`` is a list of holiday rules."""
    if CALENDAR_PARAMETER not in params:
        return []
    path = str(folder.joinpath(*CALENDAR_PARAMETER.split(".")).with_suffix(".yaml"))
    problems: list[Problem] = []
    for start, value in params[CALENDAR_PARAMETER].values.items():
        where = f"values.{start.isoformat()}"
        if not isinstance(value, tuple):
            problems.append(Problem(path, where, "a list of holiday rules (MM-DD Naam, …)"))
            continue
        problems += [Problem(path, where, text) for text in parse_calendar(value)[1]]
    return problems


def _rule_files(root: Path) -> Iterator[tuple[Path, str, Category | None]]:
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root)
        if rel.parts[0] == "parameters":
            continue
        folder = rel.parts[0] if len(rel.parts) == 2 else ""
        yield path, f"{folder}.{path.stem}", FOLDER_CATEGORIES.get(folder)


def load_rules(directory: str | Path | None = None) -> RuleSet:
    """Load and validate every rule under ``directory`` (default: the shipped catalogue).

    Raises :class:`RuleError` listing every problem in every file. (``gezinsplan.load_rules``
    also takes ``variant=``: see :mod:`gezinsplan.variant.load`.)
    """
    root = Path(directory) if directory is not None else default_rules_dir()
    if not root.is_dir():
        raise RuleError([Problem(str(root), "", "rule folder not found")])
    try:
        params = (
            load_parameters(root / "parameters")
            if (root / "parameters").is_dir()
            else ParameterSet({})
        )
    except ParameterError as e:
        raise RuleError(e.problems) from None
    calendar_problems = _check_calendar(params, root / "parameters")
    if calendar_problems:
        raise RuleError(calendar_problems)
    rules: list[Rule] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    digest = hashlib.sha256(params.content_hash.encode())
    for path, rule_id, category in _rule_files(root):
        if not path.is_file():
            problems.append(Problem(str(path), "", "not a regular file (a folder named *.yaml?)"))
            continue
        if category is None:
            problems.append(
                Problem(
                    str(path),
                    "",
                    "a rule file lives in a category folder: " + ", ".join(FOLDER_CATEGORIES),
                )
            )
            continue
        try:
            rule = load_rule_file(path, params, category, rule_id)
        except RuleError as e:
            problems.extend(e.problems)
            continue
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
        if rule.id in seen:
            problems.append(
                Problem(str(path), "id", f"duplicate rule id {rule.id!r} (also in {seen[rule.id]})")
            )
            continue
        seen[rule.id] = str(path)
        rules.append(rule)
    if len(rules) > MAX_RULES:
        problems.append(Problem(str(root), "", f"at most {MAX_RULES} rules, got {len(rules)}"))
    if problems:
        raise RuleError(problems)
    return RuleSet(tuple(sorted(rules, key=lambda r: r.id)), params, digest.hexdigest(), str(root))


@functools.lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The shipped catalogue, loaded once per process."""
    return load_rules()
