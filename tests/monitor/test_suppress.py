"""Small-cell suppression: the rule on its own (properties) and a planted tiny wijk."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.generate import generate_households
from gezinsplan.monitor import render_report, run_monitor
from gezinsplan.monitor.aggregate import BUCKETS, CLASSES, TOTAAL
from gezinsplan.monitor.result import Monitor
from gezinsplan.monitor.suppress import (
    COMPLEMENTARY,
    PRIMARY,
    complement_columns,
    complement_rows,
    mark,
    primary,
)

P = date(2026, 11, 23)


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8), st.integers(2, 12))
def test_no_small_count_survives_and_none_can_be_computed_back(parts: list[int], k: int) -> None:
    frame = pd.DataFrame(
        {
            "g": ["x"] * (len(parts) + 1),
            "cat": [*map(str, range(len(parts))), TOTAAL],
            "households": [*parts, sum(parts)],
        }
    )
    out = primary(frame, "households", [], [], k)
    out = complement_rows(out, ["g"], "households", out["cat"] != TOTAAL, k)
    shown = out["households"].dropna()
    assert not ((shown > 0) & (shown < k)).any()
    hidden = out[out["cat"] != TOTAAL]["households"].isna()
    # one hidden part next to a shown total could be computed back; never leave one alone
    # (a hidden zero-free total hides its parts anyway)
    if pd.notna(out[out["cat"] == TOTAAL]["households"].iloc[0]):
        assert int(hidden.sum()) != 1 or all(
            p == 0 for p, h in zip(parts, hidden, strict=True) if not h
        )
    # what is shown is the truth
    for value, original in zip(out["households"], [*parts, sum(parts)], strict=True):
        assert pd.isna(value) or value == original
    assert out["suppressed"].tolist() == out["households"].isna().tolist()


def test_a_removed_row_takes_its_figures_along() -> None:
    frame = pd.DataFrame({"households": [3, 30], "members": [7, 70], "mean": [1.5, 2.0]})
    out = primary(frame, "households", ["members"], ["mean"], 10)
    assert out["households"].isna().tolist() == [True, False]
    assert out["members"].isna().tolist() == [True, False]
    assert out["mean"].isna().tolist() == [True, False]
    assert out["suppressed"].tolist() == [True, False]


def test_the_least_telling_class_goes_first() -> None:
    frame = pd.DataFrame(
        {
            "households": [200],
            "geen_vraag": [0],
            "enkelvoudig": [120],
            "meervoudig": [40],
            "complex": [4],
            "overig": [36],
        }
    )
    out = primary(frame, "households", list(CLASSES), [], 10)
    out["share"] = 1.0
    out = complement_columns(out, CLASSES, {"share": "complex"}, prefer=("overig",))
    row = out.iloc[0]
    assert pd.isna(row["complex"])
    assert pd.isna(row["overig"])
    assert pd.isna(row["share"])
    assert row["meervoudig"] == 40
    assert row["enkelvoudig"] == 120
    assert row["geen_vraag"] == 0


def test_a_planted_tiny_wijk_is_suppressed_everywhere_and_not_computable() -> None:
    hs = list(generate_households(900, seed=23, peildatum=P))
    tiny = [h.model_copy(update={"gemeente": "Maastricht", "wijk": "Klein Wijkje"}) for h in hs[:4]]
    rest = list(hs[4:])
    m = run_monitor([*tiny, *rest], P, workers=1)
    r = m.tables["regions"]
    row = r[(r["level"] == "wijk") & (r["wijk"] == "Klein Wijkje")].iloc[0]
    numbers = [
        c
        for c in r.columns
        if c not in ("peildatum", "level", "gemeente", "wijk", "kern", "suppressed")
        and not c.endswith("_suppression")
    ]
    assert all(pd.isna(row[c]) for c in numbers), row
    assert all(row[mark(c)] == PRIMARY for c in numbers), row
    assert row["suppressed"]
    # complementary: another wijk of Maastricht is hidden too, the gemeente total stays
    wijken = r[(r["level"] == "wijk") & (r["gemeente"] == "Maastricht")]
    assert int(wijken["households"].isna().sum()) >= 2
    gemeente = r[(r["level"] == "gemeente") & (r["gemeente"] == "Maastricht")].iloc[0]
    assert pd.notna(gemeente["households"])
    # in no table does a count between 1 and 9 appear for that wijk
    for name, frame in m.tables.items():
        part = frame[(frame["level"] == "wijk") & (frame["wijk"] == "Klein Wijkje")]
        for col in part.select_dtypes("number").columns:
            values = part[col].dropna()
            assert not ((values > 0) & (values < 10)).any(), (name, col)
    # and in the report it reads "< 10"
    html = render_report(m)
    at = html.index("Klein Wijkje")
    assert "&lt; 10" in html[at : at + 400]
    assert ">4<" not in html[at : at + 400]


def test_the_threshold_is_configurable() -> None:
    hs = list(generate_households(300, seed=3, peildatum=P))
    strict = run_monitor(hs, P, workers=1, min_cell=50)
    loose = run_monitor(hs, P, workers=1, min_cell=1)
    assert (
        strict.tables["regions"]["suppressed"].sum() > loose.tables["regions"]["suppressed"].sum()
    )
    assert not loose.tables["regions"]["suppressed"].any()
    assert strict.summary["min_cell"] == 50


def _marks_agree(out: pd.DataFrame, columns: list[str]) -> None:
    """Every hidden value has a mark, every shown value none."""
    for col in columns:
        hidden = out[col].isna().tolist()
        marked = (out[mark(col)] != "").tolist()
        assert hidden == marked, col


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8),
    st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=8),
    st.integers(2, 12),
)
def test_primary_marks_only_small_counts_and_complementary_the_rest(
    parts: list[int], others: list[int], k: int
) -> None:
    """A value marked ``primair`` had 0 < value < k (or its row's unit had: the figures of
    a row of fewer than k households); one marked ``aanvullend`` did not need hiding on its
    own: it is not small, or its row is not."""
    n = len(parts)
    units = [*parts, sum(parts)]
    members = [2 * p + o for p, o in zip(parts, (others * n)[:n], strict=True)]
    frame = pd.DataFrame(
        {
            "g": ["x"] * (n + 1),
            "cat": [*map(str, range(n)), TOTAAL],
            "households": units,
            "members": [*members, sum(members)],
            "mean": [1.5] * (n + 1),
        }
    )
    out = primary(frame, "households", ["members"], ["mean"], k)
    out = complement_rows(out, ["g"], "households", out["cat"] != TOTAAL, k)
    _marks_agree(out, ["households", "members", "mean"])
    for i in out.index:
        unit_small = 0 < frame.loc[i, "households"] < k
        for col in ("households", "members", "mean"):
            kind = out.loc[i, mark(col)]
            if kind == PRIMARY:
                own_small = col != "mean" and 0 < frame.loc[i, col] < k
                assert own_small or unit_small, (i, col)
                if col == "households":
                    assert 0 < frame.loc[i, col] < k
            elif kind == COMPLEMENTARY:
                assert not unit_small, (i, col)
                assert col == "mean" or not (0 < frame.loc[i, col] < k), (i, col)


@given(
    st.lists(st.integers(min_value=0, max_value=60), min_size=5, max_size=5),
    st.integers(2, 12),
)
def test_class_marks_follow_the_counts_and_shares_follow_their_class(
    classes: list[int], k: int
) -> None:
    frame = pd.DataFrame(
        {"households": [sum(classes)], **{c: [v] for c, v in zip(CLASSES, classes, strict=True)}}
    )
    out = primary(frame, "households", list(CLASSES), [], k)
    for c in CLASSES:
        out[f"share_{c}"] = 100 * out[c].astype("Float64") / out["households"].astype("Float64")
    out = complement_columns(
        out, CLASSES, {f"share_{c}": c for c in CLASSES}, prefer=("overig", "geen_vraag")
    )
    _marks_agree(out, ["households", *CLASSES, *(f"share_{c}" for c in CLASSES)])
    for c, v in zip(CLASSES, classes, strict=True):
        kind = out.loc[0, mark(c)]
        row_small = 0 < sum(classes) < k
        if kind == PRIMARY:
            assert 0 < v < k or row_small
        elif kind == COMPLEMENTARY:
            assert not 0 < v < k
        assert out.loc[0, mark(f"share_{c}")] == kind


def _table_rows(html: str, css_class: str) -> list[list[str]]:
    body = re.search(f'<table class="{css_class}">(.*?)</table>', html, re.S)
    assert body, css_class
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    return [c for c in cells if c]  # the header row has no td


AFGESCHERMD = "afgeschermd: verborgen zodat een klein aantal niet terug te rekenen is"


def test_a_complementary_cell_of_ten_or_more_never_reads_below_ten() -> None:
    """A gemeente's share overig, hidden only so that its small complex count cannot be
    computed back, is at least 10 households: the report writes the neutral mark and the
    legend, never "< 10"."""
    hs = list(generate_households(900, seed=23, peildatum=P))
    m = run_monitor(hs, P, workers=1)
    truth = run_monitor(hs, P, workers=1, min_cell=1).tables  # the same rows, nothing hidden
    r = m.tables["regions"]
    assert r["level"].tolist() == truth["regions"]["level"].tolist()
    planted = (
        (r["level"] == "gemeente")
        & (r[mark("overig")] == COMPLEMENTARY)
        & (truth["regions"]["overig"] >= 10)
    )
    assert planted.any()
    html = render_report(m)
    rows = {cells[0]: cells for cells in _table_rows(html, "gemeenten")}
    for gemeente in r[planted]["gemeente"]:
        overig = rows[gemeente][5]  # Gemeente, Huishoudens, % enkelvoudig … % overig
        assert overig == "&times;", (gemeente, rows[gemeente])
        assert "&lt;" not in overig
    assert AFGESCHERMD in html
    gemeenten = html[html.index('<table class="gemeenten">') :]
    assert AFGESCHERMD in gemeenten[: gemeenten.index("</table>") + 600]


def test_every_hidden_value_in_the_tables_is_marked_truthfully() -> None:
    """Against the same run without suppression: ``primair`` only where the count (or
    its row's unit) is 1 to 9, ``aanvullend`` never for a value that is small itself."""
    hs = list(generate_households(1500, seed=31, peildatum=P))
    m = run_monitor(hs, P, workers=1, population="synthetic")
    truth = run_monitor(hs, P, workers=1, min_cell=1, population="synthetic").tables
    units = {"transitions": "youths", "impact": "count"}
    keys = ["level", "gemeente", "wijk", "kern"]
    sizes = {tuple(r[keys].fillna("")): r["households"] for _, r in truth["regions"].iterrows()}
    seen = {PRIMARY: 0, COMPLEMENTARY: 0}
    for name, frame in m.tables.items():
        raw = truth[name]
        unit = units.get(name, "households")
        assert (raw[keys].fillna("") == frame[keys].fillna("")).all().all()
        for col in [c for c in frame.columns if mark(c) in frame.columns]:
            kinds = frame[mark(col)]
            # a rate is missing also where no population is known (then it says why)
            unknown: Any = False
            if col in ("per_1000", "cost_per_1000"):
                unknown = frame[f"{col}_missing"] != ""
            elif name == "costs" and col == "cost":  # no provision of known cost: no amount
                unknown = raw["provisions"] == raw["provisions_unknown"]
            assert (frame[col].isna() == ((kinds != "") | unknown)).all(), (name, col)
            for i in frame.index[kinds != ""]:
                value, own = raw.loc[i, col], raw.loc[i, unit]
                if name == "impact":  # a count of the impact table: its region's households
                    own = sizes[tuple(raw.loc[i, keys].fillna(""))]
                small = lambda v: 0 < v < 10  # noqa: E731
                is_count = pd.api.types.is_integer_dtype(raw[col])
                seen[kinds[i]] += 1
                # a share goes with its class count; persons are their own unit
                base = col[6:] if col.startswith("share_") else unit
                base = col if col == "persons" else base
                if kinds[i] == PRIMARY:
                    assert (is_count and small(value)) or small(raw.loc[i, base]) or small(own), (
                        name,
                        col,
                        i,
                    )
                else:
                    assert not small(value if is_count else raw.loc[i, base]), (name, col, i)
                    assert col == "persons" or not small(own), (name, col, i)
    assert seen[PRIMARY] > 0
    assert seen[COMPLEMENTARY] > 0


def test_a_histogram_bar_hidden_beside_a_small_one_reads_as_afgeschermd() -> None:
    """The user's case: 6-7 and 8-9 professionals both read "< 10" yet added up to 61. A
    planted distribution: 8-9 has 6 households (primary), 6-7 has 55 (hidden beside it)."""
    counts = dict(zip(BUCKETS, [0, 500, 300, 100, 80, 70, 55, 6, 0], strict=True))
    frame = pd.DataFrame(
        {
            "level": "totaal",
            "gemeente": None,
            "wijk": None,
            "kern": None,
            "measure": "professionals",
            "bucket": list(counts),
            "households": list(counts.values()),
        }
    )
    region = ["level", "gemeente", "wijk", "kern"]
    out = primary(frame, "households", [], [], 10)
    out = complement_rows(out, [*region, "measure"], "households", out["bucket"].notna(), 10)
    kinds = dict(zip(out["bucket"], out[mark("households")], strict=True))
    assert kinds["8-9"] == PRIMARY
    assert kinds["6-7"] == COMPLEMENTARY
    hs = list(generate_households(200, seed=4, peildatum=P))
    m = run_monitor(hs, P, workers=1)
    html = render_report(Monitor(tables={**m.tables, "professionals": out}, summary=m.summary))
    chart = re.search(r'<svg class="chart professionals".*?</svg>', html, re.S)
    assert chart
    texts = re.findall(r'<text class="suppressed"[^>]*>(.*?)</text>', chart.group(0))
    assert texts == ["&times;", "&lt; 10"]  # 6-7 afgeschermd, 8-9 below 10
    assert "afgeschermd" in chart.group(0)


def test_complementary_suppression_does_not_depend_on_row_order() -> None:
    """A database returns groups in any order; among equal candidates the choice must be
    the same every time (same caseload, same output)."""
    from gezinsplan.monitor.suppress import complement_rows, primary

    frame = pd.DataFrame(
        {
            "level": ["wijk"] * 4,
            "gemeente": ["G"] * 4,
            "wijk": ["A", "B", "C", "D"],
            "households": [3, 40, 40, 55],
        }
    )
    chosen = set()
    for seed in range(8):
        shuffled = frame.sample(frac=1, random_state=seed).reset_index(drop=True)
        t = primary(shuffled, "households", [], [], 10)
        t = complement_rows(t, ["level", "gemeente"], "households", t["level"] == "wijk", 10)
        hidden = tuple(sorted(t.loc[t["households"].isna(), "wijk"]))
        chosen.add(hidden)
    assert chosen == {("A", "B")}
