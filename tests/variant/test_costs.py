"""The yearly cost of the provisions that start or stop when a variant changes signals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.costs import Tariff, TariffSet
from gezinsplan.errors import RuleError
from gezinsplan.io import dumps_household
from gezinsplan.model.household import Household
from gezinsplan.rules.ruleset import RuleSet, default_rules, load_rules
from gezinsplan.variant import diff, rank_switches

BASE = default_rules()
PEIL = date(2026, 3, 2)  # a year from here lies in common years: 365 days
RESPIJT = 100  # euro per etmaal in the test tariffs
UUR = 50  # euro per hour of begeleiding


def _tariff(tariff_id: str, category: str, unit: str, euro: int) -> Tariff:
    return Tariff(
        id=tariff_id,
        wet="wmo",
        category=category,
        product_code=None,
        unit=unit,
        description="test",
        source="test",
        values={date(2020, 1, 1): Decimal(euro)},
    )


TARIFFS = TariffSet(
    {
        "respijt": _tariff("respijt", "04", "14", RESPIJT),
        "begeleiding": _tariff("begeleiding", "02", "04", UUR),
    }
)


def _carer(i: int, hours: float) -> Household:
    return Household.model_validate(
        {
            "id": f"mz{i}",
            "gemeente": "Teststad",
            "members": [
                {
                    "id": "m1",
                    "role": "ouder",
                    "birth_date": "1975-01-01",
                    "care_outside_hours": hours,
                }
            ],
        }
    )


def _wlz(i: int, volume: int | None, end: str | None = None) -> Household:
    provision: dict[str, object] = {
        "id": "p1",
        "member": "m1",
        "wet": "wmo",
        "kind": "maatwerkvoorziening",
        "product": "begeleiding",
        "category": "02",
        "start": "2024-01-01",
    }
    if volume is not None:
        provision |= {"volume": volume, "unit": "04", "frequency": "2"}
    if end is not None:
        provision["end"] = end
    return Household.model_validate(
        {
            "id": f"wlz{i}",
            "gemeente": "Teststad",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1950-01-01", "wlz_indicatie": True}
            ],
            "provisions": [provision],
        }
    )


THRESHOLD = BASE.with_parameters(
    BASE.parameters.with_values({"schotten.mantelzorg_intensief_uren": 16}, date(2026, 1, 1)),
    "zware mantelzorg",
)
NO_WLZ_CHECK = RuleSet(
    tuple(r for r in BASE.rules if r.id != "conflicten.wlz_en_wmo_maatwerk"),
    BASE.parameters,
    "zonder wlz-check",
)


def _total(result) -> dict:  # type: ignore[no-untyped-def,type-arg]
    (row,) = [r for r in result.kosten.to_pylist() if r["rule_id"] == "totaal"]
    return row  # type: ignore[no-any-return]


def test_respijtzorg_no_longer_offered_saves_its_yearly_cost() -> None:
    # 12 carers of 12 hours: intensive at 8 hours, no longer at 16; 3 of 20 hours stay
    hs = [_carer(i, 12.0) for i in range(12)] + [_carer(100 + i, 20.0) for i in range(3)]
    result = diff(hs, THRESHOLD, PEIL, baseline=BASE, plans=False, tariffs=TARIFFS)
    total = _total(result)
    # 2 etmalen per maand for a year: 24 etmalen at 100 euro, per household, saved
    assert total["households"] == 12
    assert total["eraf"] == 12
    assert total["erbij"] == 0
    assert total["onbekend"] == 0
    assert total["kosten_per_jaar"] == pytest.approx(-12 * 24 * RESPIJT)
    assert result.summary["kosten"]["per_jaar_euro"] == pytest.approx(-28_800)
    (effect,) = [r for r in result.kosten.to_pylist() if r["rule_id"] != "totaal"]
    assert (effect["rule_id"], effect["effect"], effect["product"]) == (
        "schotten.mantelzorger_overbelast",
        "start",
        "kortdurend_verblijf",
    )


def test_the_report_shows_the_cost_section() -> None:
    from gezinsplan.variant import render_report

    hs = [_carer(i, 12.0) for i in range(12)]
    page = render_report(diff(hs, THRESHOLD, PEIL, baseline=BASE, plans=False, tariffs=TARIFFS))
    assert "<h2>Kosten</h2>" in page
    assert "€ -28.800" in page
    assert "kortdurend verblijf (wmo) start" in page


def test_a_provision_that_no_longer_stops_keeps_costing() -> None:
    # without the Wlz check, the Wmo begeleiding (3 hours a week) is not ended
    hs = [_wlz(i, 3) for i in range(10)] + [_wlz(50, 3, end="2026-03-31")]
    result = diff(hs, NO_WLZ_CHECK, PEIL, baseline=BASE, plans=False, tariffs=TARIFFS)
    total = _total(result)
    year = 3 * UUR * 365 / 7  # 3 hours a week for 365 days
    until_end = 3 * UUR * 30 / 7  # 2026-03-02 to 2026-03-31: 30 days
    assert total["households"] == 11
    assert total["kosten_per_jaar"] == pytest.approx(10 * year + until_end, abs=0.05)


def test_a_cost_that_cannot_be_priced_is_unknown_never_zero() -> None:
    hs = [_wlz(i, 3) for i in range(10)] + [_wlz(100 + i, None) for i in range(10)]
    total = _total(diff(hs, NO_WLZ_CHECK, PEIL, baseline=BASE, plans=False, tariffs=TARIFFS))
    assert total["onbekend"] == 10
    assert total["kosten_per_jaar"] == pytest.approx(10 * 3 * UUR * 365 / 7, abs=0.05)


def test_a_cost_of_few_households_is_suppressed() -> None:
    hs = [_carer(i, 12.0) for i in range(4)]
    result = diff(hs, THRESHOLD, PEIL, baseline=BASE, plans=False, tariffs=TARIFFS)
    total = _total(result)
    assert total["households"] is None
    assert total["households_suppression"] == "primair"
    assert total["kosten_per_jaar"] is None
    assert total["kosten_per_jaar_suppression"] == "primair"
    assert result.summary["kosten"]["suppressed"] is True


def test_without_tariffs_there_is_no_cost_table() -> None:
    result = diff([_carer(1, 12.0)], THRESHOLD, PEIL, baseline=BASE, plans=False)
    assert result.kosten.num_rows == 0
    assert result.summary["kosten"] is None


def test_rank_gives_the_cost_of_each_candidate(tmp_path: Path) -> None:
    hs = [_carer(i, 12.0) for i in range(12)]
    table = rank_switches(
        hs, BASE, PEIL, sweep=[("schotten.mantelzorg_intensief_uren", 16)], tariffs=TARIFFS
    )
    (row,) = [r for r in table.to_pylist() if r["switch"] == "schotten.mantelzorg_intensief_uren"]
    assert row["kosten"] == pytest.approx(-12 * 24 * RESPIJT)
    assert row["kosten_onbekend"] == 0
    untariffed = rank_switches(hs, BASE, PEIL, sweep=[("schotten.mantelzorg_intensief_uren", 16)])
    assert {r["kosten"] for r in untariffed.to_pylist()} == {None}


def test_the_command_line_prints_the_cost(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    source.write_text(
        "".join(dumps_household(_carer(i, 12.0), indent=None) + "\n" for i in range(12)),
        encoding="utf-8",
    )
    variant = Path(__file__).parents[2] / "examples" / "variants" / "mantelzorg_zwaar"
    result = CliRunner().invoke(
        main,
        [
            "variant",
            "diff",
            str(source),
            "--variant",
            str(variant),
            "--peildatum",
            "2027-02-01",
            "--out",
            str(tmp_path / "d"),
            "--no-plans",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "kosten per jaar" in result.output
    assert "voorbeeldtarieven" in result.output
    assert (tmp_path / "d" / "kosten.parquet").exists()


@pytest.mark.parametrize(
    ("effect", "problem"),
    [
        ("{stop: m}", "the alias of a provision pattern"),
        ("{start: true, wet: wmo, product: begeleiding}", "missing"),
        (
            '{start: true, wet: wlz, product: begeleiding, categorie: "02", omvang: 3, '
            'eenheid: "04", frequentie: "2"}',
            "a law whose provisions a tariff prices",
        ),
        (
            '{start: true, wet: wmo, product: begeleiding, categorie: "02", omvang: 3, '
            'eenheid: "99", frequentie: "2"}',
            "an Eenheid code",
        ),
        (
            '{start: true, wet: wmo, product: begeleiding, categorie: "02", '
            'omvang: {param: nergens}, eenheid: "04", frequentie: "2"}',
            "omvang",
        ),
    ],
)
def test_a_bad_effect_is_refused_with_file_and_line(
    tmp_path: Path, effect: str, problem: str
) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(Path(__file__).parents[2] / "rules", rules)
    path = rules / "conflicten" / "wlz_en_wmo_maatwerk.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "voorziening: {stop: p}", f"voorziening: {effect}"
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as e:
        load_rules(rules)
    message = str(e.value)
    assert "wlz_en_wmo_maatwerk.yaml:" in message
    assert "voorziening" in message
    assert problem in message
