"""Import of iWmo/iJw 3.2 messages: the official examples, refusals, archive semantics."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from gezinsplan.cli import main
from gezinsplan.io import iter_caseload
from gezinsplan.rules.facts import build_facts
from tests.interop.shared import folder

pytest.importorskip("lxml")

from gezinsplan.interop.istandaarden.archive import (
    Archive,
    client_household_id,
)
from gezinsplan.interop.istandaarden.importer import (
    import_istandaarden,
    schema_check,
)
from gezinsplan.interop.istandaarden.reader import Source, read_bytes, read_source

KEY = b"test-key"
BSN = "999900006"
VALID = [
    ("wmo", "WMO301"),
    ("wmo", "WMO305"),
    ("wmo", "WMO307"),
    ("wmo", "WMO315"),
    ("jeugdwet", "JW301"),
    ("jeugdwet", "JW305"),
    ("jeugdwet", "JW307"),
]


def example(law: str, name: str) -> Path:
    return folder(law, "voorbeelden") / f"{name}.xml"


def text(law: str, name: str) -> str:
    return example(law, name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("law", "name"), VALID)
def test_every_valid_official_example_imports(law: str, name: str) -> None:
    result = read_source(Source(str(example(law, name))))
    assert result.problems == ()
    assert result.message == name
    assert result.records
    archive = Archive(KEY)
    archive.add(result.records)
    households, problems = archive.households()
    assert problems == []
    assert [h.id for h in households] == [client_household_id(KEY, BSN)]
    assert households[0].provisions


def test_the_examples_of_both_standards_import_together(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    files = [example(law, name) for law, name in VALID]
    result = import_istandaarden(files, out, key=KEY, fmt="jsonl")
    assert (result.files, result.refused, result.problems) == (7, [], [])
    (h,) = list(iter_caseload(out))
    by_id = {p.id: p for p in h.provisions}
    wmo = by_id["wmo-0384-101"]
    assert (wmo.category, wmo.product_code, wmo.volume, wmo.unit, wmo.frequency) == (
        "01",
        "01A01",
        10,
        "01",
        "1",
    )
    assert wmo.juridische_status == "02"
    assert wmo.product.value == "huishoudelijke_hulp"
    stopped = by_id["jw-0363-300.201"]
    assert stopped.delivery_start == date(2026, 4, 3)
    assert stopped.delivery_end == date(2026, 7, 17)
    assert stopped.reden_beeindiging_label == "Levering is volgens plan beeindigd."
    # the WMO315 request with ReferentieAanbieder 42420002 was granted by the WMO301
    requests = [p for p in h.provisions if p.status is not None]
    assert len(requests) == 1
    assert requests[0].status.value == "aangevraagd"
    assert requests[0].product_code == "ABCDE"
    # no BSN, no name in what was written
    written = out.read_text(encoding="utf-8")
    assert BSN not in written
    assert "Wit" not in written


def test_the_invalid_jw315_is_refused_with_file_line_and_element() -> None:
    result = read_source(Source(str(example("jeugdwet", "JW315"))))
    assert result.records == ()
    lines = [str(p) for p in result.problems]
    assert lines[0] == (
        f"{example('jeugdwet', 'JW315')}:44: Bericht/Client/AangevraagdeProducten/"
        "AangevraagdProduct[1]/ToewijzingEinddatum: the value '2027-06-31' is not a date "
        "(YYYY-MM-DD)"
    )
    assert len(lines) == 2


@pytest.mark.parametrize("name", ["JW318", "JW302", "JW306", "JW308", "JW316", "JW320"])
def test_retour_messages_are_refused_by_name(name: str) -> None:
    result = read_source(Source(str(example("jeugdwet", name))))
    (problem,) = result.problems
    assert problem.line == 2
    assert problem.path == "Bericht"
    assert f"{name} is a retour message" in problem.message


@pytest.mark.parametrize(
    ("law", "name"), [("wmo", "WMO317"), ("wmo", "WMO323"), ("jeugdwet", "JW319")]
)
def test_other_messages_are_refused_by_name(law: str, name: str) -> None:
    (problem,) = read_source(Source(str(example(law, name)))).problems
    assert f"{name} is not read" in problem.message


def test_another_release_is_refused_by_name() -> None:
    data = text("wmo", "WMO301").replace("/3_2/", "/3_1/").encode()
    (problem,) = read_bytes(data, "old.xml").problems
    assert str(problem) == (
        "old.xml:2: Bericht: WMO301 of release 3.1 is not read: import reads iWmo release 3.2"
    )


def test_header_and_code_problems_name_line_and_element() -> None:
    data = (
        text("wmo", "WMO301")
        .replace("<wmo301:BerichtCode>414<", "<wmo301:BerichtCode>436<")
        .replace("<iwmo:Eenheid>01<", "<iwmo:Eenheid>05<")
        .replace("<wmo301:Ingangsdatum>2023-01-01<", "<wmo301:Ingangsdatum>2024-01-01<")
    ).encode()
    lines = [str(p) for p in read_bytes(data, "f.xml").problems]
    assert lines == [
        "f.xml:4: Bericht/Header/BerichtCode: BerichtCode '436': a WMO301 has 414",
        "f.xml:177: Bericht/Client/ToegewezenProducten/ToegewezenProduct/Omvang/Eenheid: "
        "'05' is not in the iWmo 3.2 code list (eenheid)",
        "f.xml:174: Bericht/Client/ToegewezenProducten/ToegewezenProduct/Einddatum: "
        "Einddatum lies before Ingangsdatum",
    ]


def test_client_values_never_appear_in_problems() -> None:
    data = (
        text("wmo", "WMO301")
        .replace("<iwmo:Datum>1967-08-13<", "<iwmo:Datum>1967-13-13<", 1)
        .replace(f">{BSN}<", ">99990000<")
    ).encode()
    lines = [str(p) for p in read_bytes(data, "f.xml").problems]
    assert lines == [
        "f.xml:19: Bericht/Client/Bsn: a BSN has nine digits",
        "f.xml:21: Bericht/Client/Geboortedatum/Datum: the value is not a date (YYYY-MM-DD)",
    ]


def test_broken_xml_and_other_documents_are_refused() -> None:
    (problem,) = read_bytes(b"<?xml version='1.0'?>\n<a><b></a>", "x.xml").problems
    assert problem.line == 2
    assert problem.message.startswith("not well-formed XML")
    (problem,) = read_bytes(b"<a xmlns='urn:x'><b/></a>", "y.xml").problems
    assert "not an iWmo or iJw message" in problem.message


def _version(day: str, end: str) -> bytes:
    return (
        text("wmo", "WMO301")
        .replace("<wmo301:Toewijzingsdatum>2023-08-13<", f"<wmo301:Toewijzingsdatum>{day}<")
        .replace("<wmo301:Einddatum>2023-12-31<", f"<wmo301:Einddatum>{end}<")
    ).encode()


def _households(*files: bytes) -> list:  # type: ignore[type-arg]
    archive = Archive(KEY)
    for i, data in enumerate(files):
        result = read_bytes(data, f"f{i}.xml")
        assert result.problems == ()
        archive.add(result.records)
    households, problems = archive.households()
    assert problems == []
    return households


def test_the_latest_toewijzing_version_wins_whatever_the_order() -> None:
    early, late = _version("2023-08-13", "2023-12-31"), _version("2023-09-01", "2023-10-31")
    for order in ((early, late), (late, early)):
        (h,) = _households(*order)
        (p,) = h.provisions
        assert p.end == date(2023, 10, 31)
        assert p.toewijzingsdatum == date(2023, 9, 1)


def test_reden_wijziging_13_removes_the_toewijzing() -> None:
    removed = _version("2023-09-01", "2023-01-01").replace(
        b"<wmo301:Omvang>",
        b"<wmo301:RedenWijziging>13</wmo301:RedenWijziging>\n<wmo301:Omvang>",
    )
    assert _households(_version("2023-08-13", "2023-12-31"), removed) == []


def _stop(reden: str, status: str, dagtekening: str = "2026-07-20") -> bytes:
    return (
        text("jeugdwet", "JW307")
        .replace("<ijw:Dagtekening>2026-07-20<", f"<ijw:Dagtekening>{dagtekening}<")
        .replace("<jw307:RedenBeeindiging>31<", f"<jw307:RedenBeeindiging>{reden}<", 1)
        .replace("<jw307:StatusAanlevering>1<", f"<jw307:StatusAanlevering>{status}<", 1)
    ).encode()


def test_a_stop_for_uitstroom_naar_ander_domein_reaches_the_rules() -> None:
    start = example("jeugdwet", "JW305").read_bytes()
    # the examples' 301 comes from gemeente 0384, the 305/307 go to 0363: make them one
    toewijzing = (
        text("jeugdwet", "JW301").replace(">0384<", ">0363<").replace(">42420001<", ">65656055<")
    )
    (h,) = _households(toewijzing.encode(), start, _stop("39", "1"))
    p = next(p for p in h.provisions if p.toewijzingnummer == 300201)
    assert p.end == date(2026, 7, 14)  # the toewijzing ended before the stop
    assert p.reden_beeindiging == "39"
    ended = build_facts(h, date(2026, 9, 1))["ended"]
    fact = next(f for f in ended if f["id"] == p.id)
    assert fact["uitstroom_ander_domein"] is True
    assert fact["reden_beeindiging"] == "39"


def test_status_aanlevering_corrects_and_deletes_a_stop() -> None:
    start = example("jeugdwet", "JW305").read_bytes()
    first = _stop("31", "1", "2026-07-20")
    corrected = _stop("39", "2", "2026-07-25")
    deleted = _stop("39", "3", "2026-07-30")
    for files in ((first, corrected), (corrected, first)):
        (h,) = _households(start, *files)
        p = next(p for p in h.provisions if p.toewijzingnummer == 300201)
        assert p.reden_beeindiging == "39"
    (h,) = _households(start, deleted, first, corrected)
    p = next(p for p in h.provisions if p.toewijzingnummer == 300201)
    assert (p.delivery_start, p.delivery_end, p.reden_beeindiging) == (
        date(2026, 4, 3),
        None,
        None,
    )


def test_a_request_is_a_planned_provision() -> None:
    (h,) = _households(example("wmo", "WMO315").read_bytes())
    assert {p.status.value for p in h.provisions if p.status} == {"aangevraagd"}
    assert all(p.planned_on(date(2023, 5, 1)) for p in h.provisions)
    assert len(h.provisions) == 2


def test_zip_archives_and_folders_are_read(tmp_path: Path) -> None:
    archive = tmp_path / "berichten.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for law, name in VALID:
            zf.write(example(law, name), f"in/{name}.xml")
    out = tmp_path / "c.jsonl"
    result = import_istandaarden([archive], out, key=KEY, fmt="jsonl", workers=2)
    assert (result.files, result.refused) == (7, [])
    assert result.provisions == 8


def test_the_cli_reports_refused_files_and_exits_1(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_text("geheim\n")
    out = tmp_path / "caseload"
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "import",
            "istandaarden",
            str(folder("jeugdwet", "voorbeelden")),
            str(example("wmo", "WMO301")),
            "--key-file",
            str(key),
            "--out",
            str(out),
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 1
    assert "JW315.xml:44: Bericht/Client/AangevraagdeProducten/AangevraagdProduct[1]" in (
        result.output
    )
    assert "JW318.xml: refused" in result.output
    assert "JW318 is a retour message" in result.output
    assert "15 file(s) read, 11 refused" in result.output
    assert BSN not in result.output
    meta = json.loads((out / "_caseload.json").read_text())
    assert meta["households"] == 1
    ok = runner.invoke(
        main,
        [
            "import",
            "istandaarden",
            str(example("wmo", "WMO301")),
            "--key-file",
            str(key),
            "--format",
            "jsonl",
            "--out",
            str(tmp_path / "c.jsonl"),
        ],
    )
    assert ok.exit_code == 0, ok.output


def test_xsd_validation_with_the_users_copy_names_line_and_element() -> None:
    check = schema_check(folder("wmo", "xsd").parent.parent.parent)
    assert read_source(Source(str(example("wmo", "WMO301"))), check).problems == ()
    data = text("wmo", "WMO301").replace(
        "<wmo301:Geslacht>1</wmo301:Geslacht>", "<wmo301:Geslacht>7</wmo301:Geslacht>", 1
    )
    (problem, *_) = read_bytes(data.encode(), "f.xml", check).problems
    assert problem.line == 23
    assert problem.path.endswith("Client/Geslacht")
    assert "'7'" not in problem.message
    assert "{'0', '1', '2'}" in problem.message


def test_a_message_holds_one_client() -> None:
    data = text("wmo", "WMO305")
    client = data[data.index("<wmo305:Client>") : data.index("</wmo305:Client>") + 16]
    twice = data.replace(client, client + "\n" + client).encode()
    problems = [str(p) for p in read_bytes(twice, "f.xml").problems]
    assert any("Bericht/Client[2]/Bsn: a message holds one Client" in p for p in problems)
