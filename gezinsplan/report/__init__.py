"""One place for the HTML of reports: the page, tables with suppressed cells, inline SVG
charts. Offline (no scripts, no CDN), in Dutch, readable in any browser."""

from gezinsplan.report.html import (
    Euro,
    Hidden,
    cell,
    dutch_euro,
    dutch_number,
    legend,
    marks_of,
    page,
    table,
)
from gezinsplan.report.svg import bar_chart, column_chart, line_chart

__all__ = [
    "Euro",
    "Hidden",
    "bar_chart",
    "cell",
    "column_chart",
    "dutch_euro",
    "dutch_number",
    "legend",
    "line_chart",
    "marks_of",
    "page",
    "table",
]
