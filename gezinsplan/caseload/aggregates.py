"""What the facts need that does not depend on the peildatum, counted once per caseload.

Three derived tables, each computed by one query over the base tables of
:mod:`gezinsplan.caseload.tables` (written in DuckDB syntax, portable, rendered per
dialect like the fact views):

- ``household_counts``: per household the distinct questions, members with a question,
  leefgebieden and desks, the professionals, their organisations and casemanagers;
- ``member_links``: per member that gives care or has parents recorded, the people cared
  for and the hours (``mantelzorg``), the parents with gezag and those living elsewhere;
- ``assessment_spans``: every ZRM score with the date from which a later one of the same
  member and leefgebied replaces it (``next_ymd``): the latest score at a peildatum is the
  one with ``date_ymd <= peildatum < next_ymd``, a filter instead of a window per run.

The conversion writes them beside the base tables (one file per chunk, from the chunk's
own tables: :func:`write_derived`, called by the step that finishes every conversion and
generation); the engine computes them itself for a source without them (Arrow tables,
households: :func:`derived_queries`).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pyarrow as pa
import sqlglot
from sqlglot import exp

__all__ = ["DERIVED", "DERIVED_SCHEMAS", "derived_queries", "write_derived"]

_K = pa.int64()
_I = pa.int32()
_S = pa.string()

DERIVED_SCHEMAS: dict[str, pa.Schema] = {
    "household_counts": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("n_questions", _I),
            ("n_question_members", _I),
            ("n_leefgebieden", _I),
            ("n_desks", _I),
            ("n_professionals", _I),
            ("n_organisations", _I),
            ("n_casemanagers", _I),
        ]
    ),
    "member_links": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("member", _S),
            ("n_cared_for", _I),
            ("care_hours", pa.float64()),
            ("n_gezag", _I),
            ("n_elsewhere", _I),
        ]
    ),
    "assessment_spans": pa.schema(
        [
            ("household", _S),
            ("hkey", _K),
            ("member", _S),
            ("leefgebied", _S),
            ("score", _I),
            ("date_ymd", _I),
            ("next_ymd", _I),
        ]
    ),
}
"""The columns of each derived table."""

DERIVED = tuple(DERIVED_SCHEMAS)
"""The derived tables, in the order they are computed."""

_QUERIES: dict[str, str] = {
    "household_counts": """
        SELECT h.household AS household, h.hkey AS hkey,
          COALESCE(qq.n_questions, 0) AS n_questions,
          COALESCE(qq.n_members, 0) AS n_question_members,
          COALESCE(qq.n_leefgebieden, 0) AS n_leefgebieden,
          COALESCE(qq.n_desks, 0) AS n_desks,
          COALESCE(pp.n, 0) AS n_professionals,
          COALESCE(pp.n_organisations, 0) AS n_organisations,
          COALESCE(pp.n_casemanagers, 0) AS n_casemanagers
        FROM households AS h
        LEFT JOIN (
          SELECT hkey, COUNT(DISTINCT question) AS n_questions,
            COUNT(DISTINCT member) AS n_members,
            COUNT(DISTINCT leefgebied) AS n_leefgebieden,
            COUNT(DISTINCT desk) AS n_desks
          FROM questions GROUP BY hkey
        ) AS qq ON qq.hkey = h.hkey
        LEFT JOIN (
          SELECT hkey, COUNT(*) AS n,
            COUNT(DISTINCT organisation) AS n_organisations,
            SUM(CASE WHEN is_casemanager THEN 1 ELSE 0 END) AS n_casemanagers
          FROM professionals GROUP BY hkey
        ) AS pp ON pp.hkey = h.hkey
    """,
    "member_links": """
        SELECT m.household AS household, m.hkey AS hkey, m.member AS member,
          COALESCE(mz.n, 0) AS n_cared_for,
          COALESCE(mz.hours, 0) AS care_hours,
          COALESCE(pl.n_gezag, 0) AS n_gezag,
          COALESCE(pl.n_elsewhere, 0) AS n_elsewhere
        FROM members AS m
        LEFT JOIN (
          SELECT hkey, supporter_member, COUNT(*) AS n, SUM(hours) AS hours FROM (
            SELECT hkey, supporter_member, support,
                   MAX(COALESCE(hours_per_week, 0)) AS hours
            FROM informal_support
            WHERE kind = 'mantelzorger' AND supporter_member IS NOT NULL
            GROUP BY hkey, supporter_member, support
            HAVING SUM(CASE WHEN member <> supporter_member THEN 1 ELSE 0 END) > 0
          ) AS care
          GROUP BY hkey, supporter_member
        ) AS mz ON mz.hkey = m.hkey AND mz.supporter_member = m.member
        LEFT JOIN (
          SELECT hkey, child,
                 SUM(CASE WHEN gezag THEN 1 ELSE 0 END) AS n_gezag,
                 SUM(CASE WHEN lives_elsewhere THEN 1 ELSE 0 END) AS n_elsewhere
          FROM parent_links GROUP BY hkey, child
        ) AS pl ON pl.hkey = m.hkey AND pl.child = m.member
        WHERE mz.hkey IS NOT NULL OR pl.hkey IS NOT NULL
    """,
    "assessment_spans": """
        SELECT household, hkey, COALESCE(member, '') AS member, leefgebied, score, date_ymd,
          LEAD(date_ymd) OVER (
            PARTITION BY hkey, COALESCE(member, ''), leefgebied
            ORDER BY date_ymd ASC, seq DESC) AS next_ymd
        FROM assessments
    """,
}
"""Derived table -> its query over the base tables (DuckDB syntax, portable).

``assessment_spans``: ordered by date and, on one date, by ``seq`` from high to low, the
row after a score is the score that replaces it (the per-household facts take the latest
date and, on one date, the lowest ``seq``)."""

_ORDER = {
    "household_counts": "hkey",
    "member_links": "hkey, member",
    "assessment_spans": "hkey, member, leefgebied, date_ymd, next_ymd",
}
"""How a written file is sorted (the same bytes whatever the number of threads)."""


@functools.cache
def derived_queries() -> dict[str, exp.Expr]:
    """Each derived table's query, with every column cast to its type (cached: copy one
    before changing it)."""
    out: dict[str, exp.Expr] = {}
    for name, sql in _QUERIES.items():
        query = sqlglot.parse_one(sql, read="duckdb")
        columns = [
            exp.cast(exp.column(f.name, table="q"), _sql_type(f.type)).as_(f.name)
            for f in DERIVED_SCHEMAS[name]
        ]
        out[name] = exp.select(*columns).from_(exp.paren(query).as_("q"))
    return out


def _sql_type(kind: pa.DataType) -> str:
    return {_K: "BIGINT", _I: "INT", _S: "TEXT", pa.float64(): "DOUBLE"}[kind]


def write_derived(folder: Path, workers: int | None = None) -> None:
    """Write the derived tables of a columnar caseload being finished: per chunk
    ``folder/<derived>/part-NNNNNN.parquet`` from that chunk's base tables (a household's
    rows all lie in one chunk), chunks in ``workers`` threads (default: the CPUs, at
    most 4)."""
    from concurrent.futures import ThreadPoolExecutor

    parts = sorted(p.name for p in (folder / "households").glob("part-*.parquet"))
    for name in DERIVED:
        (folder / name).mkdir(exist_ok=True)
    n = max(1, min(workers or os.cpu_count() or 1, 4, len(parts)))
    groups = [parts[i::n] for i in range(n)]
    with ThreadPoolExecutor(max_workers=n) as pool:
        for done in [pool.submit(_write_parts, folder, group) for group in groups]:
            done.result()


def _write_parts(folder: Path, parts: list[str]) -> None:
    import duckdb
    import pyarrow.parquet as pq

    from gezinsplan.caseload.tables import SCHEMAS

    base_tables = sorted(
        {t.name for q in derived_queries().values() for t in q.find_all(exp.Table)}
    )
    # only the columns some query names (a superset of what each table gives them)
    named = {c.name for q in derived_queries().values() for c in q.find_all(exp.Column)}
    columns = {t: [n for n in SCHEMAS[t].names if n in named] for t in base_tables}
    queries = {
        name: f"SELECT * FROM ({query.sql(dialect='duckdb', identify=True)}) AS d "
        f"ORDER BY {_ORDER[name]}"
        for name, query in derived_queries().items()
    }
    con = duckdb.connect(":memory:", config={"threads": 1})
    try:
        for part in parts:
            for table in base_tables:
                file = folder / table / part
                data = (
                    pq.read_table(file, columns=columns[table])
                    if file.exists()
                    else SCHEMAS[table].empty_table().select(columns[table])
                )
                con.register(table, data)
            for name, sql in queries.items():
                rows = con.sql(sql).to_arrow_table().cast(DERIVED_SCHEMAS[name])
                pq.write_table(rows, folder / name / part, compression="zstd")
    finally:
        con.close()
