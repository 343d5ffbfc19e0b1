"""The shared report pieces: Dutch numbers, suppressed cells, charts."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.report import (
    Hidden,
    bar_chart,
    cell,
    column_chart,
    dutch_number,
    line_chart,
    page,
    table,
)
from gezinsplan.report.svg import DASHES, MARKERS


@given(st.integers(min_value=0, max_value=10**12))
def test_whole_numbers_group_thousands_with_dots(n: int) -> None:
    text = dutch_number(n)
    assert text.replace(".", "") == str(n)
    assert all(len(part) == 3 for part in text.split(".")[1:])


def test_decimals_use_a_comma() -> None:
    assert dutch_number(2.5) == "2,5"
    assert dutch_number(1234.56) == "1.234,6"
    assert dutch_number(7.0) == "7"
    assert cell(1.0) == '<td class="n">1,0</td>'


def test_a_suppressed_cell_reads_below_the_threshold() -> None:
    assert "&lt; 10" in cell(None, min_cell=10)
    assert 'class="n suppressed primair"' in cell(None, min_cell=10)
    assert cell("<b>") == "<td>&lt;b&gt;</td>"


def test_table_and_page() -> None:
    html = page("T & t", table("Cap", ["a", "b"], [["x", 3], ["y", None]], min_cell=5))
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in html
    assert "<title>T &amp; t</title>" in html
    assert "<caption>Cap</caption>" in html
    assert html.count("<tr>") == 3
    assert "&lt; 5" in html


def test_charts_draw_a_bar_per_shown_value() -> None:
    svg = bar_chart("Titel", [("a", [1.0, None]), ("b", [4.0, 2.0])], ["x", "y"], min_cell=10)
    assert svg.count('<rect class="bar"') == 3
    assert re.findall(r'<text class="suppressed"[^>]*>(.*?)</text>', svg) == ["&lt; 10"]
    assert svg.count('<text class="legenda"') == 1  # the mark is explained under the chart
    assert 'role="img"' in svg
    cols = column_chart("Kolommen", [("jan", 5), ("feb", None), ("mrt", 0)])
    assert cols.count('<rect class="bar"') == 2
    assert bar_chart("Titel", [], ["x"]) == bar_chart("Titel", [], ["x"])  # deterministic


def test_complementary_and_figure_marks_never_read_below_the_threshold() -> None:
    """A value hidden by complementary suppression may be large: it reads "×" with the
    legend "afgeschermd", a figure of a small count "–"; only a small count reads "< 10"."""
    extra = cell(Hidden("aanvullend"), min_cell=10)
    assert "&times;" in extra
    assert "&lt;" not in extra
    assert 'class="n suppressed aanvullend"' in extra
    assert "afgeschermd" in extra
    share = cell(Hidden("primair", figure=True), min_cell=10)
    assert "&ndash;" in share
    assert "&lt;" not in share
    assert "&lt; 10" in cell(Hidden("primair"), min_cell=10)
    html = table(
        "T", ["a", "b", "c"], [["x", Hidden("aanvullend"), Hidden("primair")]], min_cell=10
    )
    assert "afgeschermd: verborgen zodat een klein aantal niet terug te rekenen is" in html
    assert html.count("&lt; 10") == 2  # the cell and its legend
    plain = table("T", ["a"], [["x"]], min_cell=10)
    assert "legenda" not in plain  # no marks, no legend
    svg = column_chart("K", [("6-7", Hidden("aanvullend")), ("8-9", Hidden("primair"))])
    assert re.findall(r'<text class="suppressed"[^>]*>(.*?)</text>', svg) == ["&times;", "&lt; 10"]
    assert "afgeschermd" in svg
    bars = bar_chart("B", [("a", [Hidden("primair", figure=True)])], ["x"])
    assert re.findall(r'<text class="suppressed"[^>]*>(.*?)</text>', bars) == ["&ndash;"]


def test_a_line_chart_tells_its_lines_apart_without_colour() -> None:
    """Each line: its own dash pattern and marker shape, its name at its end; a hidden
    point breaks the line and shows its mark; a title and a description for screen
    readers; Dutch numbers."""
    svg = line_chart(
        "Per 1.000 inwoners",
        ["23-11-2026", "23-02-2027", "23-05-2027"],
        [
            ("Maastricht", [3.5, 3.2, 3.3]),
            ("Vaals", [1.9, Hidden("primair", figure=True), 2.0]),
            ("Utrecht", [1.2, 1.2, 1.1]),
        ],
        description="Drie gemeenten op drie peildata.",
        y_label="per 1.000 inwoners",
    )
    assert 'role="img"' in svg
    assert re.search(r'aria-labelledby="(chart-\w+)" aria-describedby="\1-d"', svg)
    assert "<desc" in svg
    assert "Drie gemeenten op drie peildata." in svg
    lines = re.findall(r'<polyline class="line"[^>]*>', svg)
    assert len(lines) == 2  # Vaals is broken into two single points: no line there
    dashes = [re.search(r'stroke-dasharray="([^"]*)"', line) for line in lines]
    assert len({d.group(1) if d else "" for d in dashes}) == len(lines)
    assert svg.count('class="point"') == 3 * 3 - 1 + 3  # the points, and one per label
    assert re.findall(r'<text class="suppressed"[^>]*>(.*?)<title>', svg) == ["&ndash;"]
    assert re.findall(r'<text class="label"[^>]*>(.*?)</text>', svg) == [
        "Maastricht (3,3)",
        "Vaals (2)",
        "Utrecht (1,1)",
    ]
    assert "berekend uit minder dan 10" in svg  # the mark is explained
    assert len(set(MARKERS)) == len(MARKERS) == len(DASHES) == len(set(DASHES))


def test_bars_with_an_average_and_a_mark_per_row() -> None:
    svg = bar_chart(
        "Per wijk",
        [("Noord (Stad)", [12.0]), ("Zuid (Stad)", [4.0])],
        ["per 1.000 inwoners"],
        reference=("alle gemeenten samen", 6.5),
        row_marks=[8.0, 8.0],
        row_mark_label="de hele gemeente",
    )
    assert svg.count('class="reference"') == 1
    assert "alle gemeenten samen: 6,5" in svg
    assert svg.count('class="rowmark"') == 2
    assert "de hele gemeente: 8" in svg
