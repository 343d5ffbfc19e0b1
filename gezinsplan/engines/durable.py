"""The durable_rules engine (engine ``"durable"``): the ONLY module that imports durable_rules.

Rules are compiled to durable_rules rulesets (one per distinct snapshot of the
parameter values the rules read) and driven through the engine's C core directly:
one batch assertion per household, the matches read from the engine's action queue,
one batch retraction per household. The measured pitfalls of durable_rules 2.0.28 are
designed around:

- no ``Host``: its background dispatcher threads lost signals and crashed processes,
  and its Python wrapper cost about 85% of the time (JSON round trips and a state
  update per match). Actions are never run: a match is read from the queue, recorded,
  and completed;
- one fixed session id is reused (the engine's default, ``"0"``, so a fact and its
  retraction need not carry it) and every asserted fact is retracted after each
  household (positive facts first, negation copies last, so a retraction can never
  complete a negated pattern): every evaluation starts clean and nothing is left
  behind (no ``delete_state``, which can segfault, and no growth in session ids);
- negation is order dependent: every fact type used under ``not`` is asserted first
  as a separate copy (type ``<type>__neg``) that only negated patterns match, so all
  blockers are present before any positive match can complete;
- ``id`` and ``sid`` are reserved: our fact id travels as ``fid``, the engine id is
  ``<type>:<fid>``; two facts with the same engine id are refused before assertion
  (the engine would silently drop the second);
- only the fields some rule reads are asserted; the engine returns fact ids and the
  full facts are taken from the household's own tables;
- values are typed by the rule loader, so the engine's loose comparisons never come
  into play; the engine's "not handled" status (a fact that no pattern wants) is
  expected;
- a fact that matches many sibling alpha nodes overflows the engine's fixed 64-node
  stack and the assertion fails with ``error code: 303``: rule sets are split into
  rulesets of at most :data:`MAX_ENGINE_RULES` engine rules and at most
  :data:`MAX_PATTERNS_PER_TYPE` patterns per fact type, engine rule by engine rule (the
  engine rules of one rule's long `in` list may spread over several rulesets);
- ruleset names are global and final: every compiled ruleset gets a new unique name;
  compiled programs are shared by content, so loading the same rules again (a service,
  a variant loop) compiles nothing new;
- a join reference inside an ``$and`` that also holds an ``$or`` is not applied: ``in``
  lists are expanded into one engine rule per value, so compiled rules hold no ``$or``;
- one fact never fills two aliases of a rule: the engine's semantics, and the
  reference evaluator's (a self-join pairs different facts);
- the C core is not safe for concurrent use of one ruleset: each program is guarded
  by a lock. Threads give no speed-up with durable_rules anyway (the C core holds the
  GIL); processes do.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import durable_rules_engine as _core  # the C core of durable_rules
import orjson

from gezinsplan.engines.base import (
    Binding,
    Facts,
    Matches,
    Params,
    canonical_matches,
    enabled_rules,
)
from gezinsplan.errors import EngineError
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Condition, Operand, Rule

__all__ = [
    "MAX_ENGINE_RULES",
    "MAX_IN_VALUES",
    "MAX_PATTERNS_PER_TYPE",
    "DurableRules",
    "compile_durable",
]

_PLAIN = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _fast(value: Any) -> str:
    return orjson.dumps(value).decode()


_Encode = Callable[[Any], str]
"""JSON text of a value, compact, non-ASCII characters as themselves (UTF-8): the engine
compares the bytes of a string as they were sent, without reading escapes, so a ruleset's
values, the facts and the engine ids of their retraction are all sent this way."""
_names = itertools.count()
_names_lock = threading.Lock()

MAX_IN_VALUES = 200
"""Longest ``in``/``not_in`` list the engine is given (durable_rules refuses a positive
list over 256 values with ``error code: 303`` and hangs on a negated one over 511)."""
MAX_ENGINE_RULES = 200
"""Most engine rules in one durable_rules ruleset. Measured on the catalogue cloned n
times: one ruleset of 264 engine rules works, one of 300 or more fails at assertion with
``error code: 303`` (and ~2,300 hang at registration). Larger rule sets are split over
several rulesets; every household's facts go to each (the ×30 catalogue, 1,320 engine
rules in 7 rulesets, agrees with the reference evaluator)."""
MAX_PATTERNS_PER_TYPE = 40
"""Most patterns on one fact type in one durable_rules ruleset. The engine walks its
alpha network for each fact with a fixed stack of 64 nodes (``MAX_STACK_SIZE`` in its
``events.c``); a fact that matches many sibling alpha nodes overflows it and the
assertion fails with ``error code: 303``. Measured: the catalogue ×10 failed with 120
engine rules per ruleset (about 70 ``member`` patterns) and worked with 100; rule sets
are split so that no fact type has more than this many patterns in one ruleset."""
_MAX_VARIANTS = 256


def _type_counts(definition: Mapping[str, Any]) -> dict[str, int]:
    """Patterns per fact type (``t``) in one compiled engine rule."""
    counts: dict[str, int] = {}
    for entry in definition["all"]:
        for block in entry.values():
            fact_type = block["$and"][0]["t"]
            counts[fact_type] = counts.get(fact_type, 0) + 1
    return counts


def _reason(error: Exception) -> str:
    """The engine's error code only: its messages may quote the facts (personal data)."""
    code = re.search(r"error code: ?(-?[0-9]+)", str(error))
    return f"error code {code.group(1)}" if code else type(error).__name__


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
    value: Any = params[c.operand.param] if c.operand.param is not None else c.operand.literal
    return _value(c.op, fld, value)


def _flat(conditions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Conditions with nested ``$and`` blocks spliced in (a ``not_in`` gives one ``$neq``
    per value); a nested ``$and`` beside a join reference is not applied reliably."""
    out: list[dict[str, Any]] = []
    for c in conditions:
        if set(c) == {"$and"}:
            out.extend(c["$and"])
        elif c:
            out.append(c)
    return out


def _split_in(
    rule: Rule, conditions: tuple[Condition, ...], params: Mapping[str, ParameterValue]
) -> list[tuple[Condition, ...]]:
    """One condition tuple per combination of the values of multi-valued ``in``s."""
    options: list[tuple[Condition, ...]] = [()]
    for c in conditions:
        if c.op in ("in", "not_in"):
            raw = params[c.operand.param] if c.operand.param else c.operand.literal
            values = list(raw) if isinstance(raw, tuple) else [raw]
            if len(values) > MAX_IN_VALUES:
                raise EngineError(
                    f"rule {rule.id}: an {c.op!r} list on {c.field!r} holds {len(values)} "
                    f"values; durable_rules takes at most {MAX_IN_VALUES} (use the python engine "
                    "or a precomputed fact field)"
                )
        if c.op == "in":
            choices = [Condition(c.field, "eq", Operand(literal=v)) for v in values]
        else:
            choices = [c]
        options = [(*o, choice) for o in options for choice in choices]
    return options


def _is_residual(c: Condition) -> bool:
    return c.op == "ne" and c.operand.ref is not None


def _engine_tests(conditions: Sequence[Condition]) -> tuple[Condition, ...]:
    """The conditions of a positive pattern that durable_rules evaluates.

    A ``ne`` join (``field: {ne: {ref: a.f}}``) crashes durable_rules (segfault, more
    often on Python 3.12, depending on memory layout) when it is a pattern's only test or
    when a fact can meet it against itself; in positive patterns it is left out of the
    engine and checked on each match instead (:func:`residual_tests`).
    """
    return tuple(c for c in conditions if not _is_residual(c))


def residual_tests(rule: Rule) -> tuple[tuple[str, str, str, str], ...]:
    """``(alias, field, other alias, other field)`` of every ``ne`` join of a positive
    pattern: a match is kept only when the two values differ."""
    return tuple(
        (p.alias, c.field, *c.operand.ref)
        for p in rule.patterns
        if not p.negated
        for c in p.conditions
        if _is_residual(c) and c.operand.ref is not None
    )


def _compile_rule(
    rule: Rule, params: Mapping[str, ParameterValue]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Compile a rule to durable_rules rule definitions without any ``$or``.

    ``in`` lists are distributed: in a positive pattern ``field in [a, b]`` gives two
    engine rules (either value may match); in a negated pattern it gives two negated
    patterns in the same engine rule (no fact with ``a`` and no fact with ``b``).
    """
    aliases = {p.alias: f"a{i}" for i, p in enumerate(rule.patterns) if not p.negated}
    variants: list[list[dict[str, Any]]] = [[]]
    for i, p in enumerate(rule.patterns):
        fact_type = p.fact + "__neg" if p.negated else p.fact
        conditions = p.conditions if p.negated else _engine_tests(p.conditions)
        splits = _split_in(rule, conditions, params)
        compiled = [
            {
                "$and": [
                    {"t": fact_type},
                    *_flat(_condition(c, aliases, params) for c in conds),
                ]
            }
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


def _fields_read(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """Per engine fact type (``<type>__neg`` for negation copies), the fields asserted:
    of a fact, those that positive patterns test or a join reads; of a negation copy,
    those that negated patterns test. The id travels as ``fid`` on both (not listed)."""
    fields: dict[str, set[str]] = {}
    for r in rules:
        for p in r.patterns:
            engine_type = p.fact + "__neg" if p.negated else p.fact
            fields.setdefault(engine_type, set()).update(
                c.field for c in p.conditions if c.field != "id"
            )
            for c in p.conditions:
                if c.operand.ref is not None:
                    alias, fld = c.operand.ref
                    if fld != "id":
                        fields.setdefault(r.aliases[alias], set()).add(fld)
    return fields


class _Program:
    """The compiled rulesets of one parameter snapshot (not thread safe by itself)."""

    def __init__(self, rules: Sequence[Rule], params: Params) -> None:
        self.rules = {r.id: r for r in rules}
        self.aliases: dict[str, dict[str, str]] = {}  # engine rule name -> engine alias -> alias
        self.rule_of: dict[str, str] = {}  # engine rule name -> rule id
        self.residual = {r.id: residual_tests(r) for r in rules}
        chunks: list[dict[str, Any]] = [{}]
        per_type: dict[str, int] = {}
        for index, rule in enumerate(rules):
            variants, aliases = _compile_rule(rule, params)
            back = {engine_alias: alias for alias, engine_alias in aliases.items()}
            # variants are placed one by one: the engine rules of one rule may spread over
            # several rulesets (each is an alternative of its own; matches are united), so
            # a long 'in' list never crowds one ruleset past the engine's limits
            for v, definition in enumerate(variants):
                added = _type_counts(definition)
                crowded = any(
                    per_type.get(t, 0) + n > MAX_PATTERNS_PER_TYPE for t, n in added.items()
                )
                if chunks[-1] and (crowded or len(chunks[-1]) + 1 > MAX_ENGINE_RULES):
                    chunks.append({})
                    per_type = {}
                for fact_type, n in added.items():
                    per_type[fact_type] = per_type.get(fact_type, 0) + n
                name = f"r{index}_{v}"
                chunks[-1][name] = definition
                self.aliases[name] = back
                self.rule_of[name] = rule.id
        self.handles: list[int] = []
        # per ruleset, the engine fact types it has patterns on and the fields its rules
        # read of each, negation copies first: a household's facts of other types are
        # never sent to it, and of the others only those fields (less to parse)
        self.layout: list[tuple[tuple[str, tuple[str, ...]], ...]] = []
        for chunk in chunks:
            types = {t for definition in chunk.values() for t in _type_counts(definition)}
            read = _fields_read(self.rules[rid] for rid in {self.rule_of[n] for n in chunk})
            self.layout.append(
                tuple(
                    (t, tuple(sorted(read.get(t, ()))))
                    for t in sorted(types, key=lambda t: (not t.endswith("__neg"), t))
                )
            )
        for chunk in chunks:
            with _names_lock:
                name = f"gezinsplan_{next(_names)}"
            try:
                self.handles.append(_core.create_ruleset(name, _PLAIN(chunk)))
            except Exception as e:  # bare engine error codes: say what was refused
                raise EngineError(
                    f"durable_rules refused a compiled ruleset of {len(chunk)} engine rules "
                    f"from {len(rules)} rules: {_reason(e)}"
                ) from None
        self.lock = threading.Lock()

    def run(
        self,
        by_type: Mapping[str, Sequence[dict[str, Any]]],
        tables: Mapping[tuple[str, str], dict[str, Any]],
    ) -> dict[str, list[Binding]]:
        """:meth:`_run` with orjson; with the standard library's encoder for a household
        orjson cannot encode (an integer beyond 64 bits): one encoder per household, so
        that a fact and its retraction are the same bytes."""
        try:
            batches = self._batches(by_type, _fast)
        except TypeError:  # orjson.JSONEncodeError
            batches = self._batches(by_type, _PLAIN)
        return self._run(batches, tables)

    def _batches(
        self, by_type: Mapping[str, Sequence[dict[str, Any]]], encode: _Encode
    ) -> list[tuple[int, str, str]]:
        """Per ruleset: its handle, the facts to assert and the retraction, as JSON.

        Each ruleset gets the facts of the types it has patterns on with the fields it
        reads, the negation copies first, as one JSON batch (a type with the same fields
        in several rulesets is built once); it retracts them by engine id only (the engine
        finds a fact by its id, in the default session), the negation copies last, so a
        retraction can never complete a negated pattern.
        """
        slimmed: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
        retractions: dict[str, str] = {}
        batches: list[tuple[int, str, str]] = []
        for handle, layout in zip(self.handles, self.layout, strict=True):
            facts: list[dict[str, Any]] = []
            negated: list[str] = []
            positive: list[str] = []
            for engine_type, fields in layout:
                is_copy = engine_type.endswith("__neg")
                rows = by_type.get(engine_type[:-5] if is_copy else engine_type, ())
                if not rows:
                    continue
                slims = slimmed.get((engine_type, fields))
                if slims is None:
                    slims = slimmed[(engine_type, fields)] = []
                    for f in rows:
                        slim = {k: f[k] for k in fields}
                        fid = f["id"]
                        slim.update(id=f"{engine_type}:{fid}", t=engine_type, fid=fid)
                        slims.append(slim)
                facts.extend(slims)
                retract = retractions.get(engine_type)
                if retract is None:
                    ids = [{"id": f"{engine_type}:{f['id']}"} for f in rows]
                    retract = retractions[engine_type] = encode(ids)[1:-1]
                (negated if is_copy else positive).append(retract)
            if not positive:
                continue  # every rule starts with a positive pattern: nothing can match
            batches.append((handle, encode(facts), f"[{','.join((*positive, *negated))}]"))
        return batches

    def _run(
        self,
        batches: Sequence[tuple[int, str, str]],
        tables: Mapping[tuple[str, str], dict[str, Any]],
    ) -> dict[str, list[Binding]]:
        """Assert, collect the matches, retract: one household, under the lock."""
        found: dict[str, list[Binding]] = {}
        with self.lock:
            for handle, payload, retract_all in batches:
                try:
                    status, state = _core.assert_facts(handle, payload)
                except Exception as e:
                    raise EngineError(
                        f"durable_rules failed to assert the facts: {_reason(e)}"
                    ) from None
                try:
                    if status in (0, 1):  # 1: some fact matched no pattern (expected)
                        self._drain(handle, state, found, tables)
                finally:
                    self._retract(handle, retract_all)
                if status not in (0, 1, 3):
                    raise EngineError(f"durable_rules answered status {status} on assertion")
        return found

    def _drain(
        self,
        handle: int,
        state: int,
        found: dict[str, list[Binding]],
        tables: Mapping[tuple[str, str], dict[str, Any]],
    ) -> None:
        result = _core.start_action_for_state(handle, state)
        if not result:
            return
        message = result[1]
        while message:
            for engine_rule, bound in orjson.loads(message).items():
                back = self.aliases[engine_rule]
                binding: Binding = {}
                for engine_alias, fact in bound.items():
                    alias = back.get(engine_alias)
                    if alias is not None:
                        binding[alias] = tables[(fact["t"], fact["fid"])]
                rule_id = self.rule_of[engine_rule]
                if all(binding[a][f] != binding[b][g] for a, f, b, g in self.residual[rule_id]):
                    found.setdefault(rule_id, []).append(binding)
            message = _core.complete_and_start_action(handle, state)

    @staticmethod
    def _retract(handle: int, facts: str) -> None:
        if not facts:
            return
        try:
            _core.retract_facts(handle, facts)
        except Exception as e:
            raise EngineError(f"durable_rules failed to retract the facts: {_reason(e)}") from None


_PROGRAMS: dict[tuple[Any, ...], _Program] = {}
"""Compiled programs by rule content and parameter snapshot, shared by every
:class:`DurableRules` (durable_rules never frees a registered ruleset, so equal rules
are compiled once per process)."""
_compile_lock = threading.Lock()


class DurableRules:
    """Rules compiled for durable_rules. ``evaluate`` is thread safe (one lock per program)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self._rules = tuple(rules)
        self._content = tuple((r.id, r.patterns, r.enabled_by, r.enabled_when) for r in self._rules)
        self._mine: dict[tuple[Any, ...], _Program] = {}  # params key -> program
        self._types = tuple(sorted({p.fact for r in self._rules for p in r.patterns}))
        self._params = sorted(
            {k for r in self._rules for k in r.parameters}
            | {r.enabled_by for r in self._rules if r.enabled_by}
        )

    def _program(self, params: Params) -> _Program:
        snapshot = tuple((k, params.get(k)) for k in self._params)
        program = self._mine.get(snapshot)
        if program is not None:
            return program
        key = (self._content, snapshot)
        with _compile_lock:
            program = _PROGRAMS.get(key)
            if program is None:
                program = _Program(enabled_rules(self._rules, params), params)
                _PROGRAMS[key] = program
        self._mine[snapshot] = program
        return program

    def evaluate(self, facts: Facts, params: Params) -> Matches:
        """Canonical bindings per rule id for one household's facts."""
        program = self._program(params)
        by_type: dict[str, Sequence[dict[str, Any]]] = {}
        tables: dict[tuple[str, str], dict[str, Any]] = {}
        for fact_type in self._types:
            rows = facts.get(fact_type, ())
            for f in rows:
                fid = f["id"]
                if (fact_type, fid) in tables:
                    raise EngineError(
                        f"two {fact_type} facts share the id {fid!r}: ids must be unique "
                        "within a household"
                    )
                tables[(fact_type, fid)] = f
            if rows:
                by_type[fact_type] = rows
        if not by_type:
            # every rule starts with a positive pattern: without facts nothing matches,
            # and durable_rules crashes (segfault) on an empty batch
            return {}
        found = program.run(by_type, tables)
        return {rid: canonical_matches(program.rules[rid], b) for rid, b in found.items()}


def compile_durable(rules: Sequence[Rule]) -> DurableRules:
    """Compile ``rules`` for durable_rules (rulesets are registered per parameter snapshot)."""
    return DurableRules(rules)
