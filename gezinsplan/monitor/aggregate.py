"""The monitor's tables: counts per region from the chunk tables, then suppression.

Every table is long: one row per region and category, with ``level`` (``totaal``,
``gemeente``, ``wijk``, ``kern``) and the region columns ``gemeente``, ``wijk``, ``kern``
(missing when the level does not use them). Breakdowns carry a ``Totaal`` row per region
(the households or persons counted once, whatever their categories), the way CBS tables
do. Counts are nullable integers: a missing value is a suppressed count and the row's
``suppressed`` column is true; beside every count or figure ``x`` that may be suppressed,
``x_suppression`` says why it is missing: ``primair`` (fewer than ``min_cell``
households, or a figure of such a count or row), ``aanvullend`` (hidden so that a small
count cannot be computed back from a total; the value itself may be large) or ``""``
(shown). See :mod:`gezinsplan.monitor.suppress`.

Tables
------
``regions``
    households, members, triage classes (``geen_vraag``, ``enkelvoudig``, ``meervoudig``,
    ``complex``, ``overig``) with their shares (percent of households),
    ``many_professionals`` (at least ``triage.complex_min_professionals``),
    ``with_plan`` (households whose plan outcome is ``plan``: a full plan, see
    :func:`gezinsplan.plan.builder.plan_outcome`), and the mean, median and 90th
    percentile of professionals per household, the mean of organisations.
``stapeling``
    laws combined, in the shape of CBS's "stapeling van voorzieningen": per combination
    of Jeugdwet (jeugdhulp), Wmo and Participatiewet provisions running at the peildatum,
    ``households`` (by the combination of all their members) and ``persons`` (by their
    own combination).
``professionals``
    the distribution of professionals and of organisations per household (``measure``,
    ``bucket``, ``households``).
``signals``
    per category and rule (``rule_id`` ``Totaal``: the category), households with the
    signal and signals.
``transitions``
    youths turning 18 per month over the twelve months after the peildatum's month, with
    the wet and product of each provision they have (``Totaal`` rows: youths per month;
    ``geen``: without a running provision).
``plans``
    households by plan outcome and regisseur kind (``onbekend`` when the households are
    not at hand: a columnar caseload holds no names or words, so no plans are built).
``goals``
    plan goals per leefgebied and status (``actief``, ``later``): households and goals.
``costs``
    the cost in the cost year (the calendar year of the peildatum) of the running Wmo and
    Jeugdwet provisions per law and product category, with the provisions and households
    whose cost is unknown beside it, and per 1,000 inhabitants (see
    :mod:`gezinsplan.monitor.costs`).
``vroegsignalen``
    signals of creditors about payment arrears (Wet gemeentelijke schuldhulpverlening
    art. 3 lid 1 onder b): ``households`` with a signal on or before the peildatum,
    ``signals``, ``reached`` (households the municipality reached about a signal) with
    ``share_reached`` (percent of the households with a signal), and ``with_questions``
    (households where a signal meets support questions).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from gezinsplan.monitor.chunks import WORK_SCHEMAS, transition_months
from gezinsplan.monitor.costs import cost_counts, cost_table
from gezinsplan.monitor.impact import impact_counts, impact_table
from gezinsplan.monitor.result import Monitor
from gezinsplan.monitor.suppress import (
    complement_columns,
    complement_rows,
    copy_marks,
    mark,
    primary,
)
from gezinsplan.rules.ruleset import RuleSet

__all__ = ["CLASSES", "COMBINATIONS", "TOTAAL", "aggregate"]

TOTAAL = "Totaal"
CLASSES = ("geen_vraag", "enkelvoudig", "meervoudig", "complex", "overig")
COMBINATIONS = (
    "Alleen jeugdhulp",
    "Alleen Wmo",
    "Alleen Participatiewet",
    "Jeugdhulp en Wmo",
    "Jeugdhulp en Participatiewet",
    "Wmo en Participatiewet",
    "Jeugdhulp, Wmo en Participatiewet",
)
BUCKETS = ("0", "1", "2", "3", "4", "5", "6-7", "8-9", "10 of meer")
_REGIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("gemeente",),
    ("gemeente", "wijk"),
    ("gemeente", "kern"),
)
_LEVEL_ORDER = {"totaal": 0, "gemeente": 1, "wijk": 2, "kern": 3}

_LEVEL = """CASE WHEN GROUPING(gemeente) = 1 THEN 'totaal'
  WHEN GROUPING(wijk) = 0 THEN 'wijk' WHEN GROUPING(kern) = 0 THEN 'kern'
  ELSE 'gemeente' END AS level"""

_COMBINATION = """CASE
  WHEN j AND w AND p THEN 'Jeugdhulp, Wmo en Participatiewet'
  WHEN j AND w THEN 'Jeugdhulp en Wmo' WHEN j AND p THEN 'Jeugdhulp en Participatiewet'
  WHEN w AND p THEN 'Wmo en Participatiewet' WHEN j THEN 'Alleen jeugdhulp'
  WHEN w THEN 'Alleen Wmo' ELSE 'Alleen Participatiewet' END"""


def _sets(*extra: tuple[str, ...]) -> str:
    """GROUPING SETS of every region level crossed with ``extra`` column lists."""
    sets = [r + e for r in _REGIONS for e in (extra or ((),))]
    return "GROUPING SETS (" + ", ".join("(" + ", ".join(s) + ")" for s in sets) + ")"


def _regions(con: Any, threshold: int) -> pd.DataFrame:
    classes = ", ".join(f"COUNT(*) FILTER (WHERE klasse = '{c}') AS {c}" for c in CLASSES)
    frame: pd.DataFrame = con.sql(
        f"""
        SELECT {_LEVEL}, gemeente, wijk, kern, COUNT(*) AS households,
          SUM(members) AS members, {classes},
          COUNT(*) FILTER (WHERE professionals >= {int(threshold)}) AS many_professionals,
          COUNT(*) FILTER (WHERE outcome = 'plan') AS with_plan,
          AVG(professionals) AS professionals_mean,
          quantile_cont(professionals, 0.5) AS professionals_median,
          quantile_cont(professionals, 0.9) AS professionals_p90,
          AVG(organisations) AS organisations_mean
        FROM h GROUP BY {_sets()}
        """
    ).df()
    return frame


def _stapeling(con: Any) -> pd.DataFrame:
    frame: pd.DataFrame = con.sql(
        f"""
        WITH hp AS (
          SELECT hkey, bool_or(jeugd) AS j, bool_or(wmo) AS w, bool_or(participatie) AS p
          FROM persons GROUP BY hkey),
        hc AS (SELECT h.gemeente, h.wijk, h.kern, h.hkey, {_COMBINATION} AS combinatie
               FROM hp JOIN h USING (hkey)),
        pc AS (SELECT h.gemeente, h.wijk, h.kern, {_COMBINATION} AS combinatie
               FROM (SELECT hkey, jeugd AS j, wmo AS w, participatie AS p FROM persons) x
               JOIN h USING (hkey)),
        hp_all AS (SELECT gemeente, wijk, kern, combinatie, 'h' AS kind FROM hc
                 UNION ALL SELECT gemeente, wijk, kern, combinatie, 'p' FROM pc)
        SELECT {_LEVEL}, gemeente, wijk, kern,
          COALESCE(combinatie, '{TOTAAL}') AS combinatie,
          COUNT(*) FILTER (WHERE kind = 'h') AS households,
          COUNT(*) FILTER (WHERE kind = 'p') AS persons
        FROM hp_all GROUP BY {_sets(("combinatie",), ())}
        """
    ).df()
    return frame


def _professionals(con: Any) -> pd.DataFrame:
    def bucket(col: str) -> str:
        return (
            f"CASE WHEN {col} >= 10 THEN '10 of meer' WHEN {col} >= 8 THEN '8-9' "
            f"WHEN {col} >= 6 THEN '6-7' ELSE CAST({col} AS VARCHAR) END"
        )

    frame: pd.DataFrame = con.sql(
        f"""
        SELECT {_LEVEL}, gemeente, wijk, kern, measure, bucket, COUNT(*) AS households
        FROM (SELECT gemeente, wijk, kern, 'professionals' AS measure,
                     {bucket("professionals")} AS bucket FROM h
              UNION ALL
              SELECT gemeente, wijk, kern, 'organisaties', {bucket("organisations")} FROM h)
        GROUP BY {_sets(("measure", "bucket"))}
        """
    ).df()
    return frame


# Distinct counts are taken by grouping first (one row per household and category, or
# per youth), then counting rows: GROUP BY spills to disk, COUNT(DISTINCT) does not.


def _signals(con: Any) -> pd.DataFrame:
    frame: pd.DataFrame = con.sql(
        f"""
        WITH per AS (SELECT hkey, category, rule_id, COUNT(*) AS n FROM s
                     GROUP BY hkey, category, rule_id),
        cat AS (SELECT hkey, category, SUM(n) AS n FROM per GROUP BY hkey, category),
        byrule AS (
          SELECT {_LEVEL}, gemeente, wijk, kern, category, rule_id,
            COUNT(*) AS households, SUM(n) AS signals
          FROM per JOIN h USING (hkey) GROUP BY {_sets(("category", "rule_id"))}),
        bycat AS (
          SELECT {_LEVEL}, gemeente, wijk, kern, category, '{TOTAAL}' AS rule_id,
            COUNT(*) AS households, SUM(n) AS signals
          FROM cat JOIN h USING (hkey) GROUP BY {_sets(("category",))})
        SELECT * FROM byrule UNION ALL SELECT * FROM bycat
        """
    ).df()
    return frame


def _transitions(con: Any) -> pd.DataFrame:
    def level(keys: str, wet: str, product: str) -> str:
        return f"""
          SELECT {_LEVEL}, gemeente, wijk, kern, maand, {wet} AS wet, {product} AS product,
            COUNT(*) AS youths
          FROM (SELECT DISTINCT hkey, youth, {keys} FROM t) x JOIN h USING (hkey)
          GROUP BY {_sets(tuple(k.strip() for k in keys.split(",")))}"""

    frame: pd.DataFrame = con.sql(
        level("maand, wet, product", "wet", "product")
        + " UNION ALL "
        + level("maand, wet", "wet", f"'{TOTAAL}'")
        + " UNION ALL "
        + level("maand", f"'{TOTAAL}'", f"'{TOTAAL}'")
    ).df()
    return frame


def _plans(con: Any) -> pd.DataFrame:
    frame: pd.DataFrame = con.sql(
        f"""
        SELECT {_LEVEL}, gemeente, wijk, kern, COALESCE(outcome, '{TOTAAL}') AS outcome,
          COALESCE(regisseur, '{TOTAAL}') AS regisseur, COUNT(*) AS households
        FROM h GROUP BY {_sets(("outcome", "regisseur"), ("outcome",), ())}
        """
    ).df()
    return frame


def _goals(con: Any) -> pd.DataFrame:
    frame: pd.DataFrame = con.sql(
        f"""
        SELECT {_LEVEL}, gemeente, wijk, kern, leefgebied, status,
          COUNT(*) AS households, SUM(n) AS goals
        FROM (SELECT hkey, leefgebied, status, COUNT(*) AS n FROM g
              GROUP BY hkey, leefgebied, status) x JOIN h USING (hkey)
        GROUP BY {_sets(("leefgebied", "status"))}
        """
    ).df()
    return frame


def _vroegsignalen(con: Any) -> pd.DataFrame:
    frame: pd.DataFrame = con.sql(
        f"""
        SELECT {_LEVEL}, gemeente, wijk, kern,
          COUNT(*) FILTER (WHERE arrears > 0) AS households,
          COALESCE(SUM(arrears), 0) AS signals,
          COUNT(*) FILTER (WHERE arrears > 0 AND arrears_reached) AS reached,
          COUNT(*) FILTER (WHERE arrears > 0 AND questions > 0) AS with_questions
        FROM h GROUP BY {_sets()}
        """
    ).df()
    return frame


def _sorted(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    frame = frame.assign(_level=frame["level"].map(_LEVEL_ORDER))
    by = ["_level", "gemeente", "wijk", "kern", *keys]
    # the figures first, then ``suppressed`` and the marks in the order of their figures
    values = [c for c in frame.columns if c != "suppressed" and c not in _marks(frame)]
    order = [*values, "suppressed", *(mark(c) for c in values if mark(c) in frame.columns)]
    return (
        frame.sort_values(by, na_position="first", kind="mergesort")
        .drop(columns="_level")
        .reset_index(drop=True)[[c for c in order if c != "_level"]]
    )


def _marks(frame: pd.DataFrame) -> set[str]:
    return {mark(c) for c in frame.columns if mark(c) in frame.columns}


def _region_keys(frame: pd.DataFrame) -> list[str]:
    return ["level", "gemeente", "wijk", "kern"]


def aggregate(
    chunks: Sequence[Path],
    *,
    peildatum: date,
    rules: RuleSet,
    min_cell: int,
    plans: bool,
    source: str,
    memory_limit: str = "1GB",
) -> Monitor:
    """The suppressed tables of the chunk folders ``chunks`` and the summary."""
    import duckdb

    threshold = int(rules.parameters.value("triage.complex_min_professionals", peildatum))  # type: ignore[arg-type]
    # a bounded memory: past it DuckDB spills to a folder beside the chunks
    spill = chunks[0].parent / "spill" if chunks else None
    config: dict[str, Any] = {"preserve_insertion_order": False, "memory_limit": memory_limit}
    if spill is not None:
        config["temp_directory"] = str(spill)
    con = duckdb.connect(":memory:", config=config)
    try:
        for view, table in (
            ("h", "households"),
            ("s", "signals"),
            ("persons", "persons"),
            ("t", "transitions"),
            ("g", "goals"),
            ("c", "costs"),
        ):
            files = [str(c / f"{table}.parquet") for c in chunks]
            if files:
                con.read_parquet(files).create_view(view)
            else:
                con.register(view, WORK_SCHEMAS[table].empty_table())
        raw = {
            "regions": _regions(con, threshold),
            "stapeling": _stapeling(con),
            "professionals": _professionals(con),
            "signals": _signals(con),
            "transitions": _transitions(con),
            "plans": _plans(con),
            "goals": _goals(con),
            "impact": impact_counts(con, _sets(), _LEVEL),
            "costs": cost_counts(con, _sets, _LEVEL),
            "vroegsignalen": _vroegsignalen(con),
        }
        households = int(con.execute("SELECT COUNT(*) FROM h").fetchall()[0][0])
    finally:
        con.close()
    tables = _suppress(raw, min_cell)
    tables["impact"] = impact_table(raw["impact"], tables, min_cell)
    tables["costs"] = cost_table(raw["costs"], min_cell)
    for frame in tables.values():
        frame.insert(0, "peildatum", peildatum)
    summary = _summary(tables, households, peildatum, rules, min_cell, plans, source, threshold)
    return Monitor(tables=tables, summary=summary)


def _suppress(raw: dict[str, pd.DataFrame], min_cell: int) -> dict[str, pd.DataFrame]:
    region = ["level", "gemeente", "wijk", "kern"]
    out: dict[str, pd.DataFrame] = {}

    r = raw["regions"]
    r = primary(
        r,
        "households",
        ["members", *CLASSES, "many_professionals", "with_plan"],
        ["professionals_mean", "professionals_median", "professionals_p90", "organisations_mean"],
        min_cell,
    )
    for c in CLASSES:
        r[f"share_{c}"] = (100 * r[c].astype("Float64") / r["households"].astype("Float64")).round(
            1
        )
        r = copy_marks(r, f"share_{c}", c)
    # hide "overig" (the least telling class) before a figure the monitor is about
    r = complement_columns(
        r, CLASSES, {f"share_{c}": c for c in CLASSES}, prefer=("overig", "geen_vraag")
    )
    for level in ("wijk", "kern"):
        r = complement_rows(r, ["level", "gemeente"], "households", r["level"] == level, min_cell)
    for c in CLASSES:  # a removed row removes its shares
        r = copy_marks(r, f"share_{c}", c)
    out["regions"] = _sorted(r, [])

    st = raw["stapeling"]
    st = primary(st, "households", [], [], min_cell)
    st = primary(st, "persons", [], [], min_cell)  # persons are counted on their own
    parts = st["combinatie"] != TOTAAL
    st = complement_rows(st, region, "households", parts, min_cell)
    st["_order"] = st["combinatie"].map({c: i for i, c in enumerate((*COMBINATIONS, TOTAAL))})
    out["stapeling"] = _sorted(st, ["_order"]).drop(columns="_order")

    pr = raw["professionals"]
    pr = primary(pr, "households", [], [], min_cell)
    pr = complement_rows(pr, [*region, "measure"], "households", pr["bucket"].notna(), min_cell)
    pr["_order"] = pr["bucket"].map({b: i for i, b in enumerate(BUCKETS)})
    out["professionals"] = _sorted(pr, ["measure", "_order"]).drop(columns="_order")

    sg = raw["signals"]
    sg = primary(sg, "households", ["signals"], [], min_cell)
    out["signals"] = _sorted(sg, ["category", "rule_id"])

    tr = raw["transitions"]
    tr = primary(tr, "youths", [], [], min_cell)
    # the months add up to the youths of the twelve months (the table impact)
    months = (tr["wet"] == TOTAAL) & (tr["product"] == TOTAAL)
    tr = complement_rows(tr, region, "youths", months, min_cell)
    out["transitions"] = _sorted(tr, ["maand", "wet", "product"])

    pl = raw["plans"]
    pl = primary(pl, "households", [], [], min_cell)
    parts = (pl["outcome"] != TOTAAL) & (pl["regisseur"] == TOTAAL)
    pl = complement_rows(pl, region, "households", parts, min_cell)
    parts = (pl["outcome"] == "plan") & (pl["regisseur"] != TOTAAL)
    pl = complement_rows(pl, region, "households", parts, min_cell)
    out["plans"] = _sorted(pl, ["outcome", "regisseur"])

    gl = raw["goals"]
    gl = primary(gl, "households", ["goals"], [], min_cell)
    out["goals"] = _sorted(gl, ["leefgebied", "status"])

    vs = raw["vroegsignalen"]
    vs = primary(vs, "households", ["signals", "reached", "with_questions"], [], min_cell)
    vs["share_reached"] = (
        100 * vs["reached"].astype("Float64") / vs["households"].astype("Float64")
    ).round(1)
    vs = copy_marks(vs, "share_reached", "reached")
    for level in ("wijk", "kern"):
        vs = complement_rows(
            vs, ["level", "gemeente"], "households", vs["level"] == level, min_cell
        )
    vs = copy_marks(vs, "share_reached", "reached")
    out["vroegsignalen"] = _sorted(vs, [])
    return out


def _summary(
    tables: dict[str, pd.DataFrame],
    households: int,
    peildatum: date,
    rules: RuleSet,
    min_cell: int,
    plans: bool,
    source: str,
    threshold: int,
) -> dict[str, Any]:
    total = tables["regions"][tables["regions"]["level"] == "totaal"]
    row = total.iloc[0] if len(total) else None

    def value(col: str) -> Any:
        if row is None or pd.isna(row[col]):
            return None
        v = row[col]
        return float(v) if isinstance(v, float) or "share" in col or "mean" in col else int(v)

    # the youths of the twelve months, counted once (None: fewer than min_cell)
    imp = tables["impact"]
    youths = imp[(imp["level"] == "totaal") & (imp["measure"] == "overgang_18")]["count"]
    return {
        "peildatum": peildatum.isoformat(),
        "rules_version": rules.version,
        "source": Path(source).name if "://" not in source else source,
        "households": households,
        "members": value("members"),
        **{c: value(c) for c in CLASSES},
        **{f"share_{c}": value(f"share_{c}") for c in CLASSES},
        "many_professionals": value("many_professionals"),
        "many_professionals_threshold": threshold,
        "with_plan": value("with_plan"),
        "professionals_mean": value("professionals_mean"),
        "youths_turning_18": (
            (None if pd.isna(youths.iloc[0]) else int(youths.iloc[0])) if len(youths) else 0
        ),
        "transition_months": transition_months(peildatum),
        "min_cell": min_cell,
        "plans_built": plans,
        "plans_note": ""
        if plans
        else "Plannen zijn niet opgebouwd: een kolomvormig bestand bevat geen namen en "
        "woorden van huishoudens. Geef het JSON Lines-bestand of de opslag op voor "
        "planfiguren.",
    }
