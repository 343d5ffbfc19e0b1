"""The shared report pieces: Dutch numbers, suppressed cells, charts."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.report import bar_chart, cell, column_chart, dutch_number, page, table


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
    assert 'class="n suppressed"' in cell(None, min_cell=10)
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
    assert svg.count("&lt; 10") == 1
    assert 'role="img"' in svg
    cols = column_chart("Kolommen", [("jan", 5), ("feb", None), ("mrt", 0)])
    assert cols.count('<rect class="bar"') == 2
    assert bar_chart("Titel", [], ["x"]) == bar_chart("Titel", [], ["x"])  # deterministic
