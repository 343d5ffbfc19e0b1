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
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from sqlglot import exp

from gezinsplan.caseload.backends import Backend, make_backend
from gezinsplan.caseload.compile import CompiledCatalogue, compile_catalogue
from gezinsplan.caseload.convert import FORMAT_VERSION
from gezinsplan.caseload.facts import fact_queries, view_name
from gezinsplan.caseload.tables import SCHEMAS, TABLES, to_arrow
from gezinsplan.engines.base import Binding, canonical_matches
from gezinsplan.errors import EngineError, InputError
from gezinsplan.model.household import Household
from gezinsplan.rules.explain import build_signal
from gezinsplan.rules.facts import fact_options
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import RuleSet, default_rules
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
        tables = {t: source[t] for t in TABLES}
    else:
        tables = dict(to_arrow(source))
    if households is None:
        return tables
    wanted = pa.array(sorted(set(households)), pa.string())
    out: dict[str, pa.Table | list[str]] = {}
    for name, data in tables.items():
        if isinstance(data, list):
            data = ds.dataset(data, schema=SCHEMAS[name], format="parquet").to_table(
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
            "convert the JSON Lines caseload again"
        )
    out: dict[str, pa.Table | list[str]] = {}
    for table in TABLES:
        files = sorted(str(f) for f in (path / table).glob("*.parquet"))
        out[table] = files if files else SCHEMAS[table].empty_table()
    return out


def _prepare(
    backend: Backend,
    tables: Mapping[str, pa.Table | list[str]],
    peildatum: date,
    params: Mapping[str, ParameterValue],
    progress: Progress | None,
) -> None:
    if progress:
        progress("tabellen laden")
    backend.load(tables)
    _facts(backend, peildatum, params, progress)


def _facts(
    backend: Backend,
    peildatum: date,
    params: Mapping[str, ParameterValue],
    progress: Progress | None,
) -> None:
    queries = fact_queries(peildatum, **fact_options(params, peildatum))
    for name, query in queries.items():
        if progress:
            progress(f"feiten: {name}")
        backend.create(name, query)


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
    fact_rows: dict[str, pa.Table] = {}
    try:
        prepared: tuple[object, ...] | None = None
        for rules in rule_sets:
            params = rules.params_at(peildatum)
            score = tuple(fact_options(params, peildatum).values())
            if prepared != score:
                if prepared is None:
                    _prepare(engine, tables, peildatum, params, progress)
                    fact_rows = {t: engine.fetch(_with_household_id(t)) for t in facts}
                else:  # other facts: rebuild the fact views over the loaded tables
                    _facts(engine, peildatum, params, progress)
                prepared = score
            if not run_rules:
                return [], fact_rows
            union = _catalogue(rules, peildatum).union()
            if progress:
                progress("regels")
            raws.append(engine.fetch(union) if union is not None else None)
    finally:
        if owned:
            engine.close()
    if progress:
        progress("signalen")
    signals = [
        _finish(raw, _catalogue(rules, peildatum), peildatum, rules.params_at(peildatum))
        for raw, rules in zip(raws, rule_sets, strict=True)
    ]
    return signals, fact_rows


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


def _raw_schema(width: int) -> pa.Schema:
    fields = [("household", pa.string()), ("rule_id", pa.string())]
    fields += [(f"id_{i}", pa.string()) for i in range(width)]
    fields += [(f"mem_{i}", pa.string()) for i in range(width)]
    fields += [("deadline_on", pa.string()), ("wet", pa.string())]
    return pa.schema(fields)


def _canonical(raw: pa.Table, catalogue: CompiledCatalogue) -> pa.Table:
    """Drop bindings of the same facts in another order (pairs over one fact type), with
    the per-household engines' own :func:`canonical_matches`."""
    repeated = {
        r.id: r
        for r in catalogue.rules
        if len({p.fact for p in r.patterns if not p.negated})
        < sum(1 for p in r.patterns if not p.negated)
    }
    if not repeated or raw.num_rows == 0:
        return raw
    mask = pc.is_in(raw.column("rule_id"), value_set=pa.array(list(repeated), pa.string()))
    groups: dict[tuple[str, str], list[Binding]] = {}
    rows: dict[int, dict[str, Any]] = {}
    for row in raw.filter(mask).to_pylist():
        rule = repeated[row["rule_id"]]
        positive = [p.alias for p in rule.patterns if not p.negated]
        binding: Binding = {a: {"id": row[f"id_{i}"]} for i, a in enumerate(positive)}
        rows[id(binding)] = row
        groups.setdefault((row["household"], row["rule_id"]), []).append(binding)
    kept = [
        rows[id(b)]
        for (_, rule_id), bindings in sorted(groups.items())
        for b in canonical_matches(repeated[rule_id], bindings)
    ]
    keep = raw.filter(pc.invert(mask))
    return pa.concat_tables([keep, pa.Table.from_pylist(kept, schema=raw.schema)])


def _finish(
    raw: pa.Table | None,
    catalogue: CompiledCatalogue,
    peildatum: date,
    params: Mapping[str, ParameterValue],
) -> pa.Table:
    width = catalogue.width
    schema = _raw_schema(width)
    if raw is None or raw.num_rows == 0:
        return SIGNAL_SCHEMA.empty_table()
    try:
        raw = raw.select(schema.names).cast(schema)
    except (KeyError, pa.ArrowInvalid) as e:
        raise EngineError(f"the backend returned unexpected columns: {e}") from None
    raw = _canonical(raw, catalogue)
    by_id = {r.id: r for r in catalogue.rules}
    rule_rows = pa.Table.from_pylist(
        [
            {
                "rule_id": r.id,
                "category": r.category.value,
                "severity": r.severity.value,
                "parameters": json.dumps(
                    {pid: _json(params[pid]) for pid in r.parameters}, ensure_ascii=False
                ),
            }
            for r in catalogue.rules
        ]
    )
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.register("raw", raw)
        con.register("rule_rows", rule_rows)
        pairs = con.sql(
            "SELECT DISTINCT rule_id, deadline_on FROM raw "
            "WHERE deadline_on IS NOT NULL AND deadline_on <> ''"
        ).fetchall()
        rows = []
        for rid, text in pairs:
            # the same due date, overdue mark and new date as build_signal gives
            due, late = by_id[rid].deadline_at(date.fromisoformat(text), params, peildatum)
            rows.append(
                {
                    "rule_id": rid,
                    "deadline_on": text,
                    "deadline": due,
                    "overdue_since": late.since if late else None,
                }
            )
        deadlines = pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("rule_id", pa.string()),
                    ("deadline_on", pa.string()),
                    ("deadline", pa.date32()),
                    ("overdue_since", pa.date32()),
                ]
            ),
        )
        con.register("deadlines", deadlines)
        mems = ", ".join(f"r.mem_{i}" for i in range(width))
        fids = ", ".join(f"r.id_{i}" for i in range(width))
        result: pa.Table = con.sql(
            f"""
            SELECT r.household, r.rule_id, k.category, k.severity,
              list_sort(list_distinct(list_filter(list_value({mems}), lambda x: x IS NOT NULL)))
                AS members,
              list_filter(list_value({fids}), lambda x: x IS NOT NULL) AS fact_ids,
              d.deadline, d.overdue_since, r.wet, k.parameters
            FROM raw AS r
            JOIN rule_rows AS k ON k.rule_id = r.rule_id
            LEFT JOIN deadlines AS d ON d.rule_id = r.rule_id AND d.deadline_on = r.deadline_on
            ORDER BY r.household, r.rule_id, members, fact_ids
            """
        ).to_arrow_table()
    finally:
        con.close()
    result = result.append_column("peildatum", pa.array([peildatum] * result.num_rows, pa.date32()))
    return result.select(SIGNAL_SCHEMA.names).cast(SIGNAL_SCHEMA)


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
