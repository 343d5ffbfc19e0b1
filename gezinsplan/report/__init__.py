"""One place for the HTML of reports: the page, tables with suppressed cells, inline SVG
charts. Offline (no scripts, no CDN), in Dutch, readable in any browser."""

from gezinsplan.report.html import cell, dutch_number, page, table
from gezinsplan.report.svg import bar_chart, column_chart

__all__ = ["bar_chart", "cell", "column_chart", "dutch_number", "page", "table"]
