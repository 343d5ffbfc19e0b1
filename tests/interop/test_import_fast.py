"""The chunked import writes the same caseload as the plain path, whatever the file order."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("lxml")

import pyarrow.parquet as pq

from gezinsplan.caseload.tables import TABLES
from gezinsplan.generate import generate_households
from gezinsplan.interop.istandaarden.archive import Archive
from gezinsplan.interop.istandaarden.importer import (
    import_istandaarden,
    write_caseload,
)
from gezinsplan.interop.istandaarden.reader import Source, read_source
from gezinsplan.interop.istandaarden.writer import messages_for

KEY = b"fast-path"


def _tables(folder: Path) -> dict[str, object]:
    out: dict[str, object] = {"meta": json.loads((folder / "_caseload.json").read_text())}
    for table in (*TABLES, "documents"):
        parts = sorted((folder / table).glob("*.parquet"))
        out[table] = [(p.name, pq.read_table(p).to_pylist()) for p in parts]
    return out


@pytest.mark.parametrize("workers", [1, 2])
def test_fast_path_writes_the_same_caseload_as_the_plain_path(tmp_path: Path, workers: int) -> None:
    folder = tmp_path / "berichten"
    folder.mkdir()
    names = []
    for name, data in messages_for(generate_households(1_400, seed=11)):
        (folder / name).write_bytes(data)
        names.append(name)
    assert len(names) >= 2_000
    # the plain path: every file read in a shuffled order, every household in memory
    random.Random(3).shuffle(names)
    archive = Archive(KEY)
    for name in names:
        fr = read_source(Source(str(folder / name)))
        assert fr.problems == ()
        archive.add(fr.records)
    households, problems = archive.households()
    assert problems == []
    write_caseload(households, tmp_path / "plain", "parquet", chunk_size=700)
    # the import, with the same chunks (several parts, written in parallel with 2 workers)
    result = import_istandaarden(
        [folder], tmp_path / "fast", key=KEY, workers=workers, chunk_size=700
    )
    assert (result.refused, result.problems) == ([], [])
    assert result.households == len(households) > 700
    assert _tables(tmp_path / "fast") == _tables(tmp_path / "plain")


def _variants() -> list[tuple[str, bytes]]:
    from tests.interop.shared import folder

    out: list[tuple[str, bytes]] = []
    for law in ("wmo", "jeugdwet"):
        for f in sorted(folder(law, "voorbeelden").glob("*.xml")):
            data = f.read_bytes()
            out.append((f.name, data))
            # broken variants: codes, dates, numbers, missing elements, a second client
            out.append((f"{f.name}-codes", data.replace(b">01<", b">99<")))
            out.append((f"{f.name}-dates", data.replace(b"-01<", b"-41<")))
            out.append((f"{f.name}-bsn", data.replace(b"Bsn>", b"Bsnx>")))
            out.append((f"{f.name}-cut", data[: len(data) // 2]))
            out.append((f"{f.name}-products", data.replace(b"Product>", b"Produkt>")))
    for name, data in messages_for(generate_households(40, seed=5)):
        out.append((name, data))
    return out


def test_small_files_read_whole_give_what_the_pull_parser_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from gezinsplan.interop.istandaarden import reader

    variants = _variants()
    whole = [reader.read_bytes(data, name) for name, data in variants]
    monkeypatch.setattr(reader, "_whole", lambda data: None)
    pulled = [reader.read_bytes(data, name) for name, data in variants]
    assert whole == pulled
    # what a reading process sends back is the same result
    from gezinsplan.interop.istandaarden.importer import _pack, _unpack

    assert [_unpack(_pack(r)) for r in whole] == whole
    assert sum(1 for r in whole if r.problems) > 20
    assert sum(1 for r in whole if r.records) > 40


@pytest.mark.parametrize("workers", [1, 2])
def test_a_client_that_does_not_validate_leaves_the_same_caseload_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    folder = tmp_path / "berichten"
    folder.mkdir()
    for name, data in messages_for(generate_households(300, seed=2)):
        (folder / name).write_bytes(data)
    archive = Archive(KEY)
    for f in sorted(folder.iterdir()):
        archive.add(read_source(Source(str(f))).records)
    hids = [c[0] for c in archive.candidates()]
    broken = {hids[3], hids[len(hids) // 2]}  # in the first part and a later one
    document = Archive.document

    def spoilt(self: Archive, hid: str, bsn: str, builders: list[object]) -> dict[str, object]:
        data = document(self, hid, bsn, builders)
        if hid in broken:
            data["members"][0]["birth_date"] = "not a date"  # type: ignore[index]
        return data

    monkeypatch.setattr(Archive, "document", spoilt)
    households, problems = archive.households()
    assert {p.source for p in problems} == {f"client {hid}" for hid in broken}
    assert len(households) == len(hids) - 2
    write_caseload(households, tmp_path / "plain", "parquet", chunk_size=60)
    result = import_istandaarden(
        [folder], tmp_path / "fast", key=KEY, workers=workers, chunk_size=60
    )
    assert result.problems == problems
    assert result.households == len(households)
    assert _tables(tmp_path / "fast") == _tables(tmp_path / "plain")


def test_json_lines_are_the_same_as_the_plain_path(tmp_path: Path) -> None:
    folder = tmp_path / "berichten"
    folder.mkdir()
    names = []
    for name, data in messages_for(generate_households(200, seed=9)):
        (folder / name).write_bytes(data)
        names.append(name)
    random.Random(5).shuffle(names)
    archive = Archive(KEY)
    for name in names:
        archive.add(read_source(Source(str(folder / name))).records)
    households, _ = archive.households()
    write_caseload(households, tmp_path / "plain.jsonl", "jsonl")
    import_istandaarden([folder], tmp_path / "fast.jsonl", key=KEY, fmt="jsonl", workers=2)
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()
