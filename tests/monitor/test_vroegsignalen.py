"""The monitor's vroegsignalen table against a caseload counted by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from gezinsplan.io import parse_household
from gezinsplan.model.household import Household
from gezinsplan.monitor import run_monitor

P = date(2026, 11, 23)


def _h(hid: str, wijk: str, arrears: list[tuple[str, bool]], questions: int = 0) -> Household:
    data: dict[str, Any] = {
        "id": hid,
        "gemeente": "Aadorp",
        "wijk": wijk,
        "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
        "questions": [
            {"id": f"q{i}", "members": ["m1"], "leefgebied": "financien"} for i in range(questions)
        ],
        "finances": {
            "arrears": [
                {
                    "id": f"a{i}",
                    "kind": kind,
                    "amount_cents": 10000,
                    "signalled_on": "2026-11-01",
                    "contact_made": reached,
                }
                for i, (kind, reached) in enumerate(arrears)
            ]
        },
    }
    return parse_household(data)


def _caseload() -> list[Household]:
    later = _h("n5", "Noord", [])
    data = later.model_dump(mode="json", exclude_none=True)
    data["finances"]["arrears"] = [
        {"id": "a0", "kind": "huur", "signalled_on": "2026-12-01"}  # after the peildatum
    ]
    return [
        _h("n1", "Noord", [("huur", False), ("energie", True)], questions=1),
        _h("n2", "Noord", [("water", False)], questions=2),
        _h("n3", "Noord", []),
        _h("z1", "Zuid", [("zorgverzekering", True)]),
        _h("z2", "Zuid", [], questions=1),
        parse_household(data),
    ]


def _row(frame: pd.DataFrame, level: str, wijk: str | None = None) -> pd.Series:
    rows = frame[frame["level"] == level]
    if wijk is not None:
        rows = rows[rows["wijk"] == wijk]
    assert len(rows) == 1
    return rows.iloc[0]


def test_signals_reached_households_and_questions_per_region() -> None:
    m = run_monitor(_caseload(), P, min_cell=1, workers=1)
    vs = m.tables["vroegsignalen"]
    total = _row(vs, "totaal")
    assert (total.households, total.signals, total.reached, total.with_questions) == (3, 4, 2, 2)
    assert total.share_reached == 66.7
    noord = _row(vs, "wijk", "Noord")
    assert (noord.households, noord.signals, noord.reached, noord.with_questions) == (2, 3, 1, 2)
    zuid = _row(vs, "wijk", "Zuid")
    assert (zuid.households, zuid.signals, zuid.reached, zuid.with_questions) == (1, 1, 1, 0)


def test_small_counts_are_suppressed_like_the_other_tables() -> None:
    m = run_monitor(_caseload(), P, min_cell=3, workers=1)
    vs = m.tables["vroegsignalen"]
    total = _row(vs, "totaal")
    assert total.households == 3
    assert total.signals == 4
    assert pd.isna(total.reached)
    assert total.reached_suppression == "primair"
    assert pd.isna(total.share_reached)
    assert total.share_reached_suppression == "primair"
    for wijk in ("Noord", "Zuid"):
        row = _row(vs, "wijk", wijk)
        assert pd.isna(row.households)
        assert row.households_suppression == "primair"
        assert pd.isna(row.signals)
