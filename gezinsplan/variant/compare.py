"""Baseline against variant over a whole caseload: signals, households and plans that change.

Signals come from the SQL caseload engine (both rule sets over the same caseload); plans
are rebuilt only for the households whose signals changed, from those SQL signal rows (no
second evaluation), and only when the households themselves are at hand: a JSON Lines
caseload, a list of households, or a columnar folder with its documents (the households
without names or own words; a folder without them gives signal-level results only).

Signals are compared on what a caseworker reads (rule, members, facts, deadline, message
template with the parameter values it quotes); plans on what a household sees (actions,
their actors and laws, deadlines as shifts in days, goals' order and status), with per
household the desks, professionals and days to the first due action before and after
(:mod:`gezinsplan.variant.people`), per area with small cells suppressed and as
anonymised stories (:mod:`gezinsplan.variant.areas`). Plans are built from the SQL signal
rows already at hand, not by evaluating the households again.

Household keys are pseudonymized (HMAC-SHA256 with a key; without one a random key per
run, so keys cannot be linked across runs). Every table is Arrow, ``to_pandas()`` away.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from gezinsplan.assessor import Assessor
from gezinsplan.caseload.documents import (
    DOCUMENTS,
    has_documents,
    parse_document,
    read_document_texts,
)
from gezinsplan.caseload.engine import (
    CaseloadSource,
    assess_many,
    load_tables,
    same_rules,
    signals_from_rows,
)
from gezinsplan.costs import TariffSet
from gezinsplan.errors import InputError
from gezinsplan.model.household import Household, Provision
from gezinsplan.plan.builder import COMPLEX_RULES, build_plan
from gezinsplan.plan.model import Plan
from gezinsplan.rules.ruleset import Rule, RuleSet, default_rules, kept_ruleset
from gezinsplan.signal import Signal
from gezinsplan.variant.areas import MIN_CELL, area_table, story_table
from gezinsplan.variant.costs import COST_SCHEMA, TOTAL, ProvisionLoader, cost_table, effect_rows
from gezinsplan.variant.people import action_changes, plan_figures

_MULTIPLE_RULES = frozenset({"triage.meervoudig", *COMPLEX_RULES})
"""The triage rules of a multiple or complex question (the triage classes meervoudig and
complex, which exclude each other)."""

__all__ = ["VariantDiff", "diff", "plan_changes", "rank_switches"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class VariantDiff:
    """The result of :func:`diff`: summary numbers and three tables."""

    summary: dict[str, Any]
    rules: pa.Table
    """Per rule: its title, signals and households under baseline and variant, households
    gained/lost."""
    households: pa.Table
    """Per (household key, rule): ``erbij`` (fires only under the variant) or ``eraf``."""
    plans: pa.Table
    """Per household key and plan aspect: baseline, variant and the change in words."""
    gemeenten: pa.Table = field(default_factory=lambda: pa.table({}))
    """Per gemeente: households, households whose signals changed."""
    gezinnen: pa.Table = field(default_factory=lambda: pa.table({}))
    """Per pseudonymized household whose plan was rebuilt: desks, professionals and days
    to the first due action before and after, and what changed (no ids, no dates)."""
    gebieden: pa.Table = field(default_factory=lambda: pa.table({}))
    """Per area (totaal, gemeente, wijk) the households whose plan changes and how, with
    small counts suppressed (``*_suppression`` marks)."""
    verhalen: pa.Table = field(default_factory=lambda: pa.table({}))
    """Anonymised stories: groups of changed households by bands, at least ``min_cell``."""
    kosten: pa.Table = field(default_factory=lambda: COST_SCHEMA.empty_table())
    """Per provision effect of the signals that changed: how often a provision starts or
    stops only in the variant or only in the baseline, and the yearly cost (variant minus
    baseline), small cells suppressed (:mod:`gezinsplan.variant.costs`); empty without
    tariffs."""

    def to_pandas(self) -> dict[str, Any]:
        """The tables as pandas DataFrames, by name."""
        return {
            "rules": self.rules.to_pandas(),
            "households": self.households.to_pandas(),
            "plans": self.plans.to_pandas(),
            "gemeenten": self.gemeenten.to_pandas(),
            "gezinnen": self.gezinnen.to_pandas(),
            "gebieden": self.gebieden.to_pandas(),
            "verhalen": self.verhalen.to_pandas(),
            "kosten": self.kosten.to_pandas(),
        }

    def write(self, out: str | Path, *, replace: bool = False) -> Path:
        """Write the tables as Parquet and the summary as JSON into the folder ``out``
        (all or nothing: written beside it under a temporary name, then renamed)."""
        target = Path(out)
        if target.exists() and not replace:
            raise InputError(f"{target}: exists; remove it or pass replace=True (--replace)")
        if not target.parent.is_dir():
            raise InputError(f"{target.parent}: folder not found")
        part = target.parent / f".{target.name}.part-{os.getpid()}"
        shutil.rmtree(part, ignore_errors=True)
        part.mkdir(mode=0o700)
        try:
            for name in _TABLES:
                pq.write_table(getattr(self, name), part / f"{name}.parquet")
            (part / "summary.json").write_text(
                json.dumps(self.summary, indent=2, ensure_ascii=False, default=str) + "\n",
                encoding="utf-8",
            )
            if target.exists():
                shutil.rmtree(target)
            part.rename(target)
        except BaseException:
            shutil.rmtree(part, ignore_errors=True)
            raise
        return target


_TABLES = (
    "rules",
    "households",
    "plans",
    "gemeenten",
    "gezinnen",
    "gebieden",
    "verhalen",
    "kosten",
)


def _pseudonym(key: bytes) -> Callable[[str], str]:
    def name(household: str) -> str:
        return hmac.new(key, household.encode(), hashlib.sha256).hexdigest()[:20]

    return name


def _identity(table: pa.Table) -> dict[str, set[tuple[Any, ...]]]:
    """Per household its signals as (rule, facts, members, deadline, message), where the
    message is the rule's message template with the parameter values it used."""
    out: dict[str, set[tuple[Any, ...]]] = {}
    for hid, rid, facts, members, deadline, params, message in zip(
        table.column("household").to_pylist(),
        table.column("rule_id").to_pylist(),
        table.column("fact_ids").to_pylist(),
        table.column("members").to_pylist(),
        table.column("deadline").to_pylist(),
        table.column("parameters").to_pylist(),
        table.column("message").to_pylist(),
        strict=True,
    ):
        out.setdefault(hid, set()).add(
            (rid, tuple(facts), tuple(members), deadline, f"{message}|{params}")
        )
    return out


_KEY_COLUMNS = ["household", "rule_id", "fact_ids", "members", "deadline", "message"]
_IDENTITY_COLUMNS = [*_KEY_COLUMNS, "parameters"]


_QUOTED = re.compile(r"\{param:([^{}|]+)")


def _message_key(rule: Rule, values: Mapping[str, Any]) -> str:
    """What the caseworker and the household read of a rule's signal, as a short hash: the
    message and letter templates and the values of the parameters they quote. A parameter
    the rule only tests (a threshold it does not mention) changes no text."""
    quoted = sorted(set(_QUOTED.findall(rule.message + rule.letter)))
    text = rule.message + "\0" + rule.letter + "\0" + repr([(q, values.get(q)) for q in quoted])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _with_message(table: pa.Table, rules: RuleSet, peildatum: date) -> pa.Table:
    """``table`` with a ``message`` column: a short hash of what the rule's signal says (a
    replaced rule with another text, or a quoted parameter at another value, says something
    else to the caseworker)."""
    import pyarrow.compute as pc

    ids = sorted(r.id for r in rules.rules)
    by_id = {r.id: r for r in rules.rules}
    values = rules.params_at(peildatum)
    templates = pa.array([_message_key(by_id[i], values) for i in ids], pa.string())
    index = pc.index_in(table.column("rule_id"), value_set=pa.array(ids, pa.string()))
    return table.append_column("message", pc.take(templates, index))


def _what(old: set[tuple[Any, ...]], new: set[tuple[Any, ...]]) -> str:
    """What differs between the signals of one rule for one household: ``leden``,
    ``feiten``, ``termijn eerder``/``termijn later``, ``bericht``."""
    parts: list[str] = []
    if {s[2] for s in old} != {s[2] for s in new}:
        parts.append("leden")
    if {s[1] for s in old} != {s[1] for s in new}:
        parts.append("feiten")
    db = sorted(s[3] for s in old if s[3] is not None)
    dv = sorted(s[3] for s in new if s[3] is not None)
    if db != dv:
        if db and dv and dv[0] < db[0]:
            parts.append("termijn eerder")
        elif db and dv and dv[0] > db[0]:
            parts.append("termijn later")
        else:
            parts.append("termijn")
    if {s[4] for s in old} != {s[4] for s in new}:
        parts.append("bericht")
    return ", ".join(parts)


_ORDER = {"erbij": 0, "eraf": 1, "anders": 2}


def _rule_changes(before: pa.Table, after: pa.Table) -> list[tuple[str, str, str, str]]:
    """Per household and rule whose signals differ: (household, rule, ``erbij`` / ``eraf``
    / ``anders``, what differs for ``anders``), by household, then gained, lost and
    otherwise, each by rule. The signals of each side are compared as sets in DuckDB; only
    the pairs that differ on both sides are read into Python (to say what differs)."""
    import duckdb

    con = duckdb.connect(":memory:", config={"preserve_insertion_order": False})
    try:
        for alias, table in (("b", before), ("v", after)):
            con.register(f"{alias}_raw", table.select(_IDENTITY_COLUMNS))
            con.execute(
                f"""CREATE TEMP TABLE {alias} AS
                SELECT household, rule_id, list_sort(list_distinct(list(
                  CAST(to_json(fact_ids) AS VARCHAR) || chr(1)
                  || CAST(to_json(members) AS VARCHAR) || chr(1)
                  || COALESCE(CAST(deadline AS VARCHAR), '') || chr(1) || message || '|'
                  || parameters))) AS k
                FROM {alias}_raw GROUP BY household, rule_id"""
            )
        pairs = con.sql(
            """SELECT COALESCE(b.household, v.household), COALESCE(b.rule_id, v.rule_id),
                 CASE WHEN b.k IS NULL THEN 'erbij' WHEN v.k IS NULL THEN 'eraf'
                      ELSE 'anders' END
               FROM b FULL OUTER JOIN v ON b.household = v.household AND b.rule_id = v.rule_id
               WHERE b.k IS NULL OR v.k IS NULL OR b.k <> v.k"""
        ).fetchall()
        otherwise = [(h, r) for h, r, c in pairs if c == "anders"]
        whats: dict[tuple[str, str], str] = {}
        if otherwise:
            con.register(
                "pairs",
                pa.table(
                    {"household": [h for h, _ in otherwise], "rule_id": [r for _, r in otherwise]}
                ),
            )
            sides = [
                _identity(
                    con.sql(
                        f"SELECT r.* FROM {alias}_raw AS r JOIN pairs USING (household, rule_id)"
                    ).to_arrow_table()
                )
                for alias in ("b", "v")
            ]
            for hid, rid in otherwise:
                old = {s for s in sides[0].get(hid, set()) if s[0] == rid}
                new = {s for s in sides[1].get(hid, set()) if s[0] == rid}
                whats[(hid, rid)] = _what(old, new)
    finally:
        con.close()
    rows = [(h, r, c, whats.get((h, r), "")) for h, r, c in pairs]
    rows.sort(key=lambda row: (row[0], _ORDER[row[2]], row[1]))
    return rows


def _other_rules(table: pa.Table, same: frozenset[str]) -> pa.Table:
    """The rows of ``table`` of the rules not in ``same``
    (:func:`~gezinsplan.caseload.engine.same_rules`)."""
    import pyarrow.compute as pc

    if not same:
        return table
    mask = pc.is_in(table.column("rule_id"), pa.array(sorted(same), pa.string()))
    return table.filter(pc.invert(mask))


def _compare(
    before: pa.Table, after: pa.Table, same: frozenset[str] = frozenset()
) -> tuple[dict[tuple[str, str], tuple[int, int]], list[str]]:
    """Per (side, rule): signals and households; and the households whose signals differ
    (set difference of whole signals, in DuckDB). ``same``: rules whose signals are known
    to be equal on both sides (:func:`~gezinsplan.caseload.engine.same_rules`): only the
    others are compared."""
    import duckdb

    con = duckdb.connect(":memory:")
    try:
        con.register("b", before.select(_KEY_COLUMNS))
        con.register("a", after.select(_KEY_COLUMNS))
        counts: dict[tuple[str, str], tuple[int, int]] = {}
        rows = con.sql(
            "SELECT rule_id, count(*), count(DISTINCT household) FROM b GROUP BY rule_id"
        ).fetchall()
        for rid, signals, households in rows:
            counts[("baseline", rid)] = (int(signals), int(households))
            if rid in same:  # the same signals on the other side
                counts[("variant", rid)] = (int(signals), int(households))
        if same:
            con.unregister("b")
            con.unregister("a")
            con.register("b", _other_rules(before, same).select(_KEY_COLUMNS))
            con.register("a", _other_rules(after, same).select(_KEY_COLUMNS))
        rows = con.sql(
            "SELECT rule_id, count(*), count(DISTINCT household) FROM a GROUP BY rule_id"
        ).fetchall()
        for rid, signals, households in rows:
            counts[("variant", rid)] = (int(signals), int(households))
        changed = con.sql(
            "SELECT DISTINCT household FROM ("
            "(SELECT * FROM b EXCEPT SELECT * FROM a) UNION ALL "
            "(SELECT * FROM a EXCEPT SELECT * FROM b)) ORDER BY household"
        ).fetchall()
    finally:
        con.close()
    return counts, [str(h) for (h,) in changed]


def _only(table: pa.Table, households: Sequence[str]) -> pa.Table:
    import pyarrow.compute as pc

    return table.filter(pc.is_in(table.column("household"), pa.array(households, pa.string())))


def diff(
    source: CaseloadSource,
    variant: RuleSet,
    peildatum: date,
    *,
    baseline: RuleSet | None = None,
    key: bytes | None = None,
    plans: bool = True,
    workers: int = 1,
    min_cell: int = MIN_CELL,
    tariffs: TariffSet | None = None,
    progress: Progress | None = None,
    **options: Any,
) -> VariantDiff:
    """Compare ``baseline`` (default: the shipped catalogue) with ``variant`` over a caseload.

    ``source``: a columnar caseload folder, a JSON Lines file or households. ``key``: the
    pseudonymization key (random per run when None). ``workers``: processes for the plans.
    ``min_cell``: the smallest group shown in the area table and the stories.
    ``tariffs``: prices for the provisions that start or stop (table ``kosten``; empty
    without). ``options`` go to the SQL engine (``backend=``, ``url=``, ``memory_limit=``).
    """
    baseline = baseline if baseline is not None else default_rules()
    if not isinstance(source, str | Path | Mapping):
        source = list(source)
    name = _pseudonym(key if key is not None else secrets.token_bytes(32))
    tables = load_tables(source)  # a JSON Lines file is read once, for both rule sets
    if progress:
        progress("signalen basis en variant")
    # one pass: the fact views are shared by both rule sets where the facts agree
    before, after = assess_many(tables, [baseline, variant], peildatum, **options)
    before, after = (
        _with_message(before, baseline, peildatum),
        _with_message(after, variant, peildatum),
    )
    areas_of = _Areas(tables)
    same = same_rules(baseline, variant, peildatum)
    counts, changed = _compare(before, after, same)
    changed_set = set(changed)

    # per rule
    rule_ids = sorted({r.id for r in baseline.rules} | {r.id for r in variant.rules})
    titles = {r.id: r.title for r in baseline.rules} | {r.id: r.title for r in variant.rules}
    stats: dict[str, dict[str, Any]] = {
        rid: {
            "rule_id": rid,
            "title": titles[rid],
            "baseline_signals": 0,
            "variant_signals": 0,
            "baseline_households": 0,
            "variant_households": 0,
            "households_gained": 0,
            "households_lost": 0,
            "households_otherwise": 0,
        }
        for rid in rule_ids
    }
    for (side, rid), (signals, households_n) in counts.items():
        stats[rid][f"{side}_signals"] = signals
        stats[rid][f"{side}_households"] = households_n
    household_rows: list[dict[str, Any]] = []
    keys: dict[str, str] = {}
    column = {
        "erbij": "households_gained",
        "eraf": "households_lost",
        "anders": "households_otherwise",
    }
    gemeente, wijk = areas_of.of(changed)
    for hid, rid, change, what in _rule_changes(
        _only(_other_rules(before, same), changed), _only(_other_rules(after, same), changed)
    ):
        hkey = keys.get(hid)
        if hkey is None:
            hkey = keys[hid] = name(hid)
        stats[rid][column[change]] += 1
        household_rows.append(_change_row(hkey, gemeente.get(hid, ""), rid, change, what))
    rules_table = pa.Table.from_pylist(list(stats.values()), schema=_RULES_SCHEMA)

    plan_rows: list[dict[str, Any]] = []
    figure_rows: list[dict[str, Any]] = []
    plans_note = ""
    # the planner reads parameters of its own: when they differ, every plan may change
    policy_changed = _policy(baseline, peildatum) != _policy(variant, peildatum)
    wanted = None if policy_changed else set(changed)
    if plans and (changed or policy_changed):
        households = _households(source, wanted, tables)
        if households is None:
            plans_note = (
                "plannen niet vergeleken: deze kolomvormige caseload bevat de huishoudens zelf "
                "niet (geen documents); maak hem opnieuw of geef het JSON Lines-bestand"
            )
        else:
            planned = _plan_rows(
                households, baseline, variant, peildatum, workers, before, after, progress, same
            )
            if policy_changed:
                gemeente, wijk = areas_of.of(None)
            for hid, rows, figures in planned:
                hkey = keys.get(hid) or name(hid)
                plan_rows += [{"household_key": hkey, **row} for row in rows]
                figure_rows.append(
                    {
                        "household_key": hkey,
                        "gemeente": gemeente.get(hid, ""),
                        "wijk": wijk.get(hid) or "",
                        "signalen_anders": hid in changed_set,
                        "plan_anders": bool(rows),
                        **figures,
                    }
                )
    figures_table = pa.Table.from_pylist(figure_rows, schema=_FIGURES_SCHEMA)
    units = areas_of.units(changed)
    areas = area_table(figures_table, units, min_cell=min_cell)
    stories = story_table(figures_table, min_cell=min_cell)
    costs = _costs(
        source, tables, before, after, changed, baseline, variant, peildatum, tariffs, same
    )
    cost_rows = cost_table(costs, min_cell) if tariffs is not None else COST_SCHEMA.empty_table()
    summary = {
        "peildatum": peildatum.isoformat(),
        "baseline_version": baseline.version,
        "variant_version": variant.version,
        "households": len(areas_of),
        "households_changed": len(changed),
        "baseline_signals": before.num_rows,
        "variant_signals": after.num_rows,
        "households_with_plan_change": len({r["household_key"] for r in plan_rows}),
        "plans_rebuilt": figures_table.num_rows,
        "plan_policy_changed": policy_changed,
        "min_cell": min_cell,
        "plans_note": plans_note,
        **_totals(figures_table),
        **_cost_summary(cost_rows, tariffs),
    }
    return VariantDiff(
        summary=summary,
        rules=rules_table,
        households=pa.Table.from_pylist(household_rows, schema=_HOUSEHOLDS_SCHEMA),
        plans=pa.Table.from_pylist(plan_rows, schema=_PLANS_SCHEMA),
        gemeenten=pa.Table.from_pylist(_Areas.per_gemeente(units), schema=_GEMEENTEN_SCHEMA),
        gezinnen=figures_table,
        gebieden=areas,
        verhalen=stories,
        kosten=cost_rows,
    )


def _provisions(
    source: CaseloadSource,
    tables: Mapping[str, pa.Table | list[str]],
    households: Sequence[str],
) -> dict[str, dict[str, Provision]] | None:
    """The provisions of ``households`` by id, when the source holds the households (a
    JSON Lines file, households, or a columnar folder with documents); else None."""
    if not households:
        return {}
    found = _households(source, set(households), tables)
    if found is None:
        return None
    return {h.id: {p.id: p for p in h.provisions} for h in _parsed(found)}


def _household_keys(tables: Mapping[str, pa.Table | list[str]]) -> dict[str, int]:
    """Household id -> its number in a caseload's tables."""
    data = tables["households"]
    if isinstance(data, list):
        data = ds.dataset(data, format="parquet").to_table(columns=["household", "hkey"])
    return dict(
        zip(data.column("household").to_pylist(), data.column("hkey").to_pylist(), strict=True)
    )


def _costs(
    source: CaseloadSource,
    tables: Mapping[str, pa.Table | list[str]],
    before: pa.Table,
    after: pa.Table,
    changed: Sequence[str],
    baseline: RuleSet,
    variant: RuleSet,
    peildatum: date,
    tariffs: TariffSet | None,
    same: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    if tariffs is None or not changed:
        return []
    return effect_rows(
        before,
        after,
        changed,
        baseline,
        variant,
        peildatum,
        tariffs,
        lambda households: _provisions(source, tables, households),
        same,
    )


def _cost_summary(table: pa.Table, tariffs: TariffSet | None) -> dict[str, Any]:
    """The total row of the cost table (None where suppressed) and the tariffs used."""
    if tariffs is None:
        return {"kosten": None}
    total = [r for r in table.to_pylist() if r["rule_id"] == TOTAL]
    row = total[0] if total else None
    return {
        "kosten": {
            "per_jaar_euro": row["kosten_per_jaar"] if row else 0.0,
            "onbekend": row["onbekend"] if row else 0,
            "huishoudens": row["households"] if row else 0,
            "suppressed": bool(row["suppressed"]) if row else False,
            "tarieven_voorbeeld": tariffs.example,
        }
    }


def _policy(rules: RuleSet, peildatum: date) -> tuple[Any, ...]:
    from gezinsplan.rules.policy import PLAN_PARAMETERS

    out: list[Any] = []
    for pid in PLAN_PARAMETERS:
        try:
            out.append(rules.parameters.value(pid, peildatum))
        except Exception:  # a rule set without a plan parameter plans with an error anyway
            out.append(None)
    return tuple(out)


class _Areas:
    """The gemeente and wijk of every household of a caseload, as Arrow columns (a
    million households are not turned into Python objects: only those asked for)."""

    def __init__(self, tables: Mapping[str, pa.Table | list[str]]) -> None:
        data = tables["households"]
        if isinstance(data, list):
            data = pa.concat_tables(
                pq.read_table(f, columns=["household", "gemeente", "wijk"]) for f in data
            )
        import pyarrow.compute as pc

        wijk = (
            pc.fill_null(data.column("wijk"), "")
            if "wijk" in data.column_names
            else pa.array([""] * data.num_rows, pa.string())
        )
        self.table = pa.table(
            {
                "household": data.column("household"),
                "gemeente": pc.fill_null(data.column("gemeente"), ""),
                "wijk": wijk,
            }
        )

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def of(self, households: Iterable[str] | None) -> tuple[dict[str, str], dict[str, str]]:
        """Gemeente and wijk (where there is one) of ``households`` (None: all)."""
        part = self.table if households is None else _only(self.table, sorted(households))
        ids = part.column("household").to_pylist()
        wijken = part.column("wijk").to_pylist()
        return (
            dict(zip(ids, part.column("gemeente").to_pylist(), strict=True)),
            {h: w for h, w in zip(ids, wijken, strict=True) if w},
        )

    def units(self, changed: Sequence[str]) -> pd.DataFrame:
        """Per household its gemeente, wijk and whether its signals changed."""
        import pyarrow.compute as pc

        flag = pc.is_in(self.table.column("household"), value_set=pa.array(changed, pa.string()))
        return pd.DataFrame(
            {
                "gemeente": self.table.column("gemeente").to_pandas(),
                "wijk": self.table.column("wijk").to_pandas(),
                "changed": flag.to_pandas(),
            }
        )

    @staticmethod
    def per_gemeente(units: pd.DataFrame) -> list[dict[str, Any]]:
        """Per gemeente (in order) of :meth:`units`: its households and those whose
        signals changed."""
        grouped = units.groupby("gemeente", sort=True)["changed"].agg(["size", "sum"])
        return [
            {"gemeente": str(g), "households": int(n), "households_changed": int(c)}
            for g, (n, c) in grouped.iterrows()
        ]


def _totals(figures: pa.Table) -> dict[str, Any]:
    """Sums over the households whose plan was rebuilt (the others keep their plan)."""
    rows = figures.to_pylist()
    changed = [r for r in rows if r["plan_anders"]]

    def total(col: str) -> int:
        return sum(int(r[col] or 0) for r in changed)

    def median(col: str) -> float | None:
        values = sorted(r[col] for r in changed if r[col] is not None)
        if not values:
            return None
        mid = len(values) // 2
        return float(values[mid]) if len(values) % 2 else (values[mid - 1] + values[mid]) / 2

    return {
        "households_action_gone": sum(1 for r in changed if r["acties_weg"]),
        "households_action_new": sum(1 for r in changed if r["acties_nieuw"]),
        "households_date_earlier": sum(1 for r in changed if r["termijn_eerder"]),
        "households_date_later": sum(1 for r in changed if r["termijn_later"]),
        "households_goals_changed": sum(1 for r in changed if r["doelen_anders"]),
        "desks_baseline": total("loketten_basis"),
        "desks_variant": total("loketten_variant"),
        "professionals_baseline": total("professionals_basis"),
        "professionals_variant": total("professionals_variant"),
        "median_days_first_due_baseline": median("dagen_basis"),
        "median_days_first_due_variant": median("dagen_variant"),
    }


_RULES_SCHEMA = pa.schema(
    [
        ("rule_id", pa.string()),
        ("title", pa.string()),
        ("baseline_signals", pa.int64()),
        ("variant_signals", pa.int64()),
        ("baseline_households", pa.int64()),
        ("variant_households", pa.int64()),
        ("households_gained", pa.int64()),
        ("households_lost", pa.int64()),
        ("households_otherwise", pa.int64()),
    ]
)
_HOUSEHOLDS_SCHEMA = pa.schema(
    [
        ("household_key", pa.string()),
        ("gemeente", pa.string()),
        ("rule_id", pa.string()),
        ("change", pa.string()),
        ("what", pa.string()),
    ]
)
_FIGURES_SCHEMA = pa.schema(
    [
        ("household_key", pa.string()),
        ("gemeente", pa.string()),
        ("wijk", pa.string()),
        ("signalen_anders", pa.bool_()),
        ("plan_anders", pa.bool_()),
        ("loketten_basis", pa.int64()),
        ("loketten_variant", pa.int64()),
        ("professionals_basis", pa.int64()),
        ("professionals_variant", pa.int64()),
        ("dagen_basis", pa.int64()),
        ("dagen_variant", pa.int64()),
        ("acties_weg", pa.int64()),
        ("acties_nieuw", pa.int64()),
        ("termijn_eerder", pa.int64()),
        ("termijn_later", pa.int64()),
        ("doelen_anders", pa.bool_()),
        ("kinderen", pa.string()),
        ("jongste", pa.string()),
    ]
)
_PLANS_SCHEMA = pa.schema(
    [
        ("household_key", pa.string()),
        ("aspect", pa.string()),
        ("baseline", pa.string()),
        ("variant", pa.string()),
        ("explanation", pa.string()),
    ]
)
_GEMEENTEN_SCHEMA = pa.schema(
    [("gemeente", pa.string()), ("households", pa.int64()), ("households_changed", pa.int64())]
)


def _change_row(
    key: str, gemeente: str, rule_id: str, change: str, what: str = ""
) -> dict[str, Any]:
    return {
        "household_key": key,
        "gemeente": gemeente,
        "rule_id": rule_id,
        "change": change,
        "what": what,
    }


class _Stored(NamedTuple):
    """A household of a columnar folder by its number, read from the folder's documents
    and parsed where it is planned (in a worker process), not in the process that reads
    the folder."""

    id: str
    hkey: int
    folder: str


_Given = Household | _Stored


def _households(
    source: CaseloadSource,
    wanted: set[str] | None,
    tables: Mapping[str, pa.Table | list[str]] | None = None,
) -> list[_Given] | None:
    """The households in ``wanted`` (all when None), when the source holds them: a list of
    households, a JSON Lines file, or a columnar folder with its documents (the households
    without personal fields: the plans built from them have the same actions, goals and
    order), given by number and read where they are planned (:func:`_parsed`)."""
    if isinstance(source, str | Path) and Path(source).is_dir():
        if not has_documents(source) or tables is None:
            return None
        keys = _household_keys(tables)
        ids = sorted(keys) if wanted is None else sorted(h for h in wanted if h in keys)
        return [_Stored(hid, keys[hid], str(source)) for hid in ids]
    if isinstance(source, list):
        return [
            h for h in source if isinstance(h, Household) and (wanted is None or h.id in wanted)
        ]
    if isinstance(source, str | Path) and Path(source).is_file():
        from gezinsplan.io import iter_caseload_lines, parse_caseload_line

        out: list[_Given] = []
        for line, raw in iter_caseload_lines(source):
            if raw is None:
                continue
            try:
                hid = json.loads(raw).get("id")
            except (ValueError, AttributeError):
                continue
            if wanted is None or hid in wanted:
                out.append(parse_caseload_line(raw, str(source), line))
        return out
    return None


def _parsed(given: Sequence[_Given]) -> list[Household]:
    """The households, those of a folder read from its documents (in one pass over the
    files holding them) and validated again."""
    stored = [g for g in given if isinstance(g, _Stored)]
    if not stored:
        return [g for g in given if isinstance(g, Household)]
    folder = stored[0].folder
    where = str(Path(folder) / DOCUMENTS)
    texts = iter(read_document_texts(folder, [g.hkey for g in stored]))
    return [g if isinstance(g, Household) else parse_document(next(texts)[1], where) for g in given]


_Planned = tuple[str, list[dict[str, str]], dict[str, Any]]


def _fact_lookup(
    household: Household, facts: Mapping[str, Sequence[Mapping[str, Any]]]
) -> dict[tuple[str, str, str], Mapping[str, Any]]:
    return {(kind, household.id, str(f["id"])): f for kind, items in facts.items() for f in items}


def _row_key(row: Mapping[str, Any]) -> tuple[str, tuple[str, ...]]:
    return (row["rule_id"], tuple(row["fact_ids"]))


def _plan_from_signals(
    household: Household, signals: list[Signal], rules: RuleSet, peildatum: date
) -> Plan:
    signals.sort(key=Signal.sort_key)
    return build_plan(household, signals, peildatum, rules.plan_policy(peildatum))


def _plans_chunk(
    given: Sequence[_Given],
    baseline: RuleSet,
    variant: RuleSet,
    peildatum: date,
    rows_b: pa.Table | None = None,
    rows_v: pa.Table | None = None,
    same: frozenset[str] = frozenset(),
) -> list[_Planned]:
    """Both plans of each household. From the SQL signal rows when given (no second
    evaluation: the rows' fact ids bound to the household's facts, as :class:`Assessor`
    would), else by assessing each household again. A row of a rule in ``same``
    (:func:`~gezinsplan.caseload.engine.same_rules`) gives the same signal under both
    rule sets: it is built once, for the baseline, and planned with on both sides (the
    plan reads no rule set version from a signal when its policy is given)."""
    households = _parsed(given)
    baseline, variant = kept_ruleset(baseline), kept_ruleset(variant)
    if rows_b is None or rows_v is None:
        a = Assessor(baseline, engine="python")
        b = Assessor(variant, engine="python")
        out: list[_Planned] = []
        for h in households:
            out.append(_planned(h, a.plan(h, peildatum), b.plan(h, peildatum)))
        return out
    from gezinsplan.rules.facts import build_facts, fact_options

    by_b, by_v = _rows_by_household(rows_b), _rows_by_household(rows_v)
    options_b = fact_options(baseline.params_at(peildatum), peildatum)
    options_v = fact_options(variant.params_at(peildatum), peildatum)
    out = []
    for h in households:
        lookup_b = _fact_lookup(h, build_facts(h, peildatum, **options_b))
        lookup_v = (
            lookup_b
            if options_v == options_b
            else _fact_lookup(h, build_facts(h, peildatum, **options_v))
        )
        here_b = by_b.get(h.id, ())
        signals_b = signals_from_rows(here_b, lookup_b, baseline)
        shared = {
            _row_key(row): s
            for row, s in zip(here_b, signals_b, strict=True)
            if row["rule_id"] in same
        }
        signals_v = [shared[k] for k in map(_row_key, by_v.get(h.id, ())) if k in shared]
        signals_v += signals_from_rows(
            [row for row in by_v.get(h.id, ()) if _row_key(row) not in shared],
            lookup_v,
            variant,
        )
        out.append(
            _planned(
                h,
                _plan_from_signals(h, signals_b, baseline, peildatum),
                _plan_from_signals(h, signals_v, variant, peildatum),
            )
        )
    return out


def _planned(household: Household, before: Plan, after: Plan) -> _Planned:
    changes = action_changes(before, after)  # once, for both
    return (
        household.id,
        plan_changes(before, after, changes=changes),
        plan_figures(household, before, after, changes=changes),
    )


def _rows_by_household(rows: pa.Table) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows.to_pylist():
        out.setdefault(row["household"], []).append(row)
    return out


def _chunk_rows(table: pa.Table, households: Sequence[_Given]) -> pa.Table:
    """The signal rows of ``households``, with what a plan needs of them."""
    return _only(table, [h.id for h in households]).select(
        ["household", "rule_id", "fact_ids", "peildatum"]
    )


def _plan_rows(
    households: Sequence[_Given],
    baseline: RuleSet,
    variant: RuleSet,
    peildatum: date,
    workers: int,
    before: pa.Table | None = None,
    after: pa.Table | None = None,
    progress: Progress | None = None,
    same: frozenset[str] = frozenset(),
) -> Iterable[_Planned]:
    """Both plans of every household, from the SQL signals when given (``before``,
    ``after``), else by assessing each household again with the reference evaluator.
    ``progress`` hears after every chunk how many households are done; ``same``: the
    rules whose signals are the same under both rule sets."""

    def rows(table: pa.Table | None, part: Sequence[_Given]) -> pa.Table | None:
        return _chunk_rows(table, part) if table is not None else None

    total = len(households)
    parallel = workers > 1 and total >= 400
    size = max(100, total // (workers * 8)) if parallel else max(1, min(total, 2_000))
    # a folder's households are planned in the order of their numbers, so that a chunk's
    # documents lie in a few of the folder's files; the results come back in the given order
    order = sorted(
        range(total), key=lambda i: g.hkey if isinstance(g := households[i], _Stored) else i
    )
    work = [households[i] for i in order]
    chunks = [work[i : i + size] for i in range(0, total, size)]
    out: list[_Planned] = []

    def done(part: list[_Planned]) -> None:
        out.extend(part)
        if progress:
            progress(f"plannen: {len(out)} van {total} huishoudens")

    def given_order() -> list[_Planned]:
        back: list[_Planned | None] = [None] * total
        for i, planned in zip(order, out, strict=True):
            back[i] = planned
        return [p for p in back if p is not None]

    if not parallel:
        for chunk in chunks:
            done(
                _plans_chunk(
                    chunk,
                    baseline,
                    variant,
                    peildatum,
                    rows(before, chunk),
                    rows(after, chunk),
                    same,
                )
            )
        return given_order()
    # the workers are forked from this process: frozen, its many objects are never walked
    # (nor their memory copied) by the workers' garbage collection
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(
                _plans_chunk,
                chunks,
                [baseline] * len(chunks),
                [variant] * len(chunks),
                [peildatum] * len(chunks),
                [rows(before, c) for c in chunks],
                [rows(after, c) for c in chunks],
                [same] * len(chunks),
            ):
                done(part)
    finally:
        gc.unfreeze()
    return given_order()


def _active(plan: Plan) -> list[str]:
    return [g.id for g in plan.goals if g.status == "actief"]


def _laws(plan: Plan) -> dict[str, str]:
    return {g.id: ", ".join(sorted({a.wet.value for a in g.actions})) for g in plan.goals}


def plan_changes(
    before: Plan, after: Plan, *, changes: Mapping[str, Any] | None = None
) -> list[dict[str, str]]:
    """What differs between two plans of one household, each change explained in Dutch.

    ``changes``: :func:`~gezinsplan.variant.people.action_changes` of the two plans, when
    the caller has it already.
    """
    rows: list[dict[str, str]] = []

    def add(aspect: str, old: str, new: str, text: str) -> None:
        rows.append({"aspect": aspect, "baseline": old, "variant": new, "explanation": text})

    if before.outcome != after.outcome:
        add(
            "uitkomst",
            before.outcome.value,
            after.outcome.value,
            f"De uitkomst wordt {after.outcome.value} in plaats van {before.outcome.value}.",
        )
    rb = f"{before.regisseur.kind}:{before.regisseur.id}" if before.regisseur else ""
    rv = f"{after.regisseur.kind}:{after.regisseur.id}" if after.regisseur else ""
    if rb != rv:
        add("regisseur", rb, rv, f"De regie gaat van {rb or 'niemand'} naar {rv or 'niemand'}.")
    ab, av = _active(before), _active(after)
    for goal in sorted(set(av) - set(ab)):
        add("doel_actief", "", goal, f"Doel {goal} wordt nu aangepakt.")
    for goal in sorted(set(ab) - set(av)):
        add("doel_actief", goal, "", f"Doel {goal} wordt niet meer nu aangepakt.")
    common = [g for g in ab if g in av]
    if common != [g for g in av if g in ab]:
        add(
            "volgorde",
            " > ".join(ab),
            " > ".join(av),
            "De volgorde van de doelen verandert.",
        )
    # actions matched by goal, actor, law and text; a deadline only as a shift in days
    # (a deadline is often an 18th birthday: a birth date)
    if changes is None:
        changes = action_changes(before, after)
    for action in changes["new"]:
        if action.deadline is not None or action.members:
            add("afspraak", "", "erbij", f"Nieuwe afspraak: {action.text}")
        else:
            add("actie", "", "erbij", f"Nieuwe actie: {action.text}")
    for action in changes["gone"]:
        if action.deadline is not None or action.members:
            add("afspraak", "erbij", "", f"Afspraak vervalt: {action.text}")
        else:
            add("actie", "erbij", "", f"Actie vervalt: {action.text}")
    for action, days in changes["shifts"]:
        when = "eerder" if days < 0 else "later"
        add(
            "termijn",
            "",
            f"{days:+d} dagen",
            f"De termijn komt {abs(days)} dagen {when}: {action.text}",
        )
    lb, lv = _laws(before), _laws(after)
    for goal in sorted(set(lb) & set(lv)):
        if lb[goal] != lv[goal]:
            add(
                "wet",
                lb[goal],
                lv[goal],
                f"Doel {goal} wordt betaald via {lv[goal] or 'geen wet'} "
                f"in plaats van {lb[goal] or 'geen wet'}.",
            )
    return rows


def rank_switches(
    source: CaseloadSource,
    rules: RuleSet | None = None,
    peildatum: date | None = None,
    *,
    sweep: Sequence[tuple[str, Any]] = (),
    tariffs: TariffSet | None = None,
    min_cell: int = MIN_CELL,
    progress: Progress | None = None,
    **options: Any,
) -> pa.Table:
    """Candidate rule changes, each on its own against ``rules``: every ``enabled_by``
    switch that is on at ``peildatum`` switched off, and every (parameter, value) of
    ``sweep`` (see :func:`gezinsplan.variant.sweep.load_sweep`) from ``peildatum`` on.

    Per candidate: households whose signals change, of them those with a multiple or
    complex question, signals removed and added, and with ``tariffs`` ``kosten``: the
    yearly cost in euro (variant minus baseline) of the provisions that start or stop with
    the changed signals (:mod:`gezinsplan.variant.costs`), ``kosten_onbekend`` the effects
    that could not be priced; a cost of fewer than ``min_cell`` households is not shown.
    Sorted by households with a multiple question first: which changes touch the
    households the one-plan policy is for.
    """
    if type(peildatum) is not date:
        raise InputError("peildatum must be a date")
    rules = rules if rules is not None else default_rules()
    if not isinstance(source, str | Path | Mapping):
        source = list(source)
    tables = load_tables(source)
    params = rules.params_at(peildatum)
    # every switch that holds a rule on, flipped (a rule on ``{not: p}`` is on while p is nee)
    switches = sorted(
        {
            r.enabled_by
            for r in rules.rules
            if r.enabled_by and params.get(r.enabled_by) is r.enabled_when
        }
    )
    candidates: list[tuple[str, str, Any]] = [("uit", s, not params[s]) for s in switches]
    for pid, value in sweep:
        if pid not in rules.parameters:
            raise InputError(f"sweep: unknown parameter {pid!r}")
        if params.get(pid) != value:  # the value in force is no candidate
            candidates.append(("waarde", pid, value))
    variants = [
        rules.with_parameters(
            rules.parameters.with_values({pid: value}, peildatum),
            f"zonder {pid}" if kind == "uit" else f"{pid} = {value!r}",
        )
        for kind, pid, value in candidates
    ]
    if progress:
        progress(f"{len(candidates) + 1} regelsets in één keer")
    base, *others = assess_many(tables, [rules, *variants], peildatum, **options)
    base = _with_message(base, rules, peildatum)
    others = [_with_message(t, v, peildatum) for t, v in zip(others, variants, strict=True)]
    multiple = {
        h
        for h, rid in zip(
            base.column("household").to_pylist(), base.column("rule_id").to_pylist(), strict=True
        )
        if rid in _MULTIPLE_RULES
    }
    rows: list[dict[str, Any]] = []
    compared = [
        _compare(base, table, same_rules(rules, v, peildatum))[1]
        for table, v in zip(others, variants, strict=True)
    ]
    loaded: dict[str, Mapping[str, Provision]] = {}
    missing = False

    def provisions(households: Sequence[str]) -> Mapping[str, Mapping[str, Provision]] | None:
        """The households' provisions, each household read from the source once."""
        nonlocal missing
        new = [h for h in households if h not in loaded]
        if new and not missing:
            found = _provisions(source, tables, new)
            if found is None:
                missing = True
            else:
                loaded.update(found)
        return None if missing else loaded

    for (kind, pid, value), table, changed_list, variant in zip(
        candidates, others, compared, variants, strict=True
    ):
        changed = set(changed_list)
        b = _identity(_only(base, changed_list))
        v = _identity(_only(table, changed_list))
        removed = sum(len(b.get(h, set()) - v.get(h, set())) for h in changed)
        added = sum(len(v.get(h, set()) - b.get(h, set())) for h in changed)
        reads = sorted(r.id for r in rules.rules if r.enabled_by == pid or pid in r.parameters)
        rows.append(
            {
                "switch": pid,
                "kind": kind,
                "value": _json_value(value),
                "baseline_value": _json_value(params.get(pid)),
                "rules": ", ".join(reads),
                "households_changed": len(changed),
                "multiple_question_households_changed": len(changed & multiple),
                "signals_removed": removed,
                "signals_added": added,
                **_rank_cost(
                    base,
                    table,
                    changed_list,
                    rules,
                    variant,
                    peildatum,
                    tariffs,
                    provisions,
                    min_cell,
                ),
            }
        )
    rows.sort(
        key=lambda r: (
            -r["multiple_question_households_changed"],
            -r["households_changed"],
            r["switch"],
            r["value"],
        )
    )
    return pa.Table.from_pylist(rows, schema=_RANK_SCHEMA)


def _rank_cost(
    base: pa.Table,
    table: pa.Table,
    changed: Sequence[str],
    rules: RuleSet,
    variant: RuleSet,
    peildatum: date,
    tariffs: TariffSet | None,
    provisions: ProvisionLoader,
    min_cell: int,
) -> dict[str, Any]:
    if tariffs is None:
        return {"kosten": None, "kosten_onbekend": None, "kosten_suppression": ""}
    rows = effect_rows(base, table, changed, rules, variant, peildatum, tariffs, provisions)
    total = [r for r in cost_table(rows, min_cell).to_pylist() if r["rule_id"] == TOTAL]
    if not total:
        return {"kosten": 0.0, "kosten_onbekend": 0, "kosten_suppression": ""}
    return {
        "kosten": total[0]["kosten_per_jaar"],
        "kosten_onbekend": total[0]["onbekend"],
        "kosten_suppression": total[0]["kosten_per_jaar_suppression"],
    }


def _json_value(value: Any) -> str:
    return json.dumps(list(value) if isinstance(value, tuple) else value, ensure_ascii=False)


_RANK_SCHEMA = pa.schema(
    [
        ("switch", pa.string()),
        ("kind", pa.string()),
        ("value", pa.string()),
        ("baseline_value", pa.string()),
        ("rules", pa.string()),
        ("households_changed", pa.int64()),
        ("multiple_question_households_changed", pa.int64()),
        ("signals_removed", pa.int64()),
        ("signals_added", pa.int64()),
        ("kosten", pa.float64()),
        ("kosten_onbekend", pa.int64()),
        ("kosten_suppression", pa.string()),
    ]
)
"""``kosten``: the yearly cost in euro, variant minus baseline, of the provisions that
start or stop (empty without tariffs, or ``kosten_suppression`` ``primair`` when fewer
than ``min_cell`` households have such an effect)."""
