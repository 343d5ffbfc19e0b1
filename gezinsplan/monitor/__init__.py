"""The caseload monitor for analysts: tables per gemeente, wijk and kern, and a report.

Needs the ``monitor`` extra (pyarrow, duckdb, sqlglot, pandas)::

    from gezinsplan.monitor import render_report, run_monitor

    m = run_monitor("caseload.jsonl", date(2026, 11, 23), out="monitor/")
    m.tables["regions"]          # a pandas DataFrame
    Path("monitor.html").write_text(render_report(m), encoding="utf-8")
"""

from gezinsplan.monitor.report import render_report
from gezinsplan.monitor.run import Monitor, run_monitor
from gezinsplan.monitor.suppress import MIN_CELL

__all__ = ["MIN_CELL", "Monitor", "render_report", "run_monitor"]
