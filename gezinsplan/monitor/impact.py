"""Impact in numbers: counts per area and the same per 1,000 inhabitants (or minors).

The table ``impact`` has one row per region and ``measure``:

==========================  =====================================================  ==============
measure                     counts                                                 per 1,000
==========================  =====================================================  ==============
``huishoudens``             households in the caseload (``regions.households``)    inwoners
``huishoudens_voorziening`` households with a Jeugdwet, Wmo or Participatiewet       inwoners
                            provision running at the peildatum (``stapeling``)
``personen_voorziening``    persons with such a provision (``stapeling``)          inwoners
``meervoudig``              households of triage class meervoudig (``regions``)    inwoners
``complex``                 households of triage class complex (``regions``)       inwoners
``jeugdwet``                persons with a running Jeugdwet provision              minderjarigen
``wmo``                     persons with a running Wmo provision                   inwoners
``participatiewet``         persons with a running Participatiewet provision       inwoners
``overgang_18``             youths turning 18 in the twelve months after the       minderjarigen
                            peildatum's month (``transitions``)
==========================  =====================================================  ==============

The first five are the counts of the other tables, with their suppression marks, so that
the tables agree; the last four are counted here and suppressed the same way (primary
below ``min_cell``; complementary among the wijken, and among the kernen, of a gemeente).

``per_1000`` is ``1000 × count / population`` (one decimal), where ``population`` is the
area's inhabitants (``denominator`` ``inwoners``) or its minors, 0-17 (``minderjarigen``:
the 0-15 band plus 3/10 of the 15-25 band, see :mod:`gezinsplan.monitor.population`). A
rate of a suppressed count is suppressed with the count's mark (``per_1000_suppression``).
A rate without a population is missing, never 0, and ``per_1000_missing`` says why:

- ``geen_bevolkingstabel``: the run had no population table;
- ``gebied_onbekend``: households without a recorded wijk or kern (``onbekend``);
- ``niet_in_bevolkingstabel``: the table has no row for the area;
- ``bevolking_onbekend``: the table has the area, but its inhabitants (or age bands) are
  unknown (CBS ``.``);
- ``geen_inwoners``: the population is 0;
- ``niet_alle_gemeenten``: (level ``totaal``) a gemeente of the caseload has no population.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from gezinsplan.monitor.population import Area, Population
from gezinsplan.monitor.suppress import complement_rows, mark, primary

__all__ = ["DENOMINATORS", "MEASURES", "MEASURE_LABELS", "impact_counts", "impact_table", "rates"]

MEASURES = (
    "huishoudens",
    "huishoudens_voorziening",
    "personen_voorziening",
    "meervoudig",
    "complex",
    "jeugdwet",
    "wmo",
    "participatiewet",
    "overgang_18",
)
DENOMINATORS = {
    m: ("minderjarigen" if m in ("jeugdwet", "overgang_18") else "inwoners") for m in MEASURES
}
MEASURE_LABELS = {
    "huishoudens": "huishoudens in beeld",
    "huishoudens_voorziening": "huishoudens met een voorziening (Jeugdwet, Wmo, Participatiewet)",
    "personen_voorziening": "personen met een voorziening (Jeugdwet, Wmo, Participatiewet)",
    "meervoudig": "huishoudens met een meervoudige vraag",
    "complex": "huishoudens met een complexe vraag",
    "jeugdwet": "jeugdigen met jeugdhulp (Jeugdwet)",
    "wmo": "personen met Wmo-ondersteuning",
    "participatiewet": "personen met een voorziening onder de Participatiewet",
    "overgang_18": "jongeren die in de komende 12 maanden 18 worden",
}
_NEW = ("jeugdwet", "wmo", "participatiewet", "overgang_18")
_KEYS = ["level", "gemeente", "wijk", "kern"]
_NONE = "<geen gebied>"  # a stand-in for a missing region column while merging


def impact_counts(con: Any, sets: str, level: str) -> pd.DataFrame:
    """The counts of this table that no other table has, per region (wide)."""
    frame: pd.DataFrame = con.sql(
        f"""
        WITH p AS (
          SELECT hkey, COUNT(*) FILTER (WHERE jeugd) AS j, COUNT(*) FILTER (WHERE wmo) AS w,
            COUNT(*) FILTER (WHERE participatie) AS pw
          FROM persons GROUP BY hkey),
        y AS (SELECT hkey, COUNT(*) AS n FROM (SELECT DISTINCT hkey, youth FROM t) x
              GROUP BY hkey)
        SELECT {level}, gemeente, wijk, kern,
          COALESCE(SUM(p.j), 0) AS jeugdwet, COALESCE(SUM(p.w), 0) AS wmo,
          COALESCE(SUM(p.pw), 0) AS participatiewet, COALESCE(SUM(y.n), 0) AS overgang_18
        FROM h LEFT JOIN p USING (hkey) LEFT JOIN y USING (hkey)
        GROUP BY {sets}
        """
    ).df()
    return frame


def _keyed(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for k in _KEYS:
        out[k] = out[k].astype("object").where(out[k].notna(), _NONE)
    return out


def _published(
    regions: pd.DataFrame, stapeling: pd.DataFrame
) -> dict[str, tuple[pd.DataFrame, str]]:
    totals = stapeling[stapeling["combinatie"] == "Totaal"]
    return {
        "huishoudens": (regions, "households"),
        "meervoudig": (regions, "meervoudig"),
        "complex": (regions, "complex"),
        "huishoudens_voorziening": (totals, "households"),
        "personen_voorziening": (totals, "persons"),
    }


def impact_table(raw: pd.DataFrame, tables: dict[str, pd.DataFrame], min_cell: int) -> pd.DataFrame:
    """The long table of counts (no rates yet): published counts with their marks, the
    new counts suppressed here."""
    regions = _keyed(tables["regions"])[_KEYS]
    parts: list[pd.DataFrame] = []
    for measure, (frame, column) in _published(tables["regions"], tables["stapeling"]).items():
        source = _keyed(frame)[[*_KEYS, column, mark(column)]]
        got = regions.merge(source, on=_KEYS, how="left")
        shown = got[column].notna()
        present = got[mark(column)].fillna("") != ""
        counts = got[column].astype("Int64").mask(~shown & ~present, 0)
        parts.append(
            got[_KEYS].assign(
                measure=measure,
                count=counts,
                count_suppression=got[mark(column)].fillna("").astype("string"),
            )
        )
    published = pd.concat(parts, ignore_index=True)
    published["suppressed"] = published["count_suppression"] != ""

    new = _keyed(raw).melt(id_vars=_KEYS, value_vars=list(_NEW), var_name="measure")
    new = new.rename(columns={"value": "count"})
    new["count"] = new["count"].astype("Int64")
    new = primary(new, "count", [], [], min_cell)
    for level in ("wijk", "kern"):
        new = complement_rows(
            new, ["level", "gemeente", "measure"], "count", new["level"] == level, min_cell
        )
    out = pd.concat([published, new], ignore_index=True)
    for k in _KEYS:
        out[k] = pd.Series(
            [None if v == _NONE else v for v in out[k]], index=out.index, dtype="object"
        )
    out["count_suppression"] = out["count_suppression"].fillna("").astype("string")
    out["suppressed"] = out["suppressed"].astype(bool)
    order = {m: i for i, m in enumerate(MEASURES)}
    levels = {"totaal": 0, "gemeente": 1, "wijk": 2, "kern": 3}
    out = out.assign(_m=out["measure"].map(order), _l=out["level"].map(levels))
    out = out.sort_values(
        ["_m", "_l", "gemeente", "wijk", "kern"], na_position="first", kind="mergesort"
    )
    return out.drop(columns=["_m", "_l"]).reset_index(drop=True)


def _area_population(
    population: Population | None, row: Any, gemeenten: list[str], denominator: str
) -> tuple[float | None, str, str]:
    """The population of the row's area, its codes, and why it is missing."""
    if population is None:
        return None, "", "geen_bevolkingstabel"

    def value(area: Area) -> float | None:
        return area.inwoners if denominator == "inwoners" else area.minors

    level = row["level"]
    if level == "totaal":
        total = 0.0
        for g in gemeenten:
            area = population.find("gemeente", g, None)
            v = value(area) if area is not None else None
            if v is None:
                return None, "", "niet_alle_gemeenten"
            total += v
        return total, "", ("" if total > 0 else "geen_inwoners")
    name = row["wijk"] if level == "wijk" else row["kern"]
    if level in ("wijk", "kern") and name == "onbekend":
        return None, "", "gebied_onbekend"
    area = population.find(level, row["gemeente"], name)
    if area is None:
        return None, "", "niet_in_bevolkingstabel"
    v = value(area)
    codes = "+".join(area.codes)
    if v is None:
        return None, codes, "bevolking_onbekend"
    return float(v), codes, ("" if v > 0 else "geen_inwoners")


def rates(impact: pd.DataFrame, population: Population | None) -> pd.DataFrame:
    """``impact`` with ``regiocode``, ``denominator``, ``population``, ``per_1000``,
    ``per_1000_missing`` and ``per_1000_suppression``."""
    out = impact.copy()
    gemeenten = sorted(set(out.loc[out["level"] == "gemeente", "gemeente"].dropna()))
    found = [
        _area_population(population, r, gemeenten, DENOMINATORS[r["measure"]])
        for _, r in out.iterrows()
    ]
    out["denominator"] = out["measure"].map(DENOMINATORS)
    out["regiocode"] = pd.Series([f[1] for f in found], index=out.index, dtype="string")
    out["population"] = pd.Series([f[0] for f in found], index=out.index, dtype="Float64")
    out["population"] = out["population"].round(1)
    missing = pd.Series([f[2] for f in found], index=out.index, dtype="string")
    pop = out["population"]
    count = out["count"].astype("Float64")
    usable = pop.notna() & (pop > 0)
    rate = (1000 * count / pop.where(usable)).round(1)
    out["per_1000"] = rate.astype("Float64")
    out["per_1000_missing"] = missing
    kind = out["count_suppression"].fillna("")
    out["per_1000_suppression"] = kind.where(out["count"].isna(), "").astype("string")
    columns = [
        c
        for c in (
            "peildatum",
            *_KEYS,
            "regiocode",
            "measure",
            "denominator",
            "count",
            "population",
            "per_1000",
            "per_1000_missing",
            "suppressed",
            "count_suppression",
            "per_1000_suppression",
        )
        if c in out.columns
    ]
    return out[columns]
