"""The columnar caseload: households as Parquet tables, one per source, and the SQL engine
that runs the rule files over a whole caseload (DuckDB in process, PostgreSQL, Spark).

Needs the ``caseload`` extra (pyarrow, duckdb, sqlglot)::

    from gezinsplan.caseload import assess, convert_caseload, fact_tables, render_signals
    from gezinsplan.caseload import assess_many, same_rules   # several rule sets, one pass
"""

from gezinsplan.caseload.convert import ConvertResult, convert_caseload
from gezinsplan.caseload.engine import (
    SIGNAL_SCHEMA,
    assess,
    assess_many,
    fact_tables,
    load_tables,
    render_signals,
    same_rules,
)

__all__ = [
    "SIGNAL_SCHEMA",
    "ConvertResult",
    "assess",
    "assess_many",
    "convert_caseload",
    "fact_tables",
    "load_tables",
    "render_signals",
    "same_rules",
]
