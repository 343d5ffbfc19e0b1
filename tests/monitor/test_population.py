"""The population table: read in CBS's layouts, refused with file, row and column, and the
shipped table of the generator's areas checked against CBS's own figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from gezinsplan.errors import InputError
from gezinsplan.generate import GEMEENTEN
from gezinsplan.monitor.population import (
    AGE_BANDS,
    load_population,
    read_population,
    synthetic_population_path,
    wijk_name,
)

ROOT = Path(__file__).parents[2]
CBS = ROOT.parent / "shared" / "cbs" / "kwb-2024-selectie.csv"

HEADER = "regiocode,regionaam,soort,inwoners," + ",".join(AGE_BANDS)


def _write(tmp_path: Path, text: str, name: str = "bev.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_gemeente_and_wijk_rows_meet_the_caseload_names(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "# a comment\n" + HEADER + "\nGM0001,Stad,Gemeente,1000,100,100,300,300,200\n"
        "WK000101,Wijk 01 Noord,Wijk,400,40,50,110,100,100\n"
        "WK000102,Wijk 02: Zuid,Wijk,600,.,50,190,200,100\n"
        "BU00010100,Noord-Oost,Buurt,200,20,20,60,50,50\n",
    )
    p = read_population(path)
    assert sorted(p.areas) == [
        ("gemeente", "Stad", "Stad"),
        ("wijk", "Stad", "Noord"),
        ("wijk", "Stad", "Zuid"),
    ]
    noord = p.find("wijk", "Stad", "Noord")
    assert noord is not None
    assert noord.inwoners == 400
    assert noord.codes == ("WK000101",)
    assert noord.minors == pytest.approx(40 + 0.3 * 50)
    zuid = p.find("wijk", "Stad", "Zuid")
    assert zuid is not None
    assert zuid.minors is None
    assert p.find("wijk", "Stad", "West") is None
    assert "a comment" in p.note
    assert wijk_name("Wijk 00: Valkenburg") == "Valkenburg"


def test_the_statline_export_and_the_kwb_names_are_read(tmp_path: Path) -> None:
    statline = _write(
        tmp_path,
        '"Wijken en buurten";"Regioaanduiding/Soort regio (omschrijving)";'
        '"Regioaanduiding/Codering (code)";"Bevolking/Aantal inwoners (aantal)";'
        '"Bevolking/Leeftijdsgroepen/0 tot 15 jaar (aantal)";'
        '"Bevolking/Leeftijdsgroepen/15 tot 25 jaar (aantal)"\n'
        '"Nederland";"Land      ";"NL00      ";17942942;2714040;2202159\n'
        '"Vaals";"Gemeente  ";"GM0981    ";10121;1108;1130\n'
        '"Wijk 01 Vaals";"Wijk      ";"WK098101  ";7505;750;930\n',
        "statline.csv",
    )
    p = read_population(statline)
    vaals = p.find("wijk", "Vaals", "Vaals")
    assert vaals is not None
    assert vaals.inwoners == 7505
    assert vaals.minors == pytest.approx(750 + 279)
    kwb = _write(
        tmp_path,
        "gwb_code_10,regio,gm_naam,recs,a_inw,a_00_14,a_15_24,a_25_44,a_45_64,a_65_oo\n"
        "WK034403,Wijk 03 Overvecht,Utrecht,Wijk,35255,6255,4900,11560,7645,4900\n",
        "kwb.csv",
    )
    over = read_population(kwb).find("wijk", "Utrecht", "Overvecht")
    assert over is not None
    assert over.inwoners == 35255


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("XX0001,Stad,Gemeente,1000", ":3: regiocode: not a CBS code"),
        ("GM0001,Stad,Gemeente,veel", ":3: inwoners: not a number"),
        ("GM0001,Stad,Gemeente,-5", ":3: inwoners: negative"),
        ("GM0001,Stad,Wijk,1000", ":3: soort: Wijk does not match the code GM0001"),
        ("GM0001,Stad,Provincie,1000", ":3: soort: 'Provincie' is not"),
        ("GM0001,,Gemeente,1000", ":3: regionaam: empty"),
        ("GM0001,Stad,Gemeente,10.5", ":3: inwoners: not a whole number"),
        ("WK000201,Wijk 01 A,Wijk,10", ":3: regiocode: WK000201 has no gemeente row GM0002"),
    ],
)
def test_a_bad_file_is_refused_with_file_row_and_column(
    tmp_path: Path, row: str, message: str
) -> None:
    path = _write(tmp_path, "regiocode,regionaam,soort,inwoners\nGM0009,Elders,Gemeente,5\n" + row)
    with pytest.raises(InputError) as err:
        read_population(path)
    assert f"{path}{message}" in str(err.value)


def test_missing_columns_and_duplicates_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "code,naam\nGM0001,Stad\n")
    with pytest.raises(InputError, match=r"bev.csv:1: missing column 'regiocode'"):
        read_population(path)
    path = _write(tmp_path, "regiocode,regionaam,inwoners\nGM0001,Stad,5\nGM0001,Stad,6\n")
    with pytest.raises(InputError, match=r"bev.csv:3: regiocode: GM0001 appears twice"):
        read_population(path)
    path = _write(
        tmp_path,
        "regiocode,regionaam,inwoners,gebied\nGM0001,Stad,50,\nWK000101,Wijk 01 A,20,A\n"
        "BU00010101,A-dorp,10,A\n",
    )
    with pytest.raises(InputError, match=r"bev.csv:4: gebied: 'A' counts both"):
        read_population(path)
    with pytest.raises(InputError, match="no such population file"):
        read_population(tmp_path / "nope.csv")


def test_the_shipped_table_is_cbs_2024_for_every_area_of_the_generator() -> None:
    """Every row of the shipped table is a row of CBS 85984NED (the shared selection),
    unchanged; every gemeente and wijk the generator uses has its area."""
    if not CBS.is_file():
        pytest.skip(f"{CBS} is not on this machine")
    with CBS.open(encoding="utf-8") as handle:
        cbs = {r["regiocode"]: r for r in csv.DictReader(handle)}
    shipped_path = synthetic_population_path()
    text = shipped_path.read_text(encoding="utf-8")
    assert "Bron: CBS, Kerncijfers wijken en buurten 2024 (85984NED)" in text
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    assert rows
    for row in rows:
        source = cbs[row["regiocode"]]
        for col in ("regionaam", "soort", "gemeentecode", "wijkcode", "inwoners", *AGE_BANDS):
            assert row[col] == source[col], (row["regiocode"], col)
    population = load_population("synthetic")
    assert population is not None
    for gemeente, wijken, _ in GEMEENTEN:
        area = population.find("gemeente", gemeente, None)
        assert area is not None, gemeente
        assert area.inwoners == int(
            next(r for r in cbs.values() if r["regionaam"] == gemeente)["inwoners"]
        )
        for wijk in wijken:
            found = population.find("wijk", gemeente, wijk)
            assert found is not None, (gemeente, wijk)
            assert found.inwoners == sum(int(cbs[c]["inwoners"]) for c in found.codes)
            assert all(cbs[c]["gemeentecode"] == area.codes[0] for c in found.codes)


def test_kern_rows_give_the_kernen_their_population(tmp_path: Path) -> None:
    """CBS has no kernen: a row of soort Kern with a gebied, under its gemeente's code (or
    the code of a buurt it is made of), counts for the monitor's kern of that name."""
    path = _write(
        tmp_path,
        "regiocode,regionaam,soort,inwoners,gebied\n"
        "GM0001,Stad,Gemeente,1000,\n"
        "GM0001,Kern Oud,Kern,300,Oud\n"
        "BU00010101,Nieuw-Noord,Kern,100,Nieuw\n"
        "BU00010102,Nieuw-Zuid,Kern,50,Nieuw\n",
    )
    p = read_population(path)
    oud = p.find("kern", "Stad", "Oud")
    nieuw = p.find("kern", "Stad", "Nieuw")
    assert oud is not None
    assert oud.inwoners == 300
    assert nieuw is not None
    assert nieuw.inwoners == 150
    assert nieuw.codes == ("BU00010101", "BU00010102")
