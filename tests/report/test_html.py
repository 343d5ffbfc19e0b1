"""The shared report pieces: Dutch numbers, suppressed cells, charts."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.report import Hidden, bar_chart, cell, column_chart, dutch_number, page, table


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
