"""Tariff files: strict loading (file, line and field path on every problem), the shipped
example set loads, is marked as an example, and each of its values whose source is a row
of the shared tariff table (``shared/tariffs/tarieven.csv``) has that row's price."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from gezinsplan.costs import TariffError, default_tariffs_dir, load_tariffs

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "tariffs" / "tarieven.csv"

GOOD = """description: Hulp bij het huishouden, per uur
wet: wmo
category: "01"
unit: uur
source: contract 2025
values:
  2025-01-01: 31.50
  2026-01-01: {value: "32.10", source: "contract 2026, art. 4"}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tariff_file_loads_with_dated_values_and_sources(tmp_path: Path) -> None:
    _write(tmp_path, "wmo/hh.yaml", GOOD)
    tariffs = load_tariffs(tmp_path)
    t = tariffs["wmo.hh"]
    assert (t.wet, t.category, t.unit, t.product_code) == ("wmo", "01", "04", None)
    assert t.price_at(date(2025, 12, 31)) == Decimal("31.50")
    assert t.price_at(date(2026, 1, 1)) == Decimal("32.10")
    assert t.source_at(date(2026, 3, 1)) == "contract 2026, art. 4"
    assert t.source_at(date(2025, 3, 1)) == "contract 2025"
    assert not tariffs.example
    assert tariffs.find("wmo", "01", None, "04") is t
    assert tariffs.content_hash


@pytest.mark.parametrize(
    ("text", "field", "line", "words"),
    [
        (GOOD.replace("wet: wmo", "wet: zvw"), "wet", 2, "wmo or jeugdwet"),
        (GOOD.replace('"01"', '"41"'), "category", 3, "not a product category"),
        (GOOD.replace("unit: uur", "unit: jaar"), "unit", 4, "one of"),
        (GOOD.replace("31.50", "-1"), "values.2025-01-01", 7, "not negative"),
        (GOOD.replace("31.50", "31.12345"), "values.2025-01-01", 7, "decimals"),
        (GOOD.replace("31.50", "duur"), "values.2025-01-01", 7, "number"),
        (GOOD.replace("2025-01-01", "1 januari"), "values.1 januari", 7, "start date"),
        (GOOD.replace("source: contract 2025\n", ""), "source", None, "required"),
        (GOOD + "prijs: 3\n", "prijs", 9, "unknown key"),
        (GOOD.replace("{value:", "{waarde:"), "values.2026-01-01", 8, "'value'"),
    ],
)
def test_every_problem_names_file_line_and_field(
    tmp_path: Path, text: str, field: str, line: int | None, words: str
) -> None:
    path = _write(tmp_path, "t.yaml", text)
    with pytest.raises(TariffError) as e:
        load_tariffs(tmp_path)
    [problem] = e.value.problems
    assert problem.source == str(path)
    assert problem.path == field
    assert problem.line == line
    assert words in problem.message


def test_yaml_errors_and_duplicates_are_reported_with_their_line(tmp_path: Path) -> None:
    _write(tmp_path, "a.yaml", GOOD + "wet: wmo\n")
    _write(tmp_path, "b.yaml", "values: [unclosed\n")
    _write(tmp_path, "c.yaml", GOOD)
    _write(tmp_path, "d.yaml", GOOD)
    with pytest.raises(TariffError) as e:
        load_tariffs(tmp_path)
    text = str(e.value)
    assert "a.yaml:9" in text
    assert "duplicate key" in text
    assert "b.yaml" in text
    assert "YAML syntax error" in text
    assert "d.yaml" in text
    assert "same law, category, product code and unit" in text


def test_a_missing_or_empty_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TariffError, match="not found"):
        load_tariffs(tmp_path / "nope")
    with pytest.raises(TariffError, match="no tariff files"):
        load_tariffs(tmp_path)


def test_the_example_set_loads_and_says_it_is_an_example() -> None:
    tariffs = load_tariffs()
    assert len(tariffs) >= 15
    assert tariffs.example
    for t in tariffs.values():
        assert t.example
        assert "VOORBEELD" in t.description
        for start in t.values:
            assert t.source_at(start) != t.source  # every value names its own source
    assert Path(tariffs.source) == default_tariffs_dir()


@pytest.mark.skipif(not SHARED.is_file(), reason="the shared tariff table is not at hand")
def test_each_example_value_from_the_shared_table_matches_its_row() -> None:
    with SHARED.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    checked = 0
    for t in load_tariffs().values():
        for start, price in t.values.items():
            source = t.source_at(start)
            matches = [
                r for r in rows if r["bron_url"] in source and f"'{r['omschrijving']}'" in source
            ]
            assert matches, f"{t.id} {start}: no row of tarieven.csv named in {source!r}"
            assert any(Decimal(r["tarief_eur"]) == price for r in matches), t.id
            row = next(r for r in matches if Decimal(r["tarief_eur"]) == price)
            assert row["wet"] == t.wet
            assert t.category in row["product_categorie"].split("/"), t.id
            if t.product_code is not None:
                assert t.product_code in row["product_code"].split(";"), t.id
            if row["geldig_vanaf"][:4].isdigit():
                assert start.year == int(row["geldig_vanaf"][:4]), t.id
            unit = {"uur": "04", "dagdeel": "16", "etmaal": "14", "dag": "14"}[row["eenheid"]]
            assert t.unit == unit, t.id
            checked += 1
    assert checked >= 15
