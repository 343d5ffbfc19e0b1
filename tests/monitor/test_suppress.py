"""Small-cell suppression: the rule on its own (properties) and a planted tiny wijk."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.generate import generate_households
from gezinsplan.monitor import render_report, run_monitor
from gezinsplan.monitor.aggregate import CLASSES, TOTAAL
from gezinsplan.monitor.suppress import complement_columns, complement_rows, primary

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
    numbers = [c for c in r.columns if c not in ("level", "gemeente", "wijk", "kern", "suppressed")]
    assert all(pd.isna(row[c]) for c in numbers), row
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
