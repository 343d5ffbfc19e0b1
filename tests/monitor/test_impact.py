"""The table impact: counts and figures per 1,000 inhabitants (or minors), checked
against a hand computation on a planted caseload and population; a missing population
gives a missing rate with its reason (never 0); suppression goes with the rate; several
peildata give a trend."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.generate import generate_households
from gezinsplan.io import write_caseload
from gezinsplan.model.dates import eighteenth_birthday
from gezinsplan.model.household import Household
from gezinsplan.monitor import run_monitor
from gezinsplan.monitor.chunks import transition_months
from gezinsplan.monitor.impact import MEASURES
from gezinsplan.monitor.suppress import COMPLEMENTARY, PRIMARY

P = date(2026, 11, 23)

POPULATION = """# planted: two gemeenten, three wijken
regiocode,regionaam,soort,inwoners,inwoners_0_15,inwoners_15_25,inwoners_25_45,inwoners_45_65,inwoners_65_plus
GM0001,Stad,Gemeente,10000,1500,1000,3000,2500,2000
WK000101,Wijk 01 Noord,Wijk,4000,600,400,1200,1000,800
WK000102,Wijk 02 Zuid,Wijk,2000,.,.,.,.,.
WK000103,Wijk 03 Klein,Wijk,500,50,50,150,150,100
GM0002,Dorp,Gemeente,3000,450,300,900,750,600
"""


def _planted() -> list[Household]:
    """Stad: Noord 40, Zuid 25, Klein 3, Nergens 12 (no population row), 10 without a
    wijk; Dorp: 20 households in wijk Dorp (no population row for the wijk)."""
    hs = list(generate_households(110, seed=41, peildatum=P))
    places = (
        [("Stad", "Noord")] * 40
        + [("Stad", "Zuid")] * 25
        + [("Stad", "Klein")] * 3
        + [("Stad", "Nergens")] * 12
        + [("Stad", None)] * 10
        + [("Dorp", "Dorp")] * 20
    )
    return [
        h.model_copy(update={"gemeente": g, "wijk": w})
        for h, (g, w) in zip(hs, places, strict=True)
    ]


def _hand(hs: list[Household]) -> dict[str, int]:
    """The counts of the impact table, by hand from the households."""
    months = set(transition_months(P))
    jeugd = {
        (h.id, p.member) for h in hs for p in h.active_provisions(P) if p.wet.value == "jeugdwet"
    }
    wmo = {(h.id, p.member) for h in hs for p in h.active_provisions(P) if p.wet.value == "wmo"}
    turning = [
        m
        for h in hs
        for m in h.members
        if eighteenth_birthday(m.birth_date).isoformat()[:7] in months
    ]
    return {
        "huishoudens": len(hs),
        "jeugdwet": len(jeugd),
        "wmo": len(wmo),
        "overgang_18": len(turning),
    }


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Household], pd.DataFrame]:
    path = tmp_path_factory.mktemp("pop") / "bevolking.csv"
    path.write_text(POPULATION, encoding="utf-8")
    hs = _planted()
    m = run_monitor(hs, P, workers=1, population=path)
    return hs, m.tables["impact"]


def _row(impact: pd.DataFrame, measure: str, level: str, gemeente: str | None, wijk: str | None):  # type: ignore[no-untyped-def]
    part = impact[(impact["measure"] == measure) & (impact["level"] == level)]
    if gemeente is not None:
        part = part[part["gemeente"] == gemeente]
    if level == "wijk":
        part = part[part["wijk"] == wijk]
    assert len(part) == 1, (measure, level, gemeente, wijk)
    return part.iloc[0]


def test_figures_per_1000_are_the_hand_computation(tmp_path: Path) -> None:
    """Without suppression (``min_cell=1``), so that every count can be checked."""
    path = tmp_path / "bevolking.csv"
    path.write_text(POPULATION, encoding="utf-8")
    hs = _planted()
    impact = run_monitor(hs, P, workers=1, population=path, min_cell=1).tables["impact"]
    noord = [h for h in hs if h.wijk == "Noord"]
    stad = [h for h in hs if h.gemeente == "Stad"]
    hand_noord, hand_stad, hand_all = _hand(noord), _hand(stad), _hand(hs)
    assert set(impact["measure"]) == set(MEASURES)

    r = _row(impact, "huishoudens", "wijk", "Stad", "Noord")
    assert r["count"] == 40
    assert r["population"] == 4000
    assert r["per_1000"] == 10.0  # 1000 × 40 / 4000
    assert r["regiocode"] == "WK000101"
    assert r["denominator"] == "inwoners"

    r = _row(impact, "wmo", "gemeente", "Stad", None)
    assert r["count"] == hand_stad["wmo"]
    assert r["per_1000"] == pytest.approx(round(1000 * hand_stad["wmo"] / 10000, 1))

    # Jeugdwet per 1,000 minors: 0-15 plus 3/10 of 15-25 = 1500 + 300 = 1800 in Stad
    r = _row(impact, "jeugdwet", "gemeente", "Stad", None)
    assert r["denominator"] == "minderjarigen"
    assert r["population"] == 1800
    assert r["count"] == hand_stad["jeugdwet"]
    assert r["per_1000"] == pytest.approx(round(1000 * hand_stad["jeugdwet"] / 1800, 1))
    r = _row(impact, "jeugdwet", "wijk", "Stad", "Noord")
    assert r["count"] == hand_noord["jeugdwet"] > 0
    assert r["population"] == 720  # 600 + 0.3 × 400
    assert r["per_1000"] == pytest.approx(round(1000 * hand_noord["jeugdwet"] / 720, 1))

    r = _row(impact, "overgang_18", "totaal", None, None)
    assert r["count"] == hand_all["overgang_18"] > 0
    # all gemeenten together: 1800 + 450 + 90 minors
    assert r["population"] == 1800 + 450 + 90
    r = _row(impact, "huishoudens", "totaal", None, None)
    assert r["per_1000"] == pytest.approx(round(1000 * 110 / 13000, 1))


def test_no_population_means_a_missing_rate_with_its_reason(
    planted: tuple[list[Household], pd.DataFrame],
) -> None:
    _, impact = planted
    cases = {
        ("huishoudens", "Nergens"): "niet_in_bevolkingstabel",
        ("huishoudens", "onbekend"): "gebied_onbekend",
        ("jeugdwet", "Zuid"): "bevolking_onbekend",  # CBS "." in the age bands
    }
    for (measure, wijk), reason in cases.items():
        r = _row(impact, measure, "wijk", "Stad", wijk)
        assert pd.isna(r["per_1000"]), (measure, wijk)
        assert r["per_1000_missing"] == reason
    # the inhabitants of Zuid are known, so its rate per 1,000 inhabitants is there
    assert pd.notna(_row(impact, "huishoudens", "wijk", "Stad", "Zuid")["per_1000"])
    # never 0 for a missing population
    unknown = impact[impact["per_1000_missing"] != ""]
    assert unknown["per_1000"].isna().all()
    zero = impact[(impact["per_1000"] == 0).fillna(False)]
    assert (zero["count"] == 0).all()  # 0 only for a count of 0 in a known population

    hs = _planted()
    bare = run_monitor(hs, P, workers=1).tables["impact"]
    assert bare["per_1000"].isna().all()
    assert (bare["per_1000_missing"] == "geen_bevolkingstabel").all()


def test_the_total_needs_every_gemeente(tmp_path: Path) -> None:
    path = tmp_path / "bevolking.csv"
    path.write_text(POPULATION, encoding="utf-8")
    hs = _planted()
    moved = [h.model_copy(update={"gemeente": "Elders"}) for h in hs[:12]] + hs[12:]
    impact = run_monitor(moved, P, workers=1, population=path).tables["impact"]
    r = _row(impact, "huishoudens", "totaal", None, None)
    assert pd.isna(r["per_1000"])
    assert r["per_1000_missing"] == "niet_alle_gemeenten"
    r = _row(impact, "huishoudens", "gemeente", "Elders", None)
    assert r["per_1000_missing"] == "niet_in_bevolkingstabel"


def test_a_rate_of_a_suppressed_count_is_suppressed_with_the_same_mark(
    planted: tuple[list[Household], pd.DataFrame],
) -> None:
    _, impact = planted
    klein = _row(impact, "huishoudens", "wijk", "Stad", "Klein")  # 3 households
    assert pd.isna(klein["count"])
    assert klein["count_suppression"] == PRIMARY
    assert pd.isna(klein["per_1000"])
    assert klein["per_1000_suppression"] == PRIMARY
    # another wijk of Stad is hidden beside it, complementary, with its rate
    wijken = impact[
        (impact["measure"] == "huishoudens")
        & (impact["level"] == "wijk")
        & (impact["gemeente"] == "Stad")
    ]
    extra = wijken[wijken["count_suppression"] == COMPLEMENTARY]
    assert len(extra) >= 1
    assert (extra["per_1000_suppression"] == COMPLEMENTARY).all()
    # everywhere: a hidden count hides its rate, with the count's mark
    hidden = impact[impact["count"].isna()]
    assert len(hidden) > 0
    assert hidden["per_1000"].isna().all()
    assert (hidden["per_1000_suppression"] == hidden["count_suppression"]).all()
    shown = impact[impact["count"].notna()]
    assert (shown["per_1000_suppression"] == "").all()


def test_three_peildata_give_three_points_per_area(tmp_path: Path) -> None:
    path = tmp_path / "bevolking.csv"
    path.write_text(POPULATION, encoding="utf-8")
    hs = _planted()
    dates = [date(2027, 5, 23), P, date(2027, 2, 23)]
    m = run_monitor(hs, dates, workers=1, population=path, out=tmp_path / "out")
    assert m.summary["peildata"] == ["2026-11-23", "2027-02-23", "2027-05-23"]
    assert [s.summary["peildatum"] for s in m.series] == m.summary["peildata"]
    assert m.latest is m.series[-1]
    impact = m.tables["impact"]
    per_area = impact.groupby(["measure", "level", "gemeente", "wijk", "kern"], dropna=False)[
        "peildatum"
    ].agg(["count", "nunique"])
    assert (per_area["count"] == 3).all()
    assert (per_area["nunique"] == 3).all()
    for name, frame in m.tables.items():
        assert frame.columns[0] == "peildatum", name
        assert sorted({str(d) for d in frame["peildatum"]}) == m.summary["peildata"], name
    # every peildatum's own tables, and all of them together
    assert (tmp_path / "out" / "peildatum=2027-02-23" / "impact.parquet").is_file()
    back = pd.read_parquet(tmp_path / "out" / "impact.parquet")
    assert len(back) == len(impact)
    # a household count stays (the same caseload); the youths turning 18 move on
    r = impact[(impact["measure"] == "huishoudens") & (impact["level"] == "totaal")]
    assert list(r["count"]) == [110, 110, 110]


def test_the_command_line_takes_a_series_and_a_population(tmp_path: Path) -> None:
    caseload = tmp_path / "caseload.jsonl"
    write_caseload(_planted(), caseload)
    population = tmp_path / "bevolking.csv"
    population.write_text(POPULATION, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(
        main,
        [
            "monitor",
            str(caseload),
            "--from",
            "2026-11-23",
            "--to",
            "2027-05-23",
            "--step",
            "3",
            "--population",
            str(population),
            "--out",
            str(tmp_path / "out"),
            "--report",
            str(tmp_path / "m.html"),
            "--workers",
            "1",
        ],
    )
    assert done.exit_code == 0, done.output
    assert "peildata: 2026-11-23, 2027-02-23, 2027-05-23" in done.output
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "Per 1.000 inwoners" in html
    assert "Ontwikkeling over de peildata" in html

    bad = tmp_path / "slecht.csv"
    bad.write_text("regiocode,regionaam,inwoners\nGM0001,Stad,veel\n", encoding="utf-8")
    done = runner.invoke(
        main,
        [
            "monitor",
            str(caseload),
            "--peildatum",
            "2026-11-23",
            "--population",
            str(bad),
            "--out",
            str(tmp_path / "o2"),
            "--workers",
            "1",
        ],
    )
    assert done.exit_code != 0
    assert f"{bad}:2: inwoners: not a number" in done.output
    done = runner.invoke(
        main, ["monitor", str(caseload), "--from", "2026-11-23", "--out", str(tmp_path / "o3")]
    )
    assert done.exit_code != 0
    assert "--from and --to go together" in done.output
