"""The diff in people's terms: deadlines and messages, actions, desks, days, areas, stories."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa

from gezinsplan.assessor import Assessor
from gezinsplan.generate import generate_households
from gezinsplan.io import parse_household
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.variant import diff, load_variant
from gezinsplan.variant.areas import area_table, story, story_table
from gezinsplan.variant.compare import _FIGURES_SCHEMA
from gezinsplan.variant.people import desks, first_due_days, plan_figures, professionals

EXAMPLES = Path(__file__).parents[2] / "examples" / "variants"
KEY = b"0123456789abcdef-test-key"
PEIL = date(2026, 11, 23)


def _household(**extra: object) -> object:
    data = {
        "id": "h1",
        "gemeente": "Teststad",
        "members": [
            {"id": "m1", "role": "ouder", "birth_date": "1975-01-01"},
            {"id": "m2", "role": "kind", "birth_date": "2009-09-18", "needs_representation": True},
        ],
        "questions": [
            {"id": "q1", "members": ["m1"], "leefgebied": "financien", "desk": "participatie"},
            {"id": "q2", "members": ["m1"], "leefgebied": "instrumentele_adl", "desk": "wmo"},
        ],
    }
    return parse_household({**data, **extra}, source="test")


def test_a_parameter_only_variant_moves_deadlines_and_changes_messages() -> None:
    variant, info = load_variant(EXAMPLES / "eerder_regelen")
    assert info.overridden
    assert not info.disabled
    assert not info.added
    h = _household()
    result = diff([h], variant, PEIL, key=KEY, min_cell=1)
    rows = result.households.to_pylist()
    assert [(r["rule_id"], r["change"]) for r in rows] == [
        ("transitie.vertegenwoordiging", "anders")
    ]
    assert rows[0]["what"] == "termijn eerder, bericht"
    rules = {r["rule_id"]: r for r in result.rules.to_pylist()}
    assert rules["transitie.vertegenwoordiging"]["households_otherwise"] == 1
    plans = result.plans.to_pylist()
    assert [(p["aspect"], p["variant"]) for p in plans] == [("termijn", "-90 dagen")]
    fig = result.gezinnen.to_pylist()[0]
    assert fig["termijn_eerder"] == 1
    assert fig["termijn_later"] == 0
    assert fig["dagen_variant"] - fig["dagen_basis"] == -90
    assert fig["acties_weg"] == fig["acties_nieuw"] == 0
    assert result.summary["households_date_earlier"] == 1


def test_desks_professionals_and_days_come_from_the_plan() -> None:
    h = _household(
        organisations=[{"id": "zorg-a", "name": "Zorg A", "wetten": ["wmo"]}],
        provisions=[
            {
                "id": "p1",
                "member": "m1",
                "wet": "wmo",
                "kind": "maatwerkvoorziening",
                "product": "huishoudelijke_hulp",
                "start": "2024-01-01",
                "provider": "zorg-a",
            },
        ],
    )
    plan = Assessor(default_rules(), engine="python").plan(h, PEIL)
    # two questions at participatie and wmo; the representation agreement is participatiewet
    assert desks(plan, h) == {"participatie", "wmo"}
    assert professionals(plan) >= {"zorg-a"}
    transition = min(a.deadline for a in plan.transitions if a.deadline)
    assert first_due_days(plan) == (transition - PEIL).days
    figures = plan_figures(h, plan, plan)
    assert figures["loketten_basis"] == figures["loketten_variant"] == 2
    assert figures["kinderen"] == "1"
    assert figures["jongste"] == "16-17"
    assert not figures["doelen_anders"]


def test_the_example_variants_change_actions_desks_or_days() -> None:
    hs = list(generate_households(600, seed=21, peildatum=PEIL))
    variant, _ = load_variant(EXAMPLES / "jongeren_zonder_zoektermijn")
    s = diff(hs, variant, PEIL, key=KEY).summary
    assert s["households_action_new"] > 0
    assert s["median_days_first_due_variant"] < s["median_days_first_due_baseline"]
    variant, _ = load_variant(EXAMPLES / "jongerenloket")
    s = diff(hs, variant, PEIL, key=KEY).summary
    assert s["desks_variant"] < s["desks_baseline"]
    assert s["households_action_gone"] == s["households_action_new"] > 0
    # the generator makes no household that needs representation: twelve by hand
    hs = [_household(id=f"h{i}") for i in range(12)]
    variant, _ = load_variant(EXAMPLES / "eerder_regelen")
    s = diff(hs, variant, PEIL, key=KEY).summary
    assert s["households_date_earlier"] == 12
    assert s["median_days_first_due_variant"] < s["median_days_first_due_baseline"]


def _figures(n: int, gemeente: str, wijk: str, **extra: object) -> list[dict[str, object]]:
    row = {
        "gemeente": gemeente,
        "wijk": wijk,
        "signalen_anders": True,
        "plan_anders": True,
        "loketten_basis": 4,
        "loketten_variant": 2,
        "professionals_basis": 3,
        "professionals_variant": 2,
        "dagen_basis": 30,
        "dagen_variant": 10,
        "acties_weg": 1,
        "acties_nieuw": 0,
        "termijn_eerder": 0,
        "termijn_later": 0,
        "doelen_anders": False,
        "kinderen": "3",
        "jongste": "16-17",
    }
    return [{**row, **extra, "household_key": f"k{gemeente}{wijk}{i}"} for i in range(n)]


def test_areas_suppress_small_counts_and_their_averages() -> None:
    rows = _figures(12, "A", "w1") + _figures(3, "A", "w2") + _figures(15, "A", "w3")
    table = pa.Table.from_pylist(rows, schema=_FIGURES_SCHEMA)
    units = {r["household_key"]: (r["gemeente"], r["wijk"], True) for r in rows}
    units |= {f"x{i}": ("A", "w2", False) for i in range(20)}  # w2 has 23 households
    out = {(r["level"], r["wijk"]): r for r in area_table(table, units).to_pylist()}
    assert out[("totaal", "")]["households_plan_changed"] == 30
    assert out[("totaal", "")]["desks_baseline"] == 4.0
    w2 = out[("wijk", "w2")]
    assert w2["households"] == 23
    assert w2["households_plan_changed"] is None
    assert w2["households_plan_changed_suppression"] == "primair"
    assert w2["desks_baseline"] is None
    assert w2["desks_variant_suppression"] == "primair"
    # w2's count could be computed back from A and the other wijken: the smallest other
    # wijk's count goes too, and its averages with it
    w1 = out[("wijk", "w1")]
    assert w1["households_plan_changed"] is None
    assert w1["households_plan_changed_suppression"] == "aanvullend"
    assert w1["desks_variant"] is None
    assert w1["desks_variant_suppression"] == "aanvullend"
    assert w1["households"] == 12
    w3 = out[("wijk", "w3")]
    assert w3["desks_variant"] == 2.0
    assert w3["days_first_due_variant"] == 10.0
    assert out[("gemeente", "")]["households_plan_changed"] == 30


def test_stories_come_from_bands_and_only_for_groups_of_min_cell() -> None:
    rows = _figures(10, "A", "") + _figures(9, "B", "", kinderen="1", jongste="0-3")
    table = pa.Table.from_pylist(rows, schema=_FIGURES_SCHEMA)
    out = story_table(table).to_pylist()
    assert len(out) == 1
    assert out[0]["households"] == 10
    assert out[0]["story"] == (
        "gezin met 3 kinderen, jongste 16-17 jaar: in de basis 4 loketten, in de variant 2; "
        "een actie vervalt"
    )
    assert "k" not in out[0]["story"].split()
    assert story("0", "geen", 1, 1, ()) == (
        "huishouden zonder kinderen: in de basis 1 loket, in de variant 1"
    )


def test_the_report_shows_areas_and_stories_without_ids() -> None:
    from gezinsplan.variant import render_report

    hs = [_household(id=f"huishouden-{i}") for i in range(12)]
    variant, _ = load_variant(EXAMPLES / "eerder_regelen")
    result = diff(hs, variant, PEIL, key=KEY)
    assert result.verhalen.num_rows == 1
    html = render_report(result)
    assert "Wat huishoudens merken" in html
    assert "gezin met 1 kind, jongste 16-17 jaar: in de basis 2 loketten, in de variant 2" in html
    assert "een termijn komt eerder" in html
    assert "huishouden-" not in html
    assert all(k not in html for k in result.gezinnen.column("household_key").to_pylist())
    # fewer than min_cell households: no story at all
    small = diff(hs[:9], variant, PEIL, key=KEY)
    assert small.verhalen.num_rows == 0
    assert "gezin met 1 kind" not in render_report(small)


def test_variant_diff_on_the_command_line_says_what_households_notice(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from gezinsplan.cli import main
    from gezinsplan.io import dumps_household

    hs = [_household(id=f"h{i}") for i in range(3)]
    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(dumps_household(h, indent=None) for h in hs) + "\n", "utf-8")
    result = CliRunner().invoke(
        main,
        ["variant", "diff", str(src), "--variant", str(EXAMPLES / "eerder_regelen"),
         "--peildatum", "2026-11-23", "--out", str(tmp_path / "diff"), "--workers", "1"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "3 with a date earlier" in result.output
    assert "transitie.vertegenwoordiging: 3 households see it otherwise" in result.output
    assert (tmp_path / "diff" / "gebieden.parquet").is_file()
    assert (tmp_path / "diff" / "verhalen.parquet").is_file()
