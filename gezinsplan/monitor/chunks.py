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
from gezinsplan.costs.compute import cost_year, period_cost
from gezinsplan.costs.tariffs import TariffSet
from gezinsplan.errors import EngineError, InputError
from gezinsplan.model.dates import add_months, first_of_next_month
from gezinsplan.model.enums import Wet
from gezinsplan.model.household import Household, Provision
from gezinsplan.plan.builder import COMPLEX_RULES, build_plan, plan_outcome
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.rules.facts import build_facts, kostendeler_age, problem_score
from gezinsplan.rules.ruleset import RuleSet
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

UNKNOWN_AREA = "onbekend"
"""Wijk or kern of a household that has none recorded."""

GEEN = "geen"
"""Regisseur of a household without a full plan; wet/product of a youth without a
provision."""

UNKNOWN = "onbekend"
"""Regisseur of a household that needs a plan when the households themselves are not at
hand (a columnar caseload holds no names or words)."""


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


def transition_months(peildatum: date) -> list[str]:
    """The twelve calendar months after the peildatum's month, as ``YYYY-MM``."""
    first = first_of_next_month(peildatum)
    return [add_months(first, i).isoformat()[:7] for i in range(12)]


_rules_seen: dict[str, RuleSet] = {}


def _same_rules(rules: RuleSet) -> RuleSet:
    """One rule set object per version in this process, so that its compiled SQL and
    parameter caches survive from chunk to chunk."""
    return _rules_seen.setdefault(rules.version, rules)


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
    provisions: Sequence[tuple[int, Sequence[Provision]]], tariffs: TariffSet, peildatum: date
) -> list[dict[str, Any]]:
    """One row per Wmo or Jeugdwet provision that is granted and runs on a day of the cost
    year of ``peildatum``: its household number, law, category and cost (None: unknown)."""
    start, end = cost_year(peildatum)
    out: list[dict[str, Any]] = []
    for key, given in provisions:
        for p in given:
            if p.wet not in COSTED_WETTEN:
                continue
            cost = period_cost(p, tariffs, start, end)
            if cost.basis in ("niet_toegekend", "buiten_periode"):
                continue
            out.append(
                {
                    "hkey": key,
                    "wet": p.wet.value,
                    "category": p.category.value if p.category is not None else UNKNOWN,
                    "cents": cost.cents,
                    "basis": cost.basis,
                }
            )
    return out


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
    rules = _same_rules(rules)
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
    out = _rows(tables, signals, facts, plan_households, plans, rules, peildatum)
    costed: list[tuple[int, Sequence[Provision]]] = []
    if tariffs is not None and households is not None:
        costed = [(k, h.provisions) for k, h in enumerate(households, job.start)]
    elif tariffs is not None and folder is not None:
        costed = _document_provisions(folder, job.parts)
    out["costs"] = pa.Table.from_pylist(
        cost_rows(costed, tariffs, peildatum) if tariffs is not None else [],
        schema=WORK_SCHEMAS["costs"],
    )
    return out


def _document_provisions(
    folder: str, parts: Sequence[str]
) -> list[tuple[int, Sequence[Provision]]]:
    """The Wmo and Jeugdwet provisions of the households of a columnar caseload's part
    files, from their documents (each provision validated; the rest of a household is not
    read again: its tables were checked when the caseload was converted)."""
    import json

    from gezinsplan.caseload.documents import DOCUMENT_SCHEMA, DOCUMENTS

    root = Path(folder) / DOCUMENTS
    files = [str(root / p) for p in parts if (root / p).exists()]
    if not files:
        return []
    table = ds.dataset(files, schema=DOCUMENT_SCHEMA, format="parquet").to_table(
        columns=["hkey", "document"]
    )
    wanted = {w.value for w in COSTED_WETTEN}
    out: list[tuple[int, Sequence[Provision]]] = []
    for key, doc in zip(
        table.column("hkey").to_pylist(), table.column("document").to_pylist(), strict=True
    ):
        raw = json.loads(doc).get("provisions", [])
        out.append((key, [Provision.model_validate(p) for p in raw if p.get("wet") in wanted]))
    return out


def _column(table: pa.Table | list[str], name: str, columns: Sequence[str]) -> list[dict[str, Any]]:
    if isinstance(table, list):
        table = ds.dataset(table, schema=SCHEMAS[name], format="parquet").to_table()
    rows: list[dict[str, Any]] = table.select(list(columns)).to_pylist()
    return rows


PlanHouseholds = Callable[[list[tuple[str, int]]], list[Household] | None]
"""The households (id, number) asked for, or None when the households are not at hand."""

PlanFigures = tuple[dict[str, tuple[str, int]], pa.Table]
"""Per household id the regisseur's kind and the number of active goals, and the table
``goals`` (:data:`WORK_SCHEMAS`)."""


def _plan_summaries(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    by_household: Mapping[str, list[dict[str, Any]]],
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
    figures = {
        hid_of[k]: (kind, n)
        for k, kind, n in zip(
            plans.column("hkey").to_pylist(),
            plans.column("regisseur").to_pylist(),
            plans.column("active_goals").to_pylist(),
            strict=True,
        )
    }
    return figures, goals.select(WORK_SCHEMAS["goals"].names).cast(WORK_SCHEMAS["goals"])


def _rows(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    facts: Mapping[str, pa.Table],
    plan_households: PlanHouseholds,
    plan_figures: Callable[..., PlanFigures | None],
    rules: RuleSet,
    peildatum: date,
) -> dict[str, pa.Table]:
    base = _column(
        tables["households"], "households", ["household", "hkey", "gemeente", "wijk", "kern"]
    )
    hkey = {r["household"]: r["hkey"] for r in base}
    acute = {
        r["household"]
        for r in _column(tables["questions"], "questions", ["household", "urgency"])
        if r["urgency"] == "acuut"
    }
    counts = {r["household"]: r for r in facts["household"].to_pylist()}
    signal_rows = signals.to_pylist()
    by_household: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in signal_rows:
        by_household[row["household"]].append(row)

    outcome: dict[str, PlanOutcome] = {}
    for r in base:
        hid = r["household"]
        sig = by_household.get(hid, [])
        outcome[hid] = plan_outcome(
            [(s["rule_id"], s["category"]) for s in sig],
            questions=counts[hid]["n_questions"] > 0,
            acute=hid in acute,
        )
    wanted = [
        (r["household"], r["hkey"]) for r in base if outcome[r["household"]] is PlanOutcome.PLAN
    ]
    found = plan_figures(tables, signals, by_household, wanted, plan_households, rules, peildatum)
    plans, goals = found if found is not None else ({}, WORK_SCHEMAS["goals"].empty_table())

    out_households = []
    for r in base:
        hid = r["household"]
        c = counts[hid]
        plan = plans.get(hid)
        needs_plan = outcome[hid] is PlanOutcome.PLAN
        out_households.append(
            {
                "hkey": r["hkey"],
                "gemeente": r["gemeente"],
                "wijk": r["wijk"] or UNKNOWN_AREA,
                "kern": r["kern"] or UNKNOWN_AREA,
                "members": c["n_members"],
                "minors": c["n_minors"],
                "questions": c["n_questions"],
                "professionals": c["n_professionals"],
                "organisations": c["n_organisations"],
                "klasse": klasse(
                    {s["rule_id"] for s in by_household.get(hid, [])}, c["n_questions"]
                ),
                "outcome": outcome[hid].value,
                "regisseur": plan[0] if plan is not None else (UNKNOWN if needs_plan else GEEN),
                "active_goals": plan[1] if plan is not None else None,
                "arrears": c["n_arrears"],
                "arrears_reached": c["arrears_contact_made"],
            }
        )
    return {
        "households": pa.Table.from_pylist(out_households, schema=WORK_SCHEMAS["households"]),
        "signals": pa.Table.from_pylist(
            [
                {"hkey": hkey[s["household"]], "category": s["category"], "rule_id": s["rule_id"]}
                for s in signal_rows
            ],
            schema=WORK_SCHEMAS["signals"],
        ),
        "persons": pa.Table.from_pylist(_persons(facts, hkey), schema=WORK_SCHEMAS["persons"]),
        "transitions": pa.Table.from_pylist(
            _transitions(facts, hkey, peildatum), schema=WORK_SCHEMAS["transitions"]
        ),
        "goals": goals,
    }


def _plans(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    by_household: Mapping[str, list[dict[str, Any]]],
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
    params = rules.params_at(peildatum)
    score, housemate_age = problem_score(params), kostendeler_age(params)
    lookup: dict[tuple[str, str, str], dict[str, Any]] = {}
    for h in wanted:
        for fact_type, rows in build_facts(
            h, peildatum, problem_score=score, kostendeler_age=housemate_age
        ).items():
            for row in rows:
                lookup[(fact_type, h.id, row["id"])] = row
    per: dict[str, list[Signal]] = defaultdict(list)
    rows = [row for h in wanted for row in by_household.get(h.id, [])]
    for signal in signals_from_rows(rows, lookup, rules):
        per[signal.household_id].append(signal)
    policy = rules.plan_policy(peildatum)
    plans: dict[str, Any] = {}
    for h in wanted:
        signals = sorted(per.get(h.id, []), key=Signal.sort_key)
        plan = build_plan(h, signals, peildatum, policy)
        if plan.outcome is not PlanOutcome.PLAN:  # the two must agree, or the figures lie
            raise EngineError(
                f"plan outcome {plan.outcome.value} where {PlanOutcome.PLAN.value} was expected"
            )
        plans[h.id] = plan
    hkey = dict(asked)
    figures = {
        hid: (
            plan.regisseur.kind if plan.regisseur else GEEN,
            sum(g.status == "actief" for g in plan.goals),
        )
        for hid, plan in plans.items()
    }
    goals = [
        {"hkey": hkey[hid], "leefgebied": g.leefgebied.value, "status": g.status}
        for hid, plan in plans.items()
        for g in plan.goals
    ]
    return figures, pa.Table.from_pylist(goals, schema=WORK_SCHEMAS["goals"])


_CBS_WETTEN = {
    Wet.JEUGDWET.value: "jeugd",
    Wet.WMO.value: "wmo",
    Wet.PARTICIPATIEWET.value: "participatie",
}


def _persons(facts: Mapping[str, pa.Table], hkey: Mapping[str, int]) -> list[dict[str, Any]]:
    laws: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in facts["provision"].select(["household", "member", "wet"]).to_pylist():
        if p["wet"] in _CBS_WETTEN:
            laws[(p["household"], p["member"])].add(_CBS_WETTEN[p["wet"]])
    return [
        {
            "hkey": hkey[hid],
            "jeugd": "jeugd" in found,
            "wmo": "wmo" in found,
            "participatie": "participatie" in found,
        }
        for (hid, _), found in sorted(laws.items())
    ]


def _transitions(
    facts: Mapping[str, pa.Table], hkey: Mapping[str, int], peildatum: date
) -> list[dict[str, Any]]:
    months = set(transition_months(peildatum))
    provisions: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for p in facts["provision"].select(["household", "member", "wet", "product"]).to_pylist():
        provisions[(p["household"], p["member"])].append((p["wet"], p["product"]))
    youths: dict[str, int] = defaultdict(int)
    out: list[dict[str, Any]] = []
    members = facts["member"].select(["household", "id", "eighteenth_birthday"]).to_pylist()
    for m in sorted(members, key=lambda r: (r["household"], r["id"])):
        month = (m["eighteenth_birthday"] or "")[:7]
        if month not in months:
            continue
        hid = m["household"]
        youths[hid] += 1
        for wet, product in sorted(provisions.get((hid, m["id"]), [])) or [(GEEN, GEEN)]:
            out.append(
                {
                    "hkey": hkey[hid],
                    "youth": youths[hid],
                    "maand": month,
                    "wet": wet,
                    "product": product,
                }
            )
    return out
