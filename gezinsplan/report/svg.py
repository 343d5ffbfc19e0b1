"""Charts as inline SVG: horizontal grouped bars and vertical columns.

Each bar is a ``<rect class="bar ...">`` with a ``<title>`` (shown on hover, read by
screen readers); a value that is suppressed gets no bar but its mark: ``< n`` for
``None`` or a small count, ``–`` for a figure of one, ``×`` for a value hidden by
complementary suppression (:class:`gezinsplan.report.html.Hidden`), with a line under the
chart that explains the marks used. The chart itself is ``role="img"`` with a title.
"""

from __future__ import annotations

from collections.abc import Sequence
from hashlib import sha1
from html import escape

from gezinsplan.report.html import Hidden, dutch_number, hidden_text, marks_of

__all__ = ["PALETTE", "bar_chart", "column_chart"]

PALETTE = ("#1f5fa8", "#6b6b6b", "#c0392b", "#27864a", "#b9770e", "#7d3c98", "#117a8b")
"""Colours of the series, in order (distinguishable in grey print as well)."""


def _chart_id(title: str) -> str:
    return "chart-" + sha1(title.encode("utf-8")).hexdigest()[:10]


def _number(value: float) -> str:
    return dutch_number(value)


_MARK_TEXT = {
    "<": "&lt; {n}: minder dan {n}",
    "–": "&ndash;: berekend uit minder dan {n}",
    "×": "&times;: afgeschermd (verborgen zodat een klein aantal niet terug te rekenen is)",
}


def _marks_line(marks: set[str], min_cell: int, x: int, y: int) -> str:
    """One line of text that explains the suppression marks in the chart."""
    if not marks:
        return ""
    text = "; ".join(_MARK_TEXT[m].format(n=min_cell) for m in ("<", "–", "×") if m in marks)
    return f'<text class="legenda" x="{x}" y="{y}" font-size="11">{text}</text>'


def _legend(series: Sequence[str], x: int, y: int) -> tuple[str, int]:
    parts = []
    for i, name in enumerate(series):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y + i * 16}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="{y + i * 16 + 9}" font-size="11">{escape(name)}</text>'
        )
    return "".join(parts), len(series) * 16


def bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[float | Hidden | None]]],
    series: Sequence[str],
    *,
    min_cell: int = 10,
    width: int = 760,
    label_width: int = 260,
    chart_class: str = "chart",
) -> str:
    """Horizontal bars: per row label one bar per series (a legend when more than one)."""
    chart_id = _chart_id(title)
    bar_h, gap = 12, 10
    values = [v for _, vs in rows for v in vs if isinstance(v, int | float)]
    top = max(values, default=1) or 1
    marks = marks_of(v for _, vs in rows for v in vs)
    legend, legend_h = _legend(series, label_width, 4) if len(series) > 1 else ("", 0)
    marks_h = 16 if marks else 0
    height = len(rows) * (len(series) * bar_h + gap) + 24 + legend_h + marks_h
    parts = [
        f'<svg class="{escape(chart_class)}" role="img" aria-labelledby="{chart_id}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        legend,
    ]
    y = 16 + legend_h
    for label, row in rows:
        text = escape(label)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + len(series) * bar_h / 2 + 4}" '
            f'text-anchor="end" font-size="12">{text}</text>'
        )
        for i, value in enumerate(row):
            yy = y + i * bar_h
            name = escape(series[i]) if i < len(series) else ""
            if value is None or isinstance(value, Hidden):
                parts.append(
                    f'<text class="suppressed" x="{label_width + 4}" y="{yy + bar_h - 2}" '
                    f'font-size="11">{hidden_text(value, min_cell)}</text>'
                )
                continue
            w = round((width - label_width - 60) * value / top)
            colour = PALETTE[i % len(PALETTE)]
            parts.append(
                f'<rect class="bar" x="{label_width}" y="{yy}" width="{w}" '
                f'height="{bar_h - 1}" fill="{colour}"><title>{text} {name}: '
                f"{_number(value)}</title></rect>"
                f'<text x="{label_width + w + 4}" y="{yy + bar_h - 2}" font-size="11">'
                f"{_number(value)}</text>"
            )
        y += len(series) * bar_h + gap
    parts.append(_marks_line(marks, min_cell, 4, height - 6))
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    title: str,
    columns: Sequence[tuple[str, float | Hidden | None]],
    *,
    min_cell: int = 10,
    width: int = 760,
    height: int = 240,
    chart_class: str = "chart",
) -> str:
    """Vertical columns, one per label (a distribution or a calendar)."""
    chart_id = _chart_id(title)
    marks = marks_of(v for _, v in columns)
    if marks:
        height += 16
    base, top_pad = height - 36 - (16 if marks else 0), 18
    n = max(len(columns), 1)
    slot = (width - 20) / n
    top = max((v for _, v in columns if isinstance(v, int | float)), default=1) or 1
    parts = [
        f'<svg class="{escape(chart_class)}" role="img" aria-labelledby="{chart_id}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<line x1="10" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#555"/>',
    ]
    for i, (label, value) in enumerate(columns):
        x = 10 + i * slot
        mid = x + slot / 2
        text = escape(label)
        parts.append(
            f'<text x="{mid:.1f}" y="{base + 16}" text-anchor="middle" font-size="11">{text}</text>'
        )
        if value is None or isinstance(value, Hidden):
            parts.append(
                f'<text class="suppressed" x="{mid:.1f}" y="{base - 4}" text-anchor="middle" '
                f'font-size="11">{hidden_text(value, min_cell)}</text>'
            )
            continue
        h = (base - top_pad) * value / top
        parts.append(
            f'<rect class="bar" x="{x + slot * 0.15:.1f}" y="{base - h:.1f}" '
            f'width="{slot * 0.7:.1f}" height="{h:.1f}" fill="{PALETTE[0]}">'
            f"<title>{text}: {_number(value)}</title></rect>"
            f'<text x="{mid:.1f}" y="{base - h - 4:.1f}" text-anchor="middle" font-size="11">'
            f"{_number(value)}</text>"
        )
    parts.append(_marks_line(marks, min_cell, 10, height - 6))
    parts.append("</svg>")
    return "".join(parts)
