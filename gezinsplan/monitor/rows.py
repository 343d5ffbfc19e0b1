"""The rows of one monitor chunk, set-wise: one DuckDB pass over the chunk's tables.

Gives what :mod:`gezinsplan.monitor.chunks` used to compute household by household in
Python, with the same rules: the outcome of :func:`~gezinsplan.plan.builder.plan_outcome`
and the triage class of :func:`~gezinsplan.monitor.chunks.klasse` per household, one row
per signal, per person with provisions and per youth turning 18 in the next twelve months.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from gezinsplan.caseload.tables import SCHEMAS
from gezinsplan.model.dates import add_months, first_of_next_month
from gezinsplan.model.enums import Urgency, Wet
from gezinsplan.plan.builder import COMPLEX_RULES
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.signal import Category

__all__ = ["GEEN", "UNKNOWN", "UNKNOWN_AREA", "PlanFigures", "chunk_rows", "transition_months"]

PlanFigures = tuple[pa.Table, pa.Table]
"""The plans' figures: per household number (``hkey``) the regisseur's kind and the
number of active goals (``regisseur``, ``active_goals``), and the goals (``hkey``,
``leefgebied``, ``status``, in plan order)."""

UNKNOWN_AREA = "onbekend"
"""Wijk or kern of a household that has none recorded."""

GEEN = "geen"
"""Regisseur of a household without a full plan; wet/product of a youth without a
provision."""

UNKNOWN = "onbekend"
"""Regisseur of a household that needs a plan when the households themselves are not at
hand (a columnar caseload holds no names or words)."""

_CBS_WETTEN = {
    Wet.JEUGDWET.value: "jeugd",
    Wet.WMO.value: "wmo",
    Wet.PARTICIPATIEWET.value: "participatie",
}


def _read(data: pa.Table | list[str], name: str, columns: Sequence[str]) -> pa.Table:
    if isinstance(data, list):
        return ds.dataset(data, schema=SCHEMAS[name], format="parquet").to_table(
            columns=list(columns)
        )
    return data.select(list(columns))


def _numbered(table: pa.Table) -> pa.Table:
    return table.append_column("i", pa.array(range(table.num_rows), pa.int64()))


def _text(values: Sequence[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def transition_months(peildatum: date) -> list[str]:
    """The twelve calendar months after the peildatum's month, as ``YYYY-MM``."""
    first = first_of_next_month(peildatum)
    return [add_months(first, i).isoformat()[:7] for i in range(12)]


_OUTCOME = f"""
CREATE TEMP TABLE o AS
WITH sg AS (
  SELECT household,
    bool_or(rule_id IN ({_text(COMPLEX_RULES)})) AS complex,
    bool_or(rule_id = 'triage.meervoudig') AS meervoudig,
    bool_or(rule_id = 'triage.enkelvoudig') AS enkelvoudig,
    bool_or(category = '{Category.VEILIGHEID.value}') AS safety
  FROM sig GROUP BY household),
ac AS (SELECT DISTINCT household FROM questions WHERE urgency = '{Urgency.ACUUT.value}')
SELECT b.i, b.hkey, b.household,
  CASE WHEN c.n_questions = 0 AND sg.household IS NULL THEN '{PlanOutcome.GEEN_VRAAG.value}'
       WHEN sg.enkelvoudig AND NOT sg.safety AND ac.household IS NULL AND NOT sg.complex
         THEN '{PlanOutcome.KORTE_CHECK.value}'
       ELSE '{PlanOutcome.PLAN.value}' END AS outcome,
  CASE WHEN sg.complex THEN 'complex' WHEN sg.meervoudig THEN 'meervoudig'
       WHEN sg.enkelvoudig THEN 'enkelvoudig'
       WHEN c.n_questions > 0 THEN 'overig' ELSE 'geen_vraag' END AS klasse
FROM base AS b JOIN counts AS c ON c.household = b.household
LEFT JOIN sg ON sg.household = b.household
LEFT JOIN ac ON ac.household = b.household
"""


def _households() -> str:
    return f"""
SELECT b.hkey, b.gemeente,
  CASE WHEN b.wijk IS NULL OR b.wijk = '' THEN '{UNKNOWN_AREA}' ELSE b.wijk END AS wijk,
  CASE WHEN b.kern IS NULL OR b.kern = '' THEN '{UNKNOWN_AREA}' ELSE b.kern END AS kern,
  c.n_members AS members, c.n_minors AS minors, c.n_questions AS questions,
  c.n_professionals AS professionals, c.n_organisations AS organisations,
  o.klasse, o.outcome,
  CASE WHEN p.hkey IS NOT NULL THEN p.regisseur
       WHEN o.outcome = '{PlanOutcome.PLAN.value}' THEN '{UNKNOWN}'
       ELSE '{GEEN}' END AS regisseur,
  p.active_goals,
  c.n_arrears AS arrears, c.arrears_contact_made AS arrears_reached
FROM base AS b JOIN counts AS c ON c.household = b.household
JOIN o ON o.i = b.i
LEFT JOIN plans AS p ON p.hkey = b.hkey
ORDER BY b.i
"""


_SIGNALS = """
SELECT b.hkey, s.category, s.rule_id
FROM sig AS s JOIN base AS b ON b.household = s.household ORDER BY s.i
"""


def _persons() -> str:
    cases = ", ".join(
        f"bool_or(p.wet = '{wet}') AS {column}" for wet, column in _CBS_WETTEN.items()
    )
    return f"""
SELECT b.hkey, {cases}
FROM provision AS p JOIN base AS b ON b.household = p.household
WHERE p.wet IN ({_text(list(_CBS_WETTEN))})
GROUP BY b.hkey, p.household, p.member
ORDER BY p.household, p.member
"""


def _transitions(peildatum: date) -> str:
    months = _text(transition_months(peildatum))
    return f"""
WITH y AS (
  SELECT m.household, m.id AS member,
    substr(CAST(m.eighteenth_birthday AS VARCHAR), 1, 7) AS maand
  FROM member AS m
  WHERE substr(CAST(m.eighteenth_birthday AS VARCHAR), 1, 7) IN ({months})),
n AS (
  SELECT *, row_number() OVER (PARTITION BY household ORDER BY member) AS youth FROM y)
SELECT b.hkey, n.youth::INTEGER AS youth, n.maand,
  coalesce(p.wet, '{GEEN}') AS wet, coalesce(p.product, '{GEEN}') AS product
FROM n JOIN base AS b ON b.household = n.household
LEFT JOIN provision AS p ON p.household = n.household AND p.member = n.member
ORDER BY n.household, n.member, p.wet, p.product
"""


def chunk_rows(
    tables: Mapping[str, pa.Table | list[str]],
    signals: pa.Table,
    facts: Mapping[str, pa.Table],
    peildatum: date,
    plan_figures: Callable[[list[tuple[str, int]]], PlanFigures | None],
    schemas: Mapping[str, pa.Schema],
) -> dict[str, pa.Table]:
    """The tables ``households``, ``signals``, ``persons``, ``transitions`` and ``goals``
    of a chunk (``schemas``) from its caseload tables, its signal rows and its facts
    (``household``, ``member``, ``provision``). ``plan_figures`` is given the households
    (id, number) that need a full plan, in caseload order; None: their plans are not at
    hand (regisseur ``onbekend``, no goals)."""
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        con.register(
            "base",
            _numbered(
                _read(
                    tables["households"],
                    "households",
                    ["household", "hkey", "gemeente", "wijk", "kern"],
                )
            ),
        )
        con.register("questions", _read(tables["questions"], "questions", ["household", "urgency"]))
        con.register("counts", facts["household"])
        con.register("member", facts["member"].select(["household", "id", "eighteenth_birthday"]))
        con.register(
            "provision", facts["provision"].select(["household", "member", "wet", "product"])
        )
        con.register("sig", _numbered(signals.select(["household", "rule_id", "category"])))
        con.execute(_OUTCOME)
        wanted = con.sql(
            f"SELECT household, hkey FROM o WHERE outcome = '{PlanOutcome.PLAN.value}' ORDER BY i"
        ).fetchall()
        found = plan_figures([(hid, key) for hid, key in wanted])
        plans = (
            found[0]
            if found is not None
            else pa.table(
                {
                    "hkey": pa.array([], pa.int64()),
                    "regisseur": pa.array([], pa.string()),
                    "active_goals": pa.array([], pa.int32()),
                }
            )
        )
        con.register("plans", plans.select(["hkey", "regisseur", "active_goals"]))
        out = {
            "households": con.sql(_households()).to_arrow_table(),
            "signals": con.sql(_SIGNALS).to_arrow_table(),
            "persons": con.sql(_persons()).to_arrow_table(),
            "transitions": con.sql(_transitions(peildatum)).to_arrow_table(),
        }
    finally:
        con.close()
    out["goals"] = found[1] if found is not None else schemas["goals"].empty_table()
    return {name: table.cast(schemas[name]) for name, table in out.items()}
