"""Charts as inline SVG: horizontal grouped bars and vertical columns.

Each bar is a ``<rect class="bar ...">`` with a ``<title>`` (shown on hover, read by
screen readers); a value that is suppressed gets no bar but its mark: ``< n`` for
``None`` or a small count, ``–`` for a figure of one, ``×`` for a value hidden by
complementary suppression (:class:`gezinsplan.report.html.Hidden`), with a line under the
chart that explains the marks used. The chart itself is ``role="img"`` with a title.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from hashlib import sha1
from html import escape

from gezinsplan.report.html import Hidden, dutch_number, hidden_text, marks_of

__all__ = ["DASHES", "MARKERS", "PALETTE", "bar_chart", "column_chart", "line_chart"]

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
    reference: tuple[str, float] | None = None,
    row_marks: Sequence[float | None] | None = None,
    row_mark_label: str = "",
    description: str = "",
) -> str:
    """Horizontal bars: per row label one bar per series (a legend when more than one).

    ``reference`` (label, value) draws a dashed vertical line over all rows, labelled (an
    average to compare with); ``row_marks`` a short black line on each row at its own
    value (for instance the gemeente's figure beside each wijk), named ``row_mark_label``
    under the chart. ``description`` (an SVG ``<desc>``) says what the chart shows."""
    chart_id = _chart_id(title)
    bar_h, gap = 12, 10
    values = [v for _, vs in rows for v in vs if isinstance(v, int | float)]
    extra = [v for v in (row_marks or ()) if v is not None]
    if reference is not None:
        extra.append(reference[1])
    top = max([*values, *extra], default=1) or 1
    marks = marks_of(v for _, vs in rows for v in vs)
    legend, legend_h = _legend(series, label_width, 4) if len(series) > 1 else ("", 0)
    marks_h = 16 if marks else 0
    ref_h = 16 if reference is not None else 0
    key_h = 16 if row_marks is not None and extra else 0
    legend_h += ref_h
    height = len(rows) * (len(series) * bar_h + gap) + 24 + legend_h + marks_h + key_h
    described = f' aria-describedby="{chart_id}-d"' if description else ""
    parts = [
        f'<svg class="{escape(chart_class)}" role="img" aria-labelledby="{chart_id}"{described} '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>' if description else "",
        legend,
    ]
    y = 16 + legend_h
    for r_i, (label, row) in enumerate(rows):
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
            mv = row_marks[r_i] if row_marks is not None and i == 0 else None
            if mv is not None:
                mx = label_width + round((width - label_width - 60) * mv / top)
                parts.append(
                    f'<line class="rowmark" x1="{mx}" y1="{y - 3}" x2="{mx}" '
                    f'y2="{y + len(series) * bar_h + 2}" stroke="#111" stroke-width="2.5">'
                    f"<title>{escape(row_mark_label)}: {_number(mv)}</title></line>"
                )
            parts.append(
                f'<rect class="bar" x="{label_width}" y="{yy}" width="{w}" '
                f'height="{bar_h - 1}" fill="{colour}"><title>{text} {name}: '
                f"{_number(value)}</title></rect>"
                f'<text x="{label_width + w + 4}" y="{yy + bar_h - 2}" font-size="11">'
                f"{_number(value)}</text>"
            )
        y += len(series) * bar_h + gap
    if reference is not None:
        rx = label_width + round((width - label_width - 60) * reference[1] / top)
        text = f"{escape(reference[0])}: {_number(reference[1])}"
        parts.append(
            f'<line class="reference" x1="{rx}" y1="{legend_h + 4}" x2="{rx}" y2="{y}" '
            f'stroke="#111" stroke-width="1.5" stroke-dasharray="5 3"><title>{text}</title></line>'
            f'<text x="{min(rx, width - 200)}" y="{legend_h}" font-size="11">'
            f"&#8942; {text}</text>"
        )
    if key_h:
        parts.append(
            f'<text x="4" y="{height - 6 - marks_h}" font-size="11">'
            f"&#10072; (zwart streepje op de balk): {escape(row_mark_label)}</text>"
        )
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


DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2 1 2", "12 3 3 3", "3 6")
"""Dash patterns of the lines, in order: a line is told apart without its colour."""
MARKERS = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "cross",
    "triangle-down",
    "plus",
    "circle-open",
    "square-open",
)
"""Marker shapes of the points, in order."""


def _marker(shape: str, x: float, y: float, colour: str, title: str) -> str:
    """One data point: a small shape with a ``<title>``."""
    r = 4.5
    tip = f"<title>{title}</title>" if title else ""
    fill = "#fff" if shape.endswith("-open") else colour
    attrs = f'class="point" fill="{fill}" stroke="{colour}" stroke-width="2"'
    shape = shape.removesuffix("-open")
    if shape == "circle":
        return f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="{r}">{tip}</circle>'
    if shape == "square":
        return (
            f'<rect {attrs} x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" '
            f'height="{2 * r}">{tip}</rect>'
        )
    if shape in ("triangle", "triangle-down"):
        s = 1 if shape == "triangle" else -1
        pts = (
            f"{x:.1f},{y - s * r * 1.2:.1f} {x - r:.1f},{y + s * r:.1f} {x + r:.1f},{y + s * r:.1f}"
        )
        return f'<polygon {attrs} points="{pts}">{tip}</polygon>'
    if shape == "diamond":
        up, down = y - r * 1.3, y + r * 1.3
        pts = f"{x:.1f},{up:.1f} {x + r:.1f},{y:.1f} {x:.1f},{down:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon {attrs} points="{pts}">{tip}</polygon>'
    x0, x1, y0, y1 = x - r, x + r, y - r, y + r
    d = (
        f"M{x0:.1f},{y0:.1f}L{x1:.1f},{y1:.1f}M{x0:.1f},{y1:.1f}L{x1:.1f},{y0:.1f}"
        if shape == "cross"
        else f"M{x - r:.1f},{y:.1f}H{x + r:.1f}M{x:.1f},{y - r:.1f}V{y + r:.1f}"
    )
    return (
        f'<path class="point" d="{d}" stroke="{colour}" stroke-width="2.5" fill="none">{tip}</path>'
    )


def _spread(
    wanted: list[tuple[float, int]], gap: float, low: float, high: float
) -> dict[int, float]:
    """Label heights near ``wanted`` (height, key), at least ``gap`` apart, within bounds."""
    placed: dict[int, float] = {}
    last = low - gap
    for y, key in sorted(wanted):
        y = max(y, last + gap)
        placed[key] = y
        last = y
    overflow = last - high
    if overflow > 0:  # pushed below the chart: move them all up
        placed = {k: v - overflow for k, v in placed.items()}
    return placed


def _nice_step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) for about four grid lines."""
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for f in (1, 2, 5, 10):
        if raw <= f * power:
            return f * power
    return 10 * power


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | Hidden | None]]],
    *,
    description: str = "",
    y_label: str = "",
    min_cell: int = 10,
    width: int = 760,
    height: int = 320,
    label_width: int = 230,
    chart_class: str = "chart",
) -> str:
    """Lines over time, one per series: each with its own colour, dash pattern and marker
    shape, and its name written at its last point (no legend to decode). A point that is
    suppressed has no marker; the line stops there and the mark is written on the axis.
    ``description`` (an SVG ``<desc>``, read by screen readers) says what the chart shows."""
    chart_id = _chart_id(title)
    values = [v for _, vs in series for v in vs if isinstance(v, int | float)]
    tick = _nice_step(max(values, default=1) or 1)
    top = tick * 4
    while top < max(values, default=0):
        top += tick
    marks = marks_of(v for _, vs in series for v in vs)
    marks_h = 16 if marks else 0
    left, right, top_pad = 56, width - label_width, 26
    base = height - 40 - marks_h
    n = max(len(x_labels), 1)
    step = (right - left - 20) / max(n - 1, 1)

    def xpos(i: int) -> float:
        return left + 10 + i * step if n > 1 else (left + right) / 2

    def ypos(v: float) -> float:
        return base - (base - top_pad) * v / top

    described = f' aria-describedby="{chart_id}-d"' if description else ""
    parts = [
        f'<svg class="{escape(chart_class)}" role="img" aria-labelledby="{chart_id}"{described} '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>' if description else "",
    ]
    for k in range(round(top / tick) + 1):  # grid lines with Dutch numbers
        v = tick * k
        y = ypos(v)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">'
            f"{_number(round(v, 2))}</text>"
        )
    parts.append(f'<line x1="{left}" y1="{base}" x2="{right}" y2="{base}" stroke="#555"/>')
    if y_label:
        parts.append(f'<text x="4" y="{top_pad - 4}" font-size="11">{escape(y_label)}</text>')
    for i, label in enumerate(x_labels):
        parts.append(
            f'<text x="{xpos(i):.1f}" y="{base + 16}" text-anchor="middle" font-size="11">'
            f"{escape(label)}</text>"
        )
    ends: list[tuple[float, int]] = []
    for s, (name, row) in enumerate(series):
        colour, dash, shape = (
            PALETTE[s % len(PALETTE)],
            DASHES[s % len(DASHES)],
            MARKERS[s % len(MARKERS)],
        )
        runs: list[list[tuple[float, float]]] = [[]]
        last: tuple[float, float] | None = None
        for i, value in enumerate(row):
            if value is None or isinstance(value, Hidden):
                runs.append([])
                parts.append(
                    f'<text class="suppressed" x="{xpos(i):.1f}" y="{base - 4}" '
                    f'text-anchor="middle" font-size="11">{hidden_text(value, min_cell)}'
                    f"<title>{escape(name)}, {escape(x_labels[i])}: niet getoond</title></text>"
                )
                continue
            point = (xpos(i), ypos(value))
            runs[-1].append(point)
            last = point
        for run in runs:
            if len(run) > 1:
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                parts.append(
                    f'<polyline class="line" points="{pts}" fill="none" stroke="{colour}" '
                    f'stroke-width="2"' + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                )
        for i, value in enumerate(row):
            if isinstance(value, int | float):
                tip = f"{escape(name)}, {escape(x_labels[i])}: {_number(value)}"
                parts.append(_marker(shape, xpos(i), ypos(value), colour, tip))
        if last is not None:
            ends.append((last[1], s))
    placed = _spread([(y + 4, s) for y, s in ends], 13, top_pad + 4, base)
    for s, (name, row) in enumerate(series):
        if s not in placed:
            continue
        shown = [v for v in row if isinstance(v, int | float)]
        colour, dash = PALETTE[s % len(PALETTE)], DASHES[s % len(DASHES)]
        ly = placed[s] - 4
        parts.append(
            f'<line x1="{right + 4}" y1="{ly:.1f}" x2="{right + 30}" y2="{ly:.1f}" '
            f'stroke="{colour}" stroke-width="2"'
            + (f' stroke-dasharray="{dash}"' if dash else "")
            + "/>"
            + _marker(MARKERS[s % len(MARKERS)], right + 17, ly, colour, "")
            + f'<text class="label" x="{right + 36}" y="{placed[s]:.1f}" font-size="11">'
            f"{escape(name)} ({_number(shown[-1])})</text>"
        )
    parts.append(_marks_line(marks, min_cell, 4, height - 6))
    parts.append("</svg>")
    return "".join(parts)
