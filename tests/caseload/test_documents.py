"""Household documents without personal fields: nothing personal kept, plans unchanged."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gezinsplan import Assessor
from gezinsplan.caseload import convert_caseload
from gezinsplan.caseload.documents import (
    parse_document,
    read_documents,
    strip_personal,
    to_documents,
)
from gezinsplan.errors import HouseholdValidationError
from gezinsplan.generate import generate_households, write_generated
from gezinsplan.io import parse_household, read_household
from gezinsplan.model.household import PERSONAL_FIELDS, Household
from gezinsplan.plan.model import Plan
from gezinsplan.resources import examples_dir
from tests.conftest import (
    FULL,
    PLANTED_ADDRESS,
    PLANTED_BSN,
    PLANTED_EMAIL,
    PLANTED_NAME,
    PLANTED_PHONE,
    PLANTED_WORDS,
)

P = date(2026, 11, 23)


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def test_no_personal_field_is_kept() -> None:
    h = parse_household(FULL)
    doc = strip_personal(h)
    text = json.dumps(doc, ensure_ascii=False)
    for planted in (
        PLANTED_NAME,
        PLANTED_BSN,
        PLANTED_ADDRESS,
        PLANTED_PHONE,
        PLANTED_EMAIL,
        PLANTED_WORDS,
    ):
        assert planted not in text
    keys = _keys({k: v for k, v in doc.items() if k != "organisations"})
    assert not keys & PERSONAL_FIELDS
    assert [o["name"] for o in doc["organisations"]] == [o.name for o in h.organisations]
    assert parse_household(doc).id == h.id


def _figures(plan: Plan) -> tuple[object, ...]:
    return (
        plan.outcome,
        plan.regisseur.kind if plan.regisseur else None,
        plan.regisseur.id if plan.regisseur else None,
        [(g.id, g.leefgebied, g.status, g.basis, g.members) for g in plan.goals],
        [(a.deadline, a.members, a.wet) for a in plan.transitions],
        plan.evaluation_date,
    )


def test_a_plan_from_the_document_has_the_same_figures() -> None:
    examples = [read_household(p) for p in sorted(examples_dir().glob("*.json"))]
    households: list[Household] = [*examples, *generate_households(500, seed=12, peildatum=P)]
    assessor = Assessor(engine="python")
    for h in households:
        stripped = parse_household(strip_personal(h))
        assert _figures(assessor.plan(stripped, P)) == _figures(assessor.plan(h, P)), h.id


def test_documents_are_written_with_the_tables_and_read_back_by_number(tmp_path: Path) -> None:
    source = tmp_path / "c.jsonl"
    with source.open("w", encoding="utf-8") as f:
        write_generated(250, 4, f, peildatum=P)
    convert_caseload(source, tmp_path / "col", chunk_size=100)
    assert len(list((tmp_path / "col" / "documents").glob("*.parquet"))) == 3
    hs = list(generate_households(250, seed=4, peildatum=P))
    got = read_documents(tmp_path / "col", [240, 3, 101])
    assert [h.id for h in got] == [hs[240].id, hs[3].id, hs[101].id]
    assert got[0] == parse_household(strip_personal(hs[240]))
    assert read_documents(tmp_path / "col", []) == []
    table = to_documents(hs[:2], start=7)
    assert table.column("hkey").to_pylist() == [7, 8]


def test_a_document_text_reads_as_the_household_file_reader_reads_it() -> None:
    examples = [read_household(p) for p in sorted(examples_dir().glob("*.json"))]
    households = [*examples, *generate_households(300, seed=31, peildatum=P)]
    for h in households:
        text = json.dumps(strip_personal(h), ensure_ascii=False)
        assert parse_document(text, "doc") == parse_household(json.loads(text)), h.id


def test_a_bad_document_names_its_problems_and_where() -> None:
    h = parse_household(
        strip_personal(read_household(examples_dir() / "01_enkelvoudige_vraag.json"))
    )
    doc = strip_personal(h)
    doc["members"][0]["role"] = "koning"
    with pytest.raises(HouseholdValidationError) as e:
        parse_document(json.dumps(doc), "documents/part-0.parquet")
    assert e.value.problems[0].source == "documents/part-0.parquet"
    assert "members" in e.value.problems[0].path
    with pytest.raises(HouseholdValidationError, match="not valid JSON"):
        parse_document("{kapot", "documents/part-0.parquet")
