"""The generated page with every rule's legal basis, and the table of reference texts the
citations were checked against."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gezinsplan.rules.legal import LAWS, REFERENCE_TEXTS, LegalBasis
from gezinsplan.rules.reference_docs import legal_basis_markdown, rules_markdown
from gezinsplan.rules.ruleset import default_rules

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LAW_DIR = ROOT.parent / "shared" / "law"


def test_the_committed_legal_basis_page_is_current() -> None:
    assert (DOCS / "legal-basis.md").read_text(encoding="utf-8") == legal_basis_markdown(
        default_rules()
    ), "docs/legal-basis.md is stale: run `gezinsplan rules docs`"


def test_the_page_links_every_citation_and_names_the_text_checked() -> None:
    page = legal_basis_markdown(default_rules())
    for rule in default_rules().rules:
        for b in rule.basis:
            row = f"[{b.cite()}]({b.url}) | {b.valid_from.isoformat()} | {b.checked_against()} |"
            assert row in page, (rule.id, row)
    assert "(legal-basis.md)" in (DOCS / "legal.md").read_text(encoding="utf-8")
    assert "(legal-basis.md)" in (DOCS / "index.md").read_text(encoding="utf-8")


def test_rules_md_shows_the_structured_basis_with_links() -> None:
    page = rules_markdown(default_rules())
    for rule in default_rules().rules:
        for b in rule.basis:
            assert f"- [{b.cite()}]({b.url})" in page, rule.id


def test_checked_against() -> None:
    assert LegalBasis("wmo2015", "2.3.5", date(2015, 1, 1), 2).checked_against() == (
        f"referentietekst {REFERENCE_TEXTS['wmo2015'].version.isoformat()}"
    )
    not_held = "wetten.overheid.nl (niet in de referentieteksten)"
    assert LegalBasis("bw1", "378", date(2014, 1, 1)).checked_against() == not_held
    assert LegalBasis("wzt", "1", date(2006, 1, 1), 1, "c").checked_against() == not_held


def test_the_reference_table_matches_the_reference_texts() -> None:
    if not LAW_DIR.is_dir():
        pytest.fail(f"the reference law texts are missing: {LAW_DIR}")
    by_bwb = {law.bwb_id: key for key, law in LAWS.items()}
    held = {}
    for f in LAW_DIR.glob("*.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        key = by_bwb[data["bwb_id"]]
        held[key] = data
    assert set(REFERENCE_TEXTS) == set(held)
    for key, data in held.items():
        ref = REFERENCE_TEXTS[key]
        assert ref.version.isoformat() == data["version_date"], key
        numbers = frozenset(a["number"] for a in data["articles"])
        assert ref.articles == (None if data["complete"] else numbers), key
