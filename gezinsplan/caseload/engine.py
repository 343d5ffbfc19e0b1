"""Assess a whole caseload with SQL: the rules compiled once, run over every household.

    >>> from datetime import date
    >>> from gezinsplan.caseload import assess
    >>> from gezinsplan.io import read_household
    >>> from gezinsplan.resources import examples_dir
    >>> h = read_household(examples_dir() / "01_enkelvoudige_vraag.json")
    >>> signals = assess([h], peildatum=date(2026, 11, 23))
    >>> signals.column("rule_id").to_pylist()
    ['triage.enkelvoudig']

The result is one Arrow row per signal, with the identity the per-household engines give
a :class:`~gezinsplan.signal.Signal`: ``household``, ``rule_id``, ``category``,
``severity``, ``members`` (sorted), ``fact_ids`` (the facts bound to the rule's positive
patterns, in order), ``deadline`` (the due date the rule's term gives, or the new date of
an overdue one), ``overdue_since`` (the first day late, or null), ``wet``, ``peildatum`` and
``parameters`` (the values used, as JSON). Messages and explanations are rendered on
demand for the households asked for (:func:`render_signals`), not for every row.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from sqlglot import exp

from gezinsplan.caseload.aggregates import DERIVED, DERIVED_SCHEMAS, derived_queries
from gezinsplan.caseload.backends import Backend, make_backend
from gezinsplan.caseload.compile import CompiledCatalogue, compile_catalogue, fields_read
from gezinsplan.caseload.convert import FORMAT_VERSION
from gezinsplan.caseload.facts import CLUSTER_KEYS, FieldSelection, fact_queries, view_name
from gezinsplan.caseload.tables import SCHEMAS, TABLES, to_arrow
from gezinsplan.errors import EngineError, InputError
from gezinsplan.model.household import Household
from gezinsplan.rules.explain import build_signal
from gezinsplan.rules.facts import fact_options
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import RuleSet, default_rules
from gezinsplan.rules.terms import CALENDAR_PARAMETER, URGENT_PARAMETER
from gezinsplan.signal import Signal

__all__ = [
    "SIGNAL_SCHEMA",
    "CaseloadSource",
    "assess",
    "assess_many",
    "assess_with_facts",
    "fact_tables",
    "load_tables",
    "render_signals",
    "same_rules",
    "signals_from_rows",
]

CaseloadSource = str | Path | Mapping[str, pa.Table | list[str]] | Iterable[Household]
"""A columnar caseload folder, a JSON Lines file (read into memory), Arrow tables by
name, or households."""

SIGNAL_SCHEMA = pa.schema(
    [
        ("household", pa.string()),
        ("rule_id", pa.string()),
        ("category", pa.string()),
        ("severity", pa.string()),
        ("members", pa.list_(pa.string())),
        ("fact_ids", pa.list_(pa.string())),
        ("deadline", pa.date32()),
        ("overdue_since", pa.date32()),
        ("wet", pa.string()),
        ("peildatum", pa.date32()),
        ("parameters", pa.string()),
    ]
)
"""The columns of :func:`assess`'s result."""

Progress = Callable[[str], None]


def load_tables(
    source: CaseloadSource, households: Sequence[str] | None = None
) -> dict[str, pa.Table | list[str]]:
    """The caseload's tables by name: Parquet files of a folder, or Arrow tables.

    With ``households``, only their rows (read into memory).
    """
    if isinstance(source, str | Path):
        path = Path(source)
        if path.is_dir():
            tables = _folder(path)
        elif path.is_file():
            from gezinsplan.io import iter_caseload

            tables = dict(to_arrow(iter_caseload(path)))
        else:
            raise InputError(f"{path}: no such caseload file or folder")
    elif isinstance(source, Mapping):
        missing = [t for t in TABLES if t not in source]
        if missing:
            raise InputError(f"caseload tables missing: {', '.join(missing)}")
        tables = {t: source[t] for t in (*TABLES, *DERIVED) if t in source}
    else:
        tables = dict(to_arrow(source))
    if households is None:
        return tables
    wanted = pa.array(sorted(set(households)), pa.string())
    out: dict[str, pa.Table | list[str]] = {}
    for name, data in tables.items():
        if isinstance(data, list):
            data = ds.dataset(data, schema=_schema(name), format="parquet").to_table(
                filter=pc.field("household").isin(wanted)
            )
        out[name] = data.filter(pc.is_in(data.column("household"), value_set=wanted))
    return out


def _folder(path: Path) -> dict[str, pa.Table | list[str]]:
    meta_file = path / "_caseload.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(
            f"{path}: not a columnar caseload (no _caseload.json); "
            "make one with: gezinsplan caseload convert FILE --out DIR"
        ) from None
    except (OSError, ValueError) as e:
        raise InputError(f"{meta_file}: unreadable: {e}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        got = meta.get("format") if isinstance(meta, dict) else None
        raise InputError(
            f"{meta_file}: caseload format {got!r}, this version reads {FORMAT_VERSION}; "
            "convert the JSON Lines caseload again (gezinsplan caseload convert) or "
            "generate it again (gezinsplan generate --format parquet)"
        )
    out: dict[str, pa.Table | list[str]] = {}
    for table in (*TABLES, *DERIVED):
        files = sorted(str(f) for f in (path / table).glob("*.parquet"))
        out[table] = files if files else _schema(table).empty_table()
    return out


def _schema(table: str) -> pa.Schema:
    return SCHEMAS[table] if table in SCHEMAS else DERIVED_SCHEMAS[table]


def _prepare(
    backend: Backend,
    tables: Mapping[str, pa.Table | list[str]],
    peildatum: date,
    params: Mapping[str, ParameterValue],
    plan: _FactPlan,
    progress: Progress | None,
) -> None:
    if progress:
        progress("tabellen laden")
    backend.load(tables)
    for name, query in derived_queries().items():
        if name not in tables:  # not written by a conversion: computed here
            backend.create(name, query)
    _facts(backend, peildatum, params, plan, progress)


def _facts(
    backend: Backend,
    peildatum: date,
    params: Mapping[str, ParameterValue],
    plan: _FactPlan,
    progress: Progress | None,
) -> None:
    queries = fact_queries(peildatum, **fact_options(params, peildatum), fields=plan.fields)
    view = getattr(backend, "view", None)
    create_sorted = getattr(backend, "create_sorted", None)
    for name, query in queries.items():
        if progress:
            progress(f"feiten: {name}")
        keys = [k for k in CLUSTER_KEYS.get(name, ()) if k in _columns(query)]
        if view is not None and plan.reads.get(name, 0) <= MAX_VIEW_READS:
            view(name, query)
        elif create_sorted is not None and keys:
            create_sorted(name, query, keys)
        else:
            backend.create(name, query)


def _columns(query: exp.Expr) -> list[str]:
    return [e.alias_or_name for e in query.expressions] if isinstance(query, exp.Select) else []


def assess(
    source: CaseloadSource,
    rules: RuleSet | None = None,
    peildatum: date | None = None,
    *,
    backend: str | Backend = "duckdb",
    progress: Progress | None = None,
    **options: Any,
) -> pa.Table:
    """Every signal of every household of ``source`` at ``peildatum``, as Arrow rows.

    ``backend`` is ``"duckdb"`` (default, in process), ``"postgres"`` (``url=...``),
    ``"spark"`` (``session=`` or a local ``master=``), or a :class:`Backend`. ``.to_pandas()``
    turns the result into a DataFrame.
    """
    rules = rules if rules is not None else default_rules()
    return assess_many(source, [rules], peildatum, backend=backend, progress=progress, **options)[0]


def assess_many(
    source: CaseloadSource,
    rule_sets: Sequence[RuleSet],
    peildatum: date | None = None,
    *,
    backend: str | Backend = "duckdb",
    progress: Progress | None = None,
    **options: Any,
) -> list[pa.Table]:
    """:func:`assess` for several rule sets over one caseload in one pass: the fact views
    are computed once for all rule sets that agree on the parameters the facts read (the
    problem score), then each rule set's query runs on them."""
    return _run(source, rule_sets, peildatum, (), backend, progress, options)[0]


def assess_with_facts(
    source: CaseloadSource,
    rules: RuleSet | None = None,
    peildatum: date | None = None,
    *,
    facts: Sequence[str] = ("household",),
    backend: str | Backend = "duckdb",
    **options: Any,
) -> tuple[pa.Table, dict[str, pa.Table]]:
    """:func:`assess` and the fact tables named in ``facts`` (as :func:`fact_tables`
    gives them) from one run: the facts are computed once for both."""
    rules = rules if rules is not None else default_rules()
    signals, tables = _run(source, [rules], peildatum, facts, backend, None, options)
    return signals[0], tables


def _run(
    source: CaseloadSource,
    rule_sets: Sequence[RuleSet],
    peildatum: date | None,
    facts: Sequence[str],
    backend: str | Backend,
    progress: Progress | None,
    options: Mapping[str, Any],
    *,
    run_rules: bool = True,
) -> tuple[list[pa.Table], dict[str, pa.Table]]:
    from gezinsplan.rules.facts import FACT_SCHEMA

    if type(peildatum) is not date:
        raise InputError("peildatum must be a date")
    unknown = [f for f in facts if f not in FACT_SCHEMA]
    if unknown:
        raise InputError(f"unknown fact types: {', '.join(unknown)}")
    tables = load_tables(source)
    owned = isinstance(backend, str)
    engine: Backend = make_backend(backend, **options) if isinstance(backend, str) else backend
    raws: list[pa.Table | None] = []
    states: list[tuple[object, ...]] = []
    fact_rows: dict[str, pa.Table] = {}
    plan = _plan(rule_sets, peildatum, facts, run_rules)
    # per state of the facts and width: the rows found so far and each rule's query text;
    # a rule whose query another rule set already ran on the same facts is not run again
    found: dict[tuple[object, ...], tuple[dict[str, str], pa.Table | None]] = {}
    try:
        prepared: tuple[object, ...] | None = None
        for rules in rule_sets:
            params = rules.params_at(peildatum)
            score = tuple(fact_options(params, peildatum).values())
            if prepared != score:
                if prepared is None:
                    _prepare(engine, tables, peildatum, params, plan, progress)
                    fact_rows = {t: engine.fetch(_with_household_id(t)) for t in facts}
                else:  # other facts: rebuild the fact views over the loaded tables
                    _facts(engine, peildatum, params, plan, progress)
                prepared = score
            if not run_rules:
                return [], fact_rows
            catalogue = _catalogue(rules, peildatum)
            if progress:
                progress("regels")
            states.append((*score, catalogue.width))
            raws.append(_rule_rows_shared(engine, catalogue, found, states[-1]))
    finally:
        if owned:
            engine.close()
    if progress:
        progress("signalen")
    signals: list[pa.Table] = []
    for i, (raw, rules) in enumerate(zip(raws, rule_sets, strict=True)):
        same = (
            same_rules(rule_sets[i - 1], rules, peildatum)
            if i and states[i] == states[i - 1]
            else frozenset()
        )
        signals.append(
            _finish_shared(raw, signals[i - 1] if same else None, same, tables, rules, peildatum)
        )
    return signals, fact_rows


def same_rules(first: RuleSet, second: RuleSet, peildatum: date) -> frozenset[str]:
    """The rules whose signals are the same under both rule sets at ``peildatum``, for any
    caseload, without comparing them: the rule itself is equal (patterns, terms, message,
    letter, actions), its SQL query is the same text, every parameter it declares, the
    calendar and the urgent term have the same dated values in both (terms are read at
    the date of their event, so the whole history counts), and the facts are computed
    with the same parameters."""
    if fact_options(first.params_at(peildatum), peildatum) != fact_options(
        second.params_at(peildatum), peildatum
    ):
        return frozenset()
    texts_a = _catalogue(first, peildatum).texts()
    texts_b = _catalogue(second, peildatum).texts()
    rules_a = {r.id: r for r in first.rules}
    rules_b = {r.id: r for r in second.rules}

    def values(rules: RuleSet, pid: str) -> object:
        found = rules.parameters.get(pid)
        return None if found is None else dict(found.values)

    out = set()
    for rid, text in texts_a.items():
        rule = rules_a[rid]
        if texts_b.get(rid) != text or rules_b.get(rid) != rule:
            continue
        read = {*rule.parameters, CALENDAR_PARAMETER, URGENT_PARAMETER}
        if rule.enabled_by:
            read.add(rule.enabled_by)
        if all(values(first, pid) == values(second, pid) for pid in read):
            out.add(rid)
    return frozenset(out)


def _finish_shared(
    raw: pa.Table | None,
    earlier: pa.Table | None,
    same: frozenset[str],
    tables: Mapping[str, pa.Table | list[str]],
    rules: RuleSet,
    peildatum: date,
) -> pa.Table:
    """:func:`_finish` of ``raw``, where the rows of the rules in ``same`` are taken from
    ``earlier`` (the finished signals of a rule set whose signals of those rules are the
    same: :func:`same_rules`) and only the other rules' rows are finished; the two are
    put in the same order :func:`_finish` gives (sorted again only when both have rows)."""
    catalogue = _catalogue(rules, peildatum)
    params = rules.params_at(peildatum)
    if earlier is None or not same:
        return _finish(raw, tables["households"], catalogue, peildatum, params)
    names = pa.array(sorted(same), pa.string())
    reused = earlier.filter(pc.is_in(earlier.column("rule_id"), value_set=names))
    if raw is not None:
        raw = raw.filter(pc.invert(pc.is_in(raw.column("rule_id"), value_set=names)))
    own = _finish(raw, tables["households"], catalogue, peildatum, params)
    if own.num_rows == 0:
        return reused  # a filter keeps the order
    if reused.num_rows == 0:
        return own
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.register("parts", pa.concat_tables([reused, own]))
        merged: pa.Table = con.sql(
            "SELECT * FROM parts ORDER BY household, rule_id, members, fact_ids"
        ).to_arrow_table()
    finally:
        con.close()
    return merged.cast(SIGNAL_SCHEMA)


MAX_VIEW_READS = 4
"""A fact view read this often or less (by the rule queries and the fact rows asked for)
stays a view on backends that offer one (``view(name, query)``): the query reads its
source again each time, which costs less than keeping every row in memory; read more
often, it is created as a table once."""


@dataclass(frozen=True)
class _FactPlan:
    """Which fact fields to compute and how often each fact view is read."""

    fields: FieldSelection
    reads: Mapping[str, int]


def _plan(
    rule_sets: Sequence[RuleSet], peildatum: date, facts: Sequence[str], run_rules: bool
) -> _FactPlan:
    """The fact fields to compute (those the rules read, and every field of the fact
    types asked for) and the reads of each view."""
    from gezinsplan.rules.facts import FACT_SCHEMA

    read: dict[str, set[str]] = {t: set(FACT_SCHEMA[t]) for t in facts}
    reads: Counter[str] = Counter(view_name(t) for t in facts)
    if run_rules:
        for rules in rule_sets:
            catalogue = _catalogue(rules, peildatum)
            for fact_type, names in fields_read(catalogue.rules).items():
                read.setdefault(fact_type, set()).update(names)
            for query in catalogue.queries.values():
                reads.update(t.name for t in query.find_all(exp.Table))
    fields = tuple((t, tuple(sorted(names))) for t, names in sorted(read.items()))
    return _FactPlan(fields, dict(reads))


def fact_tables(
    source: CaseloadSource,
    peildatum: date,
    rules: RuleSet | None = None,
    *,
    backend: str | Backend = "duckdb",
    **options: Any,
) -> dict[str, pa.Table]:
    """The facts of every household at ``peildatum``, one Arrow table per fact type.

    The same rows :func:`gezinsplan.rules.facts.build_facts` gives per household, with a
    ``household`` column; handy for analysis (``.to_pandas()``).
    """
    from gezinsplan.rules.facts import FACT_SCHEMA

    rules = rules if rules is not None else default_rules()
    return _run(
        source, [rules], peildatum, list(FACT_SCHEMA), backend, None, options, run_rules=False
    )[1]


def _catalogue(rules: RuleSet, peildatum: date) -> CompiledCatalogue:
    """The rules compiled at ``peildatum`` (cached on the rule set)."""
    key = ("sql", peildatum)
    found: CompiledCatalogue | None = rules._cache.get(key)
    if found is None:
        found = compile_catalogue(rules.rules, rules.params_at(peildatum))
        rules._cache_put(key, found)
    return found


def _with_household_id(fact_type: str) -> exp.Expr:
    """The facts of ``fact_type`` with the household's id text instead of its number."""
    from gezinsplan.rules.facts import FACT_SCHEMA

    columns = [exp.column("household", table="h").as_("household")]
    columns += [exp.column(f, table="f") for f in FACT_SCHEMA[fact_type]]
    return (
        exp.select(*columns)
        .from_(exp.to_table(view_name(fact_type)).as_("f"))
        .join(
            exp.to_table("households").as_("h"),
            on=exp.EQ(this=exp.column("hkey", table="h"), expression=exp.column("hkey", table="f")),
            join_type="inner",
        )
    )


def _rule_rows_shared(
    backend: Backend,
    catalogue: CompiledCatalogue,
    found: dict[tuple[object, ...], tuple[dict[str, str], pa.Table | None]],
    state: tuple[object, ...],
) -> pa.Table | None:
    """The rows of ``catalogue``'s rule queries: a rule whose query text equals one already
    run on the same facts (``state``: the fact options and the width) takes that rule's
    rows from ``found``; the others run. Remembers this catalogue's rows in ``found`` (for
    the next rule set: a variant is compared with the rule set before it)."""
    texts = catalogue.texts()
    before = found.get(state)
    earlier: dict[str, str] = before[0] if before is not None else {}
    shared = [rid for rid, text in texts.items() if earlier.get(rid) == text]
    own = [rid for rid in texts if earlier.get(rid) != texts[rid]]
    per_query = getattr(backend, "rules_per_query", None)
    raw = _fetch_all(backend, catalogue.subset_unions(own, per_query), catalogue.width)
    if shared and before is not None and before[1] is not None:
        rows = before[1]
        reused = rows.filter(pc.is_in(rows.column("rule_id"), pa.array(shared, pa.string())))
        raw = reused if raw is None else pa.concat_tables([reused, raw])
    found[state] = (texts, raw)
    return raw


def _fetch_all(backend: Backend, queries: Sequence[exp.Expr], width: int) -> pa.Table | None:
    """The rows of the rule queries, one table (None when there is no query)."""
    if not queries:
        return None
    schema = _raw_schema(width)
    parts = []
    for query in queries:
        part = backend.fetch(query)
        try:
            parts.append(part.select(schema.names).cast(schema))
        except (KeyError, pa.ArrowInvalid) as e:
            raise EngineError(f"the backend returned unexpected columns: {e}") from None
    return pa.concat_tables(parts)


def _raw_schema(width: int) -> pa.Schema:
    fields = [("hkey", pa.int64()), ("rule_id", pa.string())]
    fields += [(f"id_{i}", pa.string()) for i in range(width)]
    fields += [(f"mem_{i}", pa.string()) for i in range(width)]
    fields += [("deadline_on", pa.string()), ("wet", pa.string())]
    return pa.schema(fields)


def _rule_rows(catalogue: CompiledCatalogue, params: Mapping[str, ParameterValue]) -> pa.Table:
    """Per rule what every row of it gets (category, severity, parameters as JSON), and
    for the rules that bind one fact type twice (pairs, found in both orders) the fact
    type of each positive alias."""
    width = catalogue.width
    rows: list[dict[str, Any]] = []
    for r in catalogue.rules:
        types = [p.fact for p in r.patterns if not p.negated]
        row: dict[str, Any] = {
            "rule_id": r.id,
            "category": r.category.value,
            "severity": r.severity.value,
            "parameters": json.dumps(
                {pid: _json(params[pid]) for pid in r.parameters}, ensure_ascii=False
            ),
            "repeated": len(set(types)) < len(types),
        }
        for i in range(width):
            row[f"type_{i}"] = types[i] if i < len(types) else None
        rows.append(row)
    schema = pa.schema(
        [
            ("rule_id", pa.string()),
            ("category", pa.string()),
            ("severity", pa.string()),
            ("parameters", pa.string()),
            ("repeated", pa.bool_()),
            *((f"type_{i}", pa.string()) for i in range(width)),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


_DEADLINE_SCHEMA = pa.schema(
    [
        ("rule_id", pa.string()),
        ("deadline_on", pa.string()),
        ("deadline", pa.date32()),
        ("overdue_since", pa.date32()),
    ]
)


def _deadlines(
    pairs: Iterable[tuple[str, str]],
    catalogue: CompiledCatalogue,
    peildatum: date,
    params: Mapping[str, ParameterValue],
) -> pa.Table:
    """The due date and overdue mark of each (rule, date) pair, as ``build_signal`` gives
    them (worked out once per term and date: rules with the same term share them)."""
    by_id = {r.id: r for r in catalogue.rules}
    done: dict[tuple[Any, str], tuple[date, date | None]] = {}
    columns: dict[str, list[Any]] = {n: [] for n in _DEADLINE_SCHEMA.names}
    for rid, text in pairs:
        rule = by_id[rid]
        key = (rule.deadline_term, text)
        found = done.get(key)
        if found is None:
            due, late = rule.deadline_at(date.fromisoformat(text), params, peildatum)
            found = done[key] = (due, late.since if late else None)
        columns["rule_id"].append(rid)
        columns["deadline_on"].append(text)
        columns["deadline"].append(found[0])
        columns["overdue_since"].append(found[1])
    return pa.table(columns, schema=_DEADLINE_SCHEMA)


def _finish(
    raw: pa.Table | None,
    households: pa.Table | list[str],
    catalogue: CompiledCatalogue,
    peildatum: date,
    params: Mapping[str, ParameterValue],
) -> pa.Table:
    """The signal rows of the rule query's rows: the household's id text for its number
    (from the caseload's own ``households`` table: a Parquet folder's files or an Arrow
    table, whatever backend ran the rules), pairs found in both orders once (the order the
    per-household engines' :func:`canonical_matches` keeps), members and fact ids as
    lists, deadlines shifted, rule columns added, sorted."""
    width = catalogue.width
    schema = _raw_schema(width)
    if raw is None or raw.num_rows == 0:
        return SIGNAL_SCHEMA.empty_table()
    try:
        raw = raw.select(schema.names).cast(schema)
    except (KeyError, pa.ArrowInvalid) as e:
        raise EngineError(f"the backend returned unexpected columns: {e}") from None
    import duckdb

    con = duckdb.connect(":memory:", config={"preserve_insertion_order": False})
    try:
        con.register("raw", raw)
        if isinstance(households, list):
            con.read_parquet(households).select("hkey", "household").create_view("households")
        else:
            con.register("households", households.select(["hkey", "household"]))
        # rules numbered in the order of their ids: the rows are sorted with the number,
        # and the rule's own columns are added after the sort (not moved by it)
        rules = _rule_rows(catalogue, params)
        rules = rules.take(pc.sort_indices(rules, [("rule_id", "ascending")]))
        rules = rules.append_column("k", pa.array(range(rules.num_rows), pa.int32()))
        con.register("rule_rows", rules)
        pairs = con.sql(
            "SELECT DISTINCT rule_id, deadline_on FROM raw "
            "WHERE deadline_on IS NOT NULL AND deadline_on <> ''"
        ).fetchall()
        con.register("deadlines", _deadlines(pairs, catalogue, peildatum, params))
        fids = ", ".join(f"r.id_{i}" for i in range(width))
        idents = ", ".join(f"k.type_{i} || '|' || r.id_{i}" for i in range(width))
        members = _list_sql("mem", width, distinct_sorted=True)
        fact_ids = _list_sql("id", width, distinct_sorted=False)
        # a binding is kept unless one of the same facts sorts before it (by its ids)
        found: pa.Table = con.sql(
            f"""
            WITH kept AS (
              SELECT r.* FROM raw AS r
              WHERE r.rule_id NOT IN (SELECT rule_id FROM rule_rows WHERE repeated)
              UNION ALL
              SELECT r.* FROM raw AS r
              JOIN rule_rows AS k ON k.rule_id = r.rule_id AND k.repeated
              QUALIFY ROW_NUMBER() OVER (
                PARTITION BY r.hkey, r.rule_id,
                  list_sort(list_filter(list_value({idents}), lambda x: x IS NOT NULL))
                ORDER BY {fids}) = 1
            )
            SELECT h.household, k.k, {members} AS members, {fact_ids} AS fact_ids,
              d.deadline, d.overdue_since, r.wet
            FROM kept AS r
            JOIN households AS h ON h.hkey = r.hkey
            JOIN rule_rows AS k ON k.rule_id = r.rule_id
            LEFT JOIN deadlines AS d ON d.rule_id = r.rule_id AND d.deadline_on = r.deadline_on
            ORDER BY h.household, k.k, members, fact_ids
            """
        ).to_arrow_table()
    finally:
        con.close()
    k = found.column("k")
    result = pa.table(
        {
            "household": found.column("household"),
            "rule_id": rules.column("rule_id").take(k),
            "category": rules.column("category").take(k),
            "severity": rules.column("severity").take(k),
            "members": found.column("members"),
            "fact_ids": found.column("fact_ids"),
            "deadline": found.column("deadline"),
            "overdue_since": found.column("overdue_since"),
            "wet": found.column("wet"),
            "peildatum": pa.repeat(pa.scalar(peildatum, pa.date32()), found.num_rows),
            "parameters": rules.column("parameters").take(k),
        }
    )
    return result.select(SIGNAL_SCHEMA.names).cast(SIGNAL_SCHEMA)


def _list_sql(column: str, width: int, *, distinct_sorted: bool) -> str:
    """The non-null values of ``column_0`` … as a list (sorted and distinct when asked);
    the common row with one value or none is built without a lambda."""
    values = ", ".join(f"r.{column}_{i}" for i in range(width))
    general = f"list_filter(list_value({values}), lambda x: x IS NOT NULL)"
    if distinct_sorted:
        general = f"list_sort(list_distinct({general}))"
    if width == 1:
        return f"CASE WHEN r.{column}_0 IS NULL THEN []::VARCHAR[] ELSE [r.{column}_0] END"
    rest = " AND ".join(f"r.{column}_{i} IS NULL" for i in range(1, width))
    return (
        f"CASE WHEN {rest} THEN "
        f"(CASE WHEN r.{column}_0 IS NULL THEN []::VARCHAR[] ELSE [r.{column}_0] END) "
        f"ELSE {general} END"
    )


def _json(value: ParameterValue) -> Any:
    return list(value) if isinstance(value, tuple) else value


def render_signals(
    signals: pa.Table,
    source: CaseloadSource,
    rules: RuleSet | None = None,
    *,
    households: Sequence[str] | None = None,
    limit: int = 100,
) -> list[Signal]:
    """Full :class:`Signal` objects (message, explanation, matched facts) for some rows.

    For ``households`` (default: the first ``limit`` households of ``signals``), the
    facts are computed for those households only and every row becomes exactly the signal
    the per-household engines give.
    """
    rules = rules if rules is not None else default_rules()
    if signals.num_rows == 0:
        return []
    if households is None:
        households = list(dict.fromkeys(signals.column("household").to_pylist()))[:limit]
    wanted = pa.array(sorted(set(households)), pa.string())
    rows = signals.filter(pc.is_in(signals.column("household"), value_set=wanted)).to_pylist()
    if not rows:
        return []
    out: list[Signal] = []
    for peildatum in sorted({row["peildatum"] for row in rows}):
        at = [row for row in rows if row["peildatum"] == peildatum]
        out += signals_from_rows(at, _facts_of(source, households, peildatum, rules), rules)
    out.sort(key=lambda s: (s.household_id, *s.sort_key()))
    return out


FactLookup = Mapping[tuple[str, str, str], Mapping[str, Any]]
"""Fact rows by ``(fact type, household id, fact id)``."""


def signals_from_rows(
    rows: Iterable[Mapping[str, Any]], facts: FactLookup, rules: RuleSet
) -> list[Signal]:
    """The :class:`Signal` of each signal row of :func:`assess` (as ``to_pylist`` gives
    it), its rule's positive patterns bound to the facts the row names."""
    by_id = {r.id: r for r in rules.rules}
    out: list[Signal] = []
    for row in rows:
        rule = by_id.get(row["rule_id"])
        if rule is None:
            raise EngineError(f"signal of unknown rule {row['rule_id']!r}")
        positive = [p for p in rule.patterns if not p.negated]
        binding = {
            p.alias: dict(facts[(p.fact, row["household"], fid)])
            for p, fid in zip(positive, row["fact_ids"], strict=True)
        }
        peildatum = row["peildatum"]
        out.append(
            build_signal(
                rule,
                binding,
                row["household"],
                peildatum,
                rules.params_at(peildatum),
                rules.version,
            )
        )
    return out


def _facts_of(
    source: CaseloadSource,
    households: Sequence[str],
    peildatum: date,
    rules: RuleSet,
) -> dict[tuple[str, str, str], dict[str, Any]]:
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact_type, table in fact_tables(load_tables(source, households), peildatum, rules).items():
        for row in table.to_pylist():
            hid = row.pop("household")
            out[(fact_type, hid, row["id"])] = row
    return out
