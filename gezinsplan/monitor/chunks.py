"""One chunk of a caseload, monitored: signals from the caseload engine, plans per household.

A chunk is a run of consecutive households (numbered from ``start``). Its worker returns
small Arrow tables with one row per household, signal, person with provisions, youth
turning 18 and plan goal, keyed by the household number (``hkey``) only: no household
id, name or birth date leaves the worker. The tables are the input of the aggregates
(:mod:`gezinsplan.monitor.aggregate`).

Every chunk is independent, so chunks run on any :class:`concurrent.futures.Executor`
(processes, a Dask cluster) and a finished chunk never has to run again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds

from gezinsplan.caseload.backends import DuckDBBackend
from gezinsplan.caseload.documents import has_documents, read_documents
from gezinsplan.caseload.engine import assess_with_facts, signals_from_rows
from gezinsplan.caseload.tables import SCHEMAS, TABLES, to_arrow
from gezinsplan.costs.compute import Pricing, cost_year, price
from gezinsplan.costs.tariffs import TariffSet
from gezinsplan.errors import EngineError, InputError
from gezinsplan.model.enums import Eenheid, Frequentie, ProvisionStatus, Wet
from gezinsplan.model.household import Household, Provision
from gezinsplan.monitor.rows import (
    GEEN,
    UNKNOWN,
    PlanFigures,
    chunk_rows,
    transition_months,
)
from gezinsplan.plan.builder import COMPLEX_RULES, build_plan
from gezinsplan.plan.caseload import PLAN_SCHEMA
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.rules.facts import build_facts, fact_options
from gezinsplan.rules.ruleset import RuleSet, kept_ruleset
from gezinsplan.signal import Signal

__all__ = ["WORK_SCHEMAS", "ChunkJob", "klasse", "monitor_chunk", "transition_months"]

_S, _I, _K, _B = pa.string(), pa.int32(), pa.int64(), pa.bool_()

WORK_SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [
            ("hkey", _K),
            ("gemeente", _S),
            ("wijk", _S),
            ("kern", _S),
            ("members", _I),
            ("minors", _I),
            ("questions", _I),
            ("professionals", _I),
            ("organisations", _I),
            ("klasse", _S),
            ("outcome", _S),
            ("regisseur", _S),
            ("active_goals", _I),
            ("arrears", _I),
            ("arrears_reached", _B),
        ]
    ),
    "signals": pa.schema([("hkey", _K), ("category", _S), ("rule_id", _S)]),
    "persons": pa.schema([("hkey", _K), ("jeugd", _B), ("wmo", _B), ("participatie", _B)]),
    "transitions": pa.schema(
        [("hkey", _K), ("youth", _I), ("maand", _S), ("wet", _S), ("product", _S)]
    ),
    "goals": pa.schema([("hkey", _K), ("leefgebied", _S), ("status", _S)]),
    "costs": pa.schema([("hkey", _K), ("wet", _S), ("category", _S), ("cents", _K), ("basis", _S)]),
}
"""The tables a chunk gives, one row per household / signal / person / youth-provision /
goal / costed provision. ``youth`` numbers the youths of one household; ``cents`` is
null where a provision's cost is unknown (``basis`` says why)."""


@dataclass(frozen=True)
class ChunkJob:
    """One chunk: raw JSON Lines (with line numbers), households, or a range of a
    columnar caseload folder."""

    index: int
    start: int
    """The number (``hkey``) of the chunk's first household."""
    source: str
    """The caseload's name in error messages."""
    lines: tuple[tuple[int, bytes | None], ...] = ()
    households: tuple[Household, ...] = ()
    folder: str | None = None
    parts: tuple[str, ...] = ()
    """With ``folder``: the part files (``part-NNNNNN.parquet``) of the chunk."""
    size: int = field(default=0)
    """Households in the chunk."""


def klasse(rule_ids: set[str], questions: int) -> str:
    """The triage class of a household from its signals: ``complex`` (a complex household
    or one with many professionals), ``meervoudig``, ``enkelvoudig``, ``overig`` (questions,
    but none of the triage rules fired) or ``geen_vraag``."""
    if rule_ids & set(COMPLEX_RULES):
        return "complex"
    if "triage.meervoudig" in rule_ids:
        return "meervoudig"
    if "triage.enkelvoudig" in rule_ids:
        return "enkelvoudig"
    return "overig" if questions else "geen_vraag"


def _folder_parts(folder: str, parts: Sequence[str]) -> dict[str, pa.Table | list[str]]:
    from gezinsplan.caseload.engine import load_tables

    load_tables(folder)  # checks the format
    out: dict[str, pa.Table | list[str]] = {}
    for name in TABLES:
        files = [str(Path(folder) / name / p) for p in parts if (Path(folder) / name / p).exists()]
        out[name] = (
            ds.dataset(files, schema=SCHEMAS[name], format="parquet").to_table()
            if files
            else SCHEMAS[name].empty_table()
        )
    return out


def _households(job: ChunkJob) -> list[Household] | None:
    if job.lines:
        from gezinsplan.io import parse_caseload_line

        return [parse_caseload_line(raw, job.source, line) for line, raw in job.lines]
    if job.households:
        return list(job.households)
    return None


def _unique(households: list[Household], job: ChunkJob) -> None:
    """Two households with one id would be counted as one: refuse them."""
    seen: dict[str, int] = {}
    for i, h in enumerate(households):
        if h.id in seen:
            where = (
                f"lines {job.lines[seen[h.id]][0]} and {job.lines[i][0]}"
                if job.lines
                else f"households {job.start + seen[h.id] + 1} and {job.start + i + 1}"
            )
            raise InputError(f"{job.source}: household id {h.id!r} appears twice ({where})")
        seen[h.id] = i


COSTED_WETTEN = (Wet.WMO, Wet.JEUGDWET)
"""The laws whose provisions the monitor prices (the laws with an iStandaard)."""


def cost_rows(
    provisions: Sequence[tuple[int, Sequence[Provision | Pricing]]],
    tariffs: TariffSet,
    peildatum: date,
) -> list[dict[str, Any]]:
    """One row per Wmo or Jeugdwet provision that is granted and runs on a day of the cost
    year of ``peildatum``: its household number, law, category and cost (None: unknown)."""
    start, end = cost_year(peildatum)
    wetten = {w.value for w in COSTED_WETTEN}
    out: list[dict[str, Any]] = []
    for key, given in provisions:
        for item in given:
            if isinstance(item, Pricing):
                p = item
            elif item.wet in COSTED_WETTEN:
                p = Pricing.of(item)
            else:
                continue
            if p.wet not in wetten:
                continue
            cost = price(p, tariffs, start, end)
            if cost.basis in ("niet_toegekend", "buiten_periode"):
                continue
            out.append(
                {
                    "hkey": key,
                    "wet": p.wet,
                    "category": p.category if p.category is not None else UNKNOWN,
                    "cents": cost.cents,
                    "basis": cost.basis,
                }
            )
    return out


_tariffs_seen: dict[str, TariffSet] = {}


def _same_tariffs(tariffs: TariffSet) -> TariffSet:
    """One tariff set object per content in this process, so that the costs it has worked
    out (:func:`gezinsplan.costs.price`) serve the next chunks too."""
    if not tariffs.content_hash:
        return tariffs
    return _tariffs_seen.setdefault(tariffs.content_hash, tariffs)


def monitor_chunk(
    job: ChunkJob,
    rules: RuleSet,
    peildatum: date,
    tariffs: TariffSet | None = None,
    *,
    per_household: bool = False,
) -> dict[str, pa.Table]:
    """The monitor tables of one chunk (see :data:`WORK_SCHEMAS`); without ``tariffs`` the
    table ``costs`` stays empty.

    The plans' figures come set-wise from :func:`gezinsplan.plan.caseload.plan_summaries`;
    ``per_household`` builds every plan with :func:`build_plan` instead (the reference:
    the same tables, many times slower)."""
    rules = kept_ruleset(rules)
    tariffs = _same_tariffs(tariffs) if tariffs is not None else None
    households = _households(job)
    if households is not None:
        _unique(households, job)
        tables: Mapping[str, pa.Table | list[str]] = to_arrow(households, start=job.start)
    elif job.folder is not None:
        tables = _folder_parts(job.folder, job.parts)
    else:
        return {name: schema.empty_table() for name, schema in WORK_SCHEMAS.items()}
    signals, facts = assess_with_facts(
        tables,
        rules,
        peildatum,
        facts=("household", "member", "provision"),
        backend=DuckDBBackend(threads=1),
    )
    folder = job.folder if job.folder is not None and has_documents(job.folder) else None

    def plan_households(wanted: list[tuple[str, int]]) -> list[Household] | None:
        if households is not None:
            ids = {hid for hid, _ in wanted}
            return [h for h in households if h.id in ids]
        if folder is not None:
            return read_documents(folder, [k for _, k in wanted], parts=job.parts)
        return None

    plans = _plans if per_household else _plan_summaries
    out = chunk_rows(
        tables,
        signals,
        facts,
        peildatum,
        lambda wanted: plans(tables, signals, wanted, plan_households, rules, peildatum),
        WORK_SCHEMAS,
    )
    costed: Sequence[tuple[int, Sequence[Provision | Pricing]]] = []
    if tariffs is not None and households is not None:
        costed = [(k, h.provisions) for k, h in enumerate(households, job.start)]
    elif tariffs is not None and folder is not None:
        costed = _document_provisions(folder, job.parts)
    out["costs"] = pa.Table.from_pylist(
        cost_rows(costed, tariffs, peildatum) if tariffs is not None else [],
        schema=WORK_SCHEMAS["costs"],
    )
    return out


_PRICING_FIELDS = (
    "status",
    "wet",
    "category",
    "product_code",
    "start",
    "end",
    "volume",
    "unit",
    "frequency",
    "budget",
)
_NOT_GRANTED = (ProvisionStatus.AANGEVRAAGD.value, ProvisionStatus.WACHTLIJST.value)


def _document_provisions(folder: str, parts: Sequence[str]) -> list[tuple[int, list[Pricing]]]:
    """What prices the Wmo and Jeugdwet provisions of the households of a columnar
    caseload's part files, taken out of their documents in DuckDB (the documents were
    validated when the caseload was converted; codes and numbers are checked again here)."""
    import duckdb

    from gezinsplan.caseload.documents import DOCUMENT_SCHEMA, DOCUMENTS

    root = Path(folder) / DOCUMENTS
    files = [str(root / p) for p in parts if (root / p).exists()]
    if not files:
        return []
    table = ds.dataset(files, schema=DOCUMENT_SCHEMA, format="parquet").to_table(
        columns=["hkey", "document"]
    )
    wanted = ", ".join(f"'{w.value}'" for w in COSTED_WETTEN)
    fields = ", ".join(f"json_extract_string(p, '$.{f}') AS \"{f}\"" for f in _PRICING_FIELDS)
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        con.register("docs", table.append_column("i", pa.array(range(table.num_rows), pa.int64())))
        # only the provisions' pricing fields are taken out of each document, in DuckDB
        found = con.sql(
            f"""
            WITH d AS (
              SELECT i, hkey, CAST(json_extract(document, '$.provisions') AS JSON[]) AS ps
              FROM docs),
            p AS (SELECT i, hkey, unnest(ps) AS p, generate_subscripts(ps, 1) AS j FROM d)
            SELECT hkey, {fields} FROM p
            WHERE json_extract_string(p, '$.wet') IN ({wanted})
            ORDER BY i, j
            """
        ).fetchall()
    finally:
        con.close()
    by_key: dict[int, list[Pricing]] = defaultdict(list)
    for row in found:
        try:
            by_key[row[0]].append(_pricing(row[1:]))
        except ValueError as e:
            raise EngineError(
                f"{folder}: household number {row[0]}: a provision cannot be priced: {e}"
            ) from None
    return list(by_key.items())


_UNITS = frozenset(e.value for e in Eenheid)
_FREQUENCIES = frozenset(f.value for f in Frequentie)


def _pricing(values: Sequence[str | None]) -> Pricing:
    status, wet, category, code, start, end, volume, unit, frequency, budget = values
    if unit is not None and unit not in _UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if frequency is not None and frequency not in _FREQUENCIES:
        raise ValueError(f"unknown frequency {frequency!r}")
    if start is None:
        raise ValueError("no start date")
    return Pricing(
        status in _NOT_GRANTED,
        str(wet),
        category,
        code,
        date.fromisoformat(start),
        date.fromisoformat(end) if end is not None else None,
        _whole(volume),
        unit,
        frequency,
        _whole(budget),
    )


def _whole(text: str | None) -> int | None:
    if text is None:
        return None
    if not text.isdigit():
        raise ValueError(f"{text!r} is not a whole number")
    return int(text)


PlanHouseholds = Callable[[list[tuple[str, int]]], list[Household] | None]
"""The households (id, number) asked for, or None when the households are not at hand."""


def _plan_summaries(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    wanted: list[tuple[str, int]],
    plan_households: PlanHouseholds,
    rules: RuleSet,
    peildatum: date,
) -> PlanFigures | None:
    """The plans' figures set-wise (:mod:`gezinsplan.plan.caseload`); the households are
    read only where the tables cannot tell whether an adult is under curatele."""
    from gezinsplan.plan.builder import household_lead
    from gezinsplan.plan.caseload import plan_summaries

    if plan_households([]) is None:
        return None
    hid_of = {k: hid for hid, k in wanted}

    def leads(hkeys: Sequence[int]) -> dict[int, bool]:
        found = plan_households([(hid_of[k], k) for k in hkeys]) or []
        key_of = {hid: k for k, hid in hid_of.items()}
        return {key_of[h.id]: household_lead(h, peildatum) is not None for h in found}

    plans, goals = plan_summaries(tables, signals, list(hid_of), rules, peildatum, leads)
    return plans, goals.select(WORK_SCHEMAS["goals"].names)


def _plans(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    asked: list[tuple[str, int]],
    plan_households: PlanHouseholds,
    rules: RuleSet,
    peildatum: date,
) -> PlanFigures | None:
    """The plans of the households that need one, from the caseload engine's signals bound
    to the household's own facts, each built by :func:`build_plan` (the per-household
    path, the reference of :func:`_plan_summaries`)."""
    wanted = plan_households(asked)
    if wanted is None:
        return None
    by_household: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in signals.to_pylist():
        by_household[row["household"]].append(row)
    params = rules.params_at(peildatum)
    options = fact_options(params, peildatum)
    lookup: dict[tuple[str, str, str], dict[str, Any]] = {}
    for h in wanted:
        for fact_type, rows in build_facts(h, peildatum, **options).items():
            for row in rows:
                lookup[(fact_type, h.id, row["id"])] = row
    per: dict[str, list[Signal]] = defaultdict(list)
    rows = [row for h in wanted for row in by_household.get(h.id, [])]
    for signal in signals_from_rows(rows, lookup, rules):
        per[signal.household_id].append(signal)
    policy = rules.plan_policy(peildatum)
    hkey = dict(asked)
    figures: list[dict[str, Any]] = []
    goals: list[dict[str, Any]] = []
    for h in wanted:
        signals_of = sorted(per.get(h.id, []), key=Signal.sort_key)
        plan = build_plan(h, signals_of, peildatum, policy)
        if plan.outcome is not PlanOutcome.PLAN:  # the two must agree, or the figures lie
            raise EngineError(
                f"plan outcome {plan.outcome.value} where {PlanOutcome.PLAN.value} was expected"
            )
        figures.append(
            {
                "hkey": hkey[h.id],
                "regisseur": plan.regisseur.kind if plan.regisseur else GEEN,
                "active_goals": sum(g.status == "actief" for g in plan.goals),
            }
        )
        goals += [
            {"hkey": hkey[h.id], "leefgebied": g.leefgebied.value, "status": g.status}
            for g in plan.goals
        ]
    return (
        pa.Table.from_pylist(figures, schema=PLAN_SCHEMA),
        pa.Table.from_pylist(goals, schema=WORK_SCHEMAS["goals"]),
    )
