"""Compile validated rules into SQL over the fact views of a whole caseload.

One rule becomes one ``SELECT`` built as a SQLGlot expression tree (never pasted text):

- the first positive pattern is the driving table ``t0`` (a fact view), its conditions
  go into ``WHERE``;
- every further positive pattern is an inner ``JOIN`` on the same household, with its
  conditions in ``ON``; two aliases of one fact type never bind the same fact
  (``t1.id <> t0.id``);
- a negated pattern is ``NOT EXISTS (SELECT 1 FROM … WHERE household = t0.household AND
  …)``; it may read the aliases bound before it;
- parameters are the values in force at the peildatum, as literals; a rule switched off
  by its ``enabled_by`` parameter is left out.

Every rule's query gives the same columns: ``hkey``, ``rule_id``, ``id_0`` …
``id_<K-1>`` (the ids of the facts bound to the positive aliases, in order; NULL past the
rule's own aliases), ``mem_0`` … (the member each bound fact is about, or NULL),
``deadline_on`` (the ISO date the rule's deadline reads, before any shift) and ``wet``.
All rules together are one ``UNION ALL`` (or several of a few rules each,
:meth:`CompiledCatalogue.unions`); the household's id text is joined to the rows once,
when they are finished (:mod:`gezinsplan.caseload.engine`).
:func:`fields_read` names the fact fields the queries read (the fact views compute no
others). Pairs bound in both orders are reduced to the
canonical one afterwards (:mod:`gezinsplan.caseload.engine`), as the per-household
engines do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from gezinsplan.caseload.facts import view_name
from gezinsplan.engines.base import enabled_rules
from gezinsplan.errors import EngineError
from gezinsplan.rules.facts import FACT_SCHEMA
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import Condition, Operand, Pattern, Rule

__all__ = ["CompiledCatalogue", "compile_catalogue", "compile_rule", "fields_read", "literal"]

_MEMBER_FIELD_TYPES = frozenset(t for t, fields in FACT_SCHEMA.items() if "member" in fields)

_COMPARE: dict[str, type[exp.Binary]] = {
    "eq": exp.EQ,
    "ne": exp.NEQ,
    "lt": exp.LT,
    "le": exp.LTE,
    "gt": exp.GT,
    "ge": exp.GTE,
}


def literal(value: Any) -> exp.Expr:
    """A SQL literal for a fact or parameter value (bool, whole or decimal number, text)."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, str):
        return exp.Literal.string(value)
    raise EngineError(f"cannot compare with a value of type {type(value).__name__}")


def _text_null() -> exp.Expr:
    return exp.cast(exp.null(), exp.DataType.build("text"))


def _col(table: str, field: str) -> exp.Column:
    return exp.column(field, table=table)


@dataclass(frozen=True)
class _Scope:
    """Rule alias -> SQL table alias of the positive patterns bound so far."""

    tables: dict[str, str]


def _operand(o: Operand, scope: _Scope, params: Mapping[str, ParameterValue]) -> Any:
    if o.param is not None:
        return params[o.param]
    if o.ref is not None:
        alias, fld = o.ref
        return _col(scope.tables[alias], fld)
    return o.literal


def _condition(
    table: str, c: Condition, scope: _Scope, params: Mapping[str, ParameterValue]
) -> exp.Expr:
    left = _col(table, c.field)
    right = _operand(c.operand, scope, params)
    if c.op in ("in", "not_in"):
        values = list(right) if isinstance(right, list | tuple) else [right]
        if not values:  # nothing is in an empty list
            return exp.false() if c.op == "in" else exp.true()
        found = exp.In(this=left, expressions=[literal(v) for v in values])
        return found if c.op == "in" else exp.Not(this=exp.paren(found))
    if not isinstance(right, exp.Expr):
        right = literal(right)
    return _COMPARE[c.op](this=left, expression=right)


def _and(parts: Sequence[exp.Expr]) -> exp.Expr | None:
    return exp.and_(*parts) if parts else None


def _member_of(pattern: Pattern, table: str) -> exp.Expr:
    if pattern.fact == "member":
        return _col(table, "id")
    if pattern.fact in _MEMBER_FIELD_TYPES:
        member = _col(table, "member")
        return exp.Case(
            ifs=[
                exp.If(
                    this=exp.NEQ(this=member, expression=exp.Literal.string("")),
                    true=member.copy(),
                )
            ]
        )
    return _text_null()


def compile_rule(rule: Rule, params: Mapping[str, ParameterValue], width: int) -> exp.Select:
    """The query of one rule (``width`` id and member columns; see the module doc)."""
    positive = [p for p in rule.patterns if not p.negated]
    if len(positive) > width:
        raise EngineError(f"rule {rule.id}: more positive patterns than {width}")
    scope = _Scope({})
    first_table = "t0"
    select = exp.select()
    where: list[exp.Expr] = []
    negs = 0
    position = 0
    for pattern in rule.patterns:
        if pattern.negated:
            table = f"n{negs}"
            negs += 1
            conds = [
                exp.EQ(this=_col(table, "hkey"), expression=_col(first_table, "hkey")),
                *(_condition(table, c, scope, params) for c in pattern.conditions),
            ]
            sub = (
                exp.select(exp.Literal.number(1))
                .from_(exp.to_table(view_name(pattern.fact)).as_(table))
                .where(_and(conds))
            )
            where.append(exp.Not(this=exp.Exists(this=sub)))
            continue
        table = f"t{position}"
        conds = [_condition(table, c, scope, params) for c in pattern.conditions]
        conds += [
            exp.NEQ(this=_col(table, "id"), expression=_col(other, "id"))
            for alias, other in scope.tables.items()
            if rule.aliases[alias] == pattern.fact
        ]
        source = exp.to_table(view_name(pattern.fact)).as_(table)
        if position == 0:
            select = select.from_(source)
            where += conds
        else:
            on = [
                exp.EQ(this=_col(table, "hkey"), expression=_col(first_table, "hkey")),
                *conds,
            ]
            select = select.join(source, on=_and(on), join_type="inner")
        scope.tables[pattern.alias] = table
        position += 1
    columns: list[exp.Expr] = [
        _col(first_table, "hkey").as_("hkey"),
        exp.Literal.string(rule.id).as_("rule_id"),
    ]
    for i in range(width):
        columns.append(
            _col(f"t{i}", "id").as_(f"id_{i}") if i < len(positive) else _text_null().as_(f"id_{i}")
        )
    for i in range(width):
        value = _member_of(positive[i], f"t{i}") if i < len(positive) else _text_null()
        columns.append(value.as_(f"mem_{i}"))
    if rule.deadline is not None:
        alias, fld = rule.deadline
        columns.append(_col(scope.tables[alias], fld).as_("deadline_on"))
    else:
        columns.append(_text_null().as_("deadline_on"))
    if rule.wet is None:
        columns.append(_text_null().as_("wet"))
    elif isinstance(rule.wet, str):
        columns.append(exp.Literal.string(rule.wet).as_("wet"))
    else:
        alias, fld = rule.wet
        columns.append(_col(scope.tables[alias], fld).as_("wet"))
    select = select.select(*columns)
    if where:
        select = select.where(_and(where))
    return select


@dataclass(frozen=True)
class CompiledCatalogue:
    """The enabled rules of a rule set at one peildatum, as one query and per rule."""

    rules: tuple[Rule, ...]
    width: int
    queries: dict[str, exp.Select]
    _built: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def columns(self) -> list[str]:
        """The columns every rule's query gives after ``hkey``."""
        return [
            "rule_id",
            *(f"id_{i}" for i in range(self.width)),
            *(f"mem_{i}" for i in range(self.width)),
            "deadline_on",
            "wet",
        ]

    def union(self) -> exp.Expr | None:
        """All rules as one ``UNION ALL`` (None when no rule is enabled; built once)."""
        parts = self.unions(None)
        return parts[0] if parts else None

    def unions(self, rules_per_query: int | None) -> list[exp.Expr]:
        """The rules as ``UNION ALL`` queries of at most ``rules_per_query`` rules each
        (None: one query), in rule order; none when no rule is enabled (built once)."""
        key = f"unions-{rules_per_query}"
        if key not in self._built:
            queries = list(self.queries.values())
            size = rules_per_query or max(len(queries), 1)
            self._built[key] = [
                self._union(queries[i : i + size]) for i in range(0, len(queries), size)
            ]
        unions: list[exp.Expr] = self._built[key]
        return unions

    def subset_unions(self, rule_ids: Sequence[str], rules_per_query: int | None) -> list[exp.Expr]:
        """:meth:`unions` of the rules ``rule_ids`` only (in rule order; not kept)."""
        if len(rule_ids) == len(self.queries):
            return self.unions(rules_per_query)
        wanted = set(rule_ids)
        queries = [q for rid, q in self.queries.items() if rid in wanted]
        size = rules_per_query or max(len(queries), 1)
        return [self._union(queries[i : i + size]) for i in range(0, len(queries), size)]

    def texts(self) -> dict[str, str]:
        """Each rule's query as SQL text (built once): two catalogues whose rule has the
        same text, over the same facts, give that rule the same rows."""
        if "texts" not in self._built:
            self._built["texts"] = {rid: q.sql() for rid, q in self.queries.items()}
        texts: dict[str, str] = self._built["texts"]
        return texts

    def _union(self, queries: Sequence[exp.Select]) -> exp.Expr:
        parts = [q.copy() for q in queries]
        out: exp.Expr = parts[0]
        for q in parts[1:]:
            out = exp.Union(this=out, expression=q, distinct=False)
        return out


def fields_read(rules: Sequence[Rule]) -> dict[str, set[str]]:
    """Fact type -> the fields the queries of ``rules`` read: the fields their conditions
    test or compare with, the date of the deadline, the law, and of every positive
    pattern the fact's ``id`` (and ``member``, when the fact type has one)."""
    out: dict[str, set[str]] = {}
    for rule in rules:
        aliases = {p.alias: p.fact for p in rule.patterns}
        for pattern in rule.patterns:
            read = out.setdefault(pattern.fact, set())
            if not pattern.negated:
                read.add("id")
                if pattern.fact in _MEMBER_FIELD_TYPES:
                    read.add("member")
            for c in pattern.conditions:
                read.add(c.field)
                if c.operand.ref is not None:
                    alias, fld = c.operand.ref
                    out.setdefault(aliases[alias], set()).add(fld)
        for ref in (rule.deadline, rule.wet if isinstance(rule.wet, tuple) else None):
            if ref is not None:
                out.setdefault(aliases[ref[0]], set()).add(ref[1])
    return out


def compile_catalogue(
    rules: Sequence[Rule], params: Mapping[str, ParameterValue]
) -> CompiledCatalogue:
    """Compile the rules switched on at ``params`` (the values at one peildatum)."""
    active = tuple(enabled_rules(rules, params))
    width = max([sum(1 for p in r.patterns if not p.negated) for r in active] or [1])
    return CompiledCatalogue(active, width, {r.id: compile_rule(r, params, width) for r in active})
