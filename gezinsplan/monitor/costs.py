"""Impact in kosten: what the running Wmo and Jeugdwet provisions cost in the cost year.

The table ``costs`` has one row per region (``level`` ``totaal``, ``gemeente``, ``wijk``,
``kern``), law (``wet``: ``wmo``, ``jeugdwet`` or ``Totaal``) and product category
(``category``: an iWmo/iJw code, ``onbekend`` for a provision without one, or ``Totaal``):

``households``
    households with at least one provision of the cell that costs something in the cost
    year (or whose cost is unknown);
``provisions``
    those provisions;
``cost``
    the sum of their known costs in euro (two decimals), over the **cost year**: the
    calendar year of the peildatum (:func:`gezinsplan.costs.cost_year`), each provision
    over the days of its own period that fall in it (:func:`gezinsplan.costs.period_cost`);
``provisions_unknown``, ``households_unknown``
    provisions whose cost is unknown (no volume, no budget, no tariff …) and the
    households with one: their cost is **not** in ``cost`` (never counted as 0), so
    ``cost`` is a lower bound wherever they are above 0; where no provision of the cell
    has a known cost, ``cost`` is missing (not 0) while ``cost_suppression`` is ``""``;
``cost_complete``
    true when every provision of the cell has a known cost (missing where the row is
    suppressed);
``cost_per_1000``
    ``1000 × cost / population``, in euro, with the population of the area: inhabitants,
    or for the Jeugdwet its minors (0-17), as in the table ``impact``
    (:mod:`gezinsplan.monitor.impact`); ``cost_per_1000_missing`` says why it is missing
    (the reasons of ``impact``, and ``kosten_onbekend`` where ``cost`` is unknown),
    ``denominator`` which population was used.

Suppression as for counts (:mod:`gezinsplan.monitor.suppress`): a cell of fewer than
``min_cell`` households is removed whole (its cost too), marked ``primair``; a small
count of provisions or households with unknown cost is removed as a count; then
complementary suppression among the categories of a law (they add up to the law's
``Totaal``), among the laws of a region, and among the wijken (and the kernen) of a
gemeente, marked ``aanvullend``: of whole rows where a cell was removed, and of the
counts of unknown cost alone where only such a count was removed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gezinsplan.monitor.impact import _area_population
from gezinsplan.monitor.population import Population
from gezinsplan.monitor.suppress import (
    COMPLEMENTARY,
    complement_rows,
    copy_marks,
    mark,
    primary,
    smallest,
)

__all__ = ["COST_COUNTS", "cost_counts", "cost_rates", "cost_table"]

TOTAAL = "Totaal"
COST_COUNTS = ("households", "provisions", "provisions_unknown", "households_unknown")
_KEYS = ["level", "gemeente", "wijk", "kern"]


def cost_counts(con: Any, sets: Any, level: str) -> pd.DataFrame:
    """The raw (unsuppressed) cost cells from the chunk view ``c`` joined to ``h``.
    ``sets(*extra)`` gives the GROUPING SETS of every region level crossed with ``extra``."""

    def block(keys: tuple[str, ...], wet: str, category: str) -> str:
        by = ", ".join(("hkey", *keys))
        return f"""
          SELECT {level}, gemeente, wijk, kern, {wet} AS wet, {category} AS category,
            COUNT(*) AS households, SUM(n) AS provisions, COALESCE(SUM(cents), 0) AS cents,
            SUM(nu) AS provisions_unknown, COUNT(*) FILTER (WHERE nu > 0) AS households_unknown
          FROM (SELECT {by}, COUNT(*) AS n, COUNT(*) FILTER (WHERE cents IS NULL) AS nu,
                  SUM(cents) AS cents
                FROM c GROUP BY {by}) x JOIN h USING (hkey)
          GROUP BY {sets(keys) if keys else sets()}"""

    frame: pd.DataFrame = con.sql(
        block(("wet", "category"), "wet", "category")
        + " UNION ALL "
        + block(("wet",), "wet", f"'{TOTAAL}'")
        + " UNION ALL "
        + block((), f"'{TOTAAL}'", f"'{TOTAAL}'")
    ).df()
    return frame


def cost_table(raw: pd.DataFrame, min_cell: int) -> pd.DataFrame:
    """The suppressed cost cells (no rates yet).

    The rows are put in a fixed order first: the database returns groups in any order, and
    complementary suppression picks the first of equal candidates, so the same caseload
    must always present its rows in the same order (deterministic output).
    """
    t = _ordered(raw)
    known = t["provisions"] - t["provisions_unknown"]
    # no provision of the cell has a known cost: the cost is unknown, not 0
    t["cost"] = (t["cents"].astype("Float64") / 100).round(2).mask(known == 0)
    t["cost_complete"] = (t["provisions_unknown"] == 0).astype("boolean")
    t = t.drop(columns="cents")
    t = primary(t, "households", list(COST_COUNTS[1:]), ["cost"], min_cell)
    region = _KEYS
    categories = (t["category"] != TOTAAL) & (t["wet"] != TOTAAL)
    t = complement_rows(t, [*region, "wet"], "households", categories, min_cell)
    laws = (t["category"] == TOTAAL) & (t["wet"] != TOTAAL)
    t = complement_rows(t, region, "households", laws, min_cell)
    for level in ("wijk", "kern"):
        t = complement_rows(
            t, ["level", "gemeente", "wet", "category"], "households", t["level"] == level, min_cell
        )
    for column in ("provisions_unknown", "households_unknown"):
        t = _complement_column(t, [*region, "wet"], column, categories)
        t = _complement_column(t, region, column, laws)
        for level in ("wijk", "kern"):
            t = _complement_column(
                t, ["level", "gemeente", "wet", "category"], column, t["level"] == level
            )
    t = copy_marks(t, "cost", "households")
    t["cost_complete"] = t["cost_complete"].mask(t["households"].isna())
    t = _ordered(t)
    values = ["cost", *COST_COUNTS]
    marks = [mark(c) for c in values if mark(c) in t.columns]
    columns = [*_KEYS, "wet", "category", "cost", "cost_complete", *COST_COUNTS]
    return t[[*columns, "suppressed", *marks]].reset_index(drop=True)


def _ordered(t: pd.DataFrame) -> pd.DataFrame:
    """Rows by level, gemeente, wijk, kern, law and category (Totaal last), index 0…n-1."""
    levels = {"totaal": 0, "gemeente": 1, "wijk": 2, "kern": 3}
    wets = {"jeugdwet": 0, "wmo": 1, TOTAAL: 2}
    t = t.assign(
        _l=t["level"].map(levels),
        _w=t["wet"].map(wets),
        _c=t["category"].map(lambda c: "~" if c == TOTAAL else str(c)),
    )
    t = t.sort_values(
        ["_l", "gemeente", "wijk", "kern", "_w", "_c"], na_position="first", kind="mergesort"
    )
    return t.drop(columns=["_l", "_w", "_c"]).reset_index(drop=True)


def _complement_column(
    frame: pd.DataFrame, groups: list[str], column: str, parts: pd.Series
) -> pd.DataFrame:
    """Complementary suppression of one count column (not the whole row): within each
    group of ``parts`` rows, when exactly one value is missing, remove the smallest other
    non-zero value too (marked ``aanvullend``), so that a small count of provisions or
    households with unknown cost cannot be computed back from the total."""
    out = frame.copy()
    chosen: list[Any] = []
    for _, group in out[parts].groupby(groups, dropna=False, sort=False):
        missing = group[column].isna()
        if int(missing.sum()) != 1:
            continue
        shown = group[~missing & (group[column] > 0)]
        if not shown.empty:
            chosen.append(smallest(shown, column))
    if chosen:
        out.loc[chosen, column] = pd.NA
        out.loc[chosen, mark(column)] = COMPLEMENTARY
        out.loc[chosen, "suppressed"] = True
    return out


def cost_rates(costs: pd.DataFrame, population: Population | None) -> pd.DataFrame:
    """``costs`` with ``regiocode``, ``denominator``, ``population``, ``cost_per_1000``,
    ``cost_per_1000_missing`` and ``cost_per_1000_suppression``."""
    out = costs.copy()
    gemeenten = sorted(set(out.loc[out["level"] == "gemeente", "gemeente"].dropna()))
    denominators = out["wet"].map(lambda w: "minderjarigen" if w == "jeugdwet" else "inwoners")
    found = [
        _area_population(population, r, gemeenten, d)
        for (_, r), d in zip(out.iterrows(), denominators, strict=True)
    ]
    out["denominator"] = denominators.astype("string")
    out["regiocode"] = pd.Series([f[1] for f in found], index=out.index, dtype="string")
    pop = pd.Series([f[0] for f in found], index=out.index, dtype="Float64").round(1)
    out["population"] = pop
    usable = pop.notna() & (pop > 0)
    out["cost_per_1000"] = (1000 * out["cost"].astype("Float64") / pop.where(usable)).round(2)
    missing = pd.Series([f[2] for f in found], index=out.index, dtype="string")
    kind = out[mark("cost")].fillna("")
    unknown = out["cost"].isna() & (kind == "") & (missing == "")
    out["cost_per_1000_missing"] = missing.mask(unknown, "kosten_onbekend")
    out[mark("cost_per_1000")] = kind.where(out["cost"].isna(), "").astype("string")
    first = [*_KEYS, "regiocode", "wet", "category", "cost", "denominator", "population"]
    rest = [c for c in out.columns if c not in first and c != "cost_per_1000"]
    head = [c for c in ("peildatum", "cost_year") if c in out.columns]
    rest = [c for c in rest if c not in head]
    return out[[*head, *first, "cost_per_1000", *rest]]
