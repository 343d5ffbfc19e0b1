"""generate → export → every file valid against the official XSDs → import → the same provisions."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.generate import generate_households
from gezinsplan.io import iter_caseload, write_caseload
from gezinsplan.model.household import Household, Provision
from tests.interop.shared import schema

etree = pytest.importorskip("lxml.etree")

from gezinsplan.interop.istandaarden.archive import client_household_id  # noqa: E402
from gezinsplan.interop.istandaarden.importer import import_istandaarden  # noqa: E402
from gezinsplan.interop.istandaarden.writer import (  # noqa: E402
    ExportResult,
    export_caseload,
    exportable,
)

KEY = b"round-trip"
CARRIED = (
    "wet",
    "kind",
    "product",
    "category",
    "product_code",
    "start",
    "end",
    "toewijzingnummer",
    "gemeente_code",
    "aanbieder_agb",
    "toewijzingsdatum",
    "volume",
    "unit",
    "frequency",
    "budget",
    "juridische_status",
    "delivery_start",
    "delivery_end",
    "reden_beeindiging",
)
"""What the messages carry (not: the member link inside a household, the provider
organisation, eigen bijdrage, beschikking, verwijzer)."""


def carried(p: Provision) -> tuple[object, ...]:
    return tuple(getattr(p, f) for f in CARRIED)


def validate_all(folder: Path) -> int:
    files = sorted(folder.iterdir())
    for f in files:
        name = f.name.split("_", 1)[0]
        law = "wmo" if name.startswith("WMO") else "jeugdwet"
        xsd = schema(law, name)
        assert xsd.validate(etree.parse(str(f))), (f.name, str(xsd.error_log.last_error))
        assert b"\r\n" in f.read_bytes()[:100]
    return len(files)


def assert_same(households: list[Household], exported: ExportResult, imported: Path) -> int:
    got = {h.id: h for h in iter_caseload(imported)}
    compared = 0
    for h in households:
        for m in h.members:
            mine = [p for p in h.provisions if p.member == m.id and exportable(p)]
            if not mine:
                continue
            back = got.pop(client_household_id(KEY, exported.clients[(h.id, m.id)]))
            want = sorted((carried(p) for p in mine), key=str)
            assert sorted((carried(p) for p in back.provisions), key=str) == want
            compared += len(mine)
    assert got == {}
    return compared


def round_trip(tmp_path: Path, n: int, workers: int) -> None:
    households = list(generate_households(n, seed=17))
    source = tmp_path / "c.jsonl"
    write_caseload(households, source)
    exported = export_caseload(source, tmp_path / "berichten")
    assert exported.messages == validate_all(tmp_path / "berichten")
    result = import_istandaarden(
        [tmp_path / "berichten"], tmp_path / "back.jsonl", key=KEY, fmt="jsonl", workers=workers
    )
    assert (result.refused, result.problems) == ([], [])
    assert result.files == exported.messages
    assert assert_same(households, exported, tmp_path / "back.jsonl") == exported.provisions
    # every kind of message and field occurs
    names = {f.name.split("_", 1)[0] for f in (tmp_path / "berichten").iterdir()}
    assert names == {"WMO301", "WMO305", "WMO307", "JW301", "JW305", "JW307"}


def test_round_trip_of_a_few_hundred_households(tmp_path: Path) -> None:
    round_trip(tmp_path, 400, workers=2)


@pytest.mark.slow
def test_round_trip_of_ten_thousand_households(tmp_path: Path) -> None:
    round_trip(tmp_path, 10_000, workers=2)


def test_export_reads_the_columnar_caseload_and_the_cli_round_trips(tmp_path: Path) -> None:
    runner = CliRunner()
    caseload = tmp_path / "caseload"
    r = runner.invoke(
        main,
        [
            "generate",
            "--households",
            "60",
            "--seed",
            "4",
            "--format",
            "parquet",
            "--out",
            str(caseload),
        ],
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(main, ["export", "istandaarden", str(caseload), "--out", str(tmp_path / "m")])
    assert r.exit_code == 0, r.output
    assert "provision(s) without toewijzing left out" in r.output
    n = validate_all(tmp_path / "m")
    key = tmp_path / "key"
    key.write_text("k")
    r = runner.invoke(
        main,
        [
            "import",
            "istandaarden",
            str(tmp_path / "m"),
            "--key-file",
            str(key),
            "--out",
            str(tmp_path / "back"),
            "--xsd",
            str(schema_dir()),
        ],
    )
    assert r.exit_code == 0, r.output
    assert f"{n} file(s) read, 0 refused" in r.output
    again = runner.invoke(
        main, ["export", "istandaarden", str(caseload), "--out", str(tmp_path / "m")]
    )
    assert again.exit_code != 0
    assert "exists" in again.output


def schema_dir() -> Path:
    from tests.interop.shared import ISTANDAARDEN

    return ISTANDAARDEN
