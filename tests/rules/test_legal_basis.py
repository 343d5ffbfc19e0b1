"""Every rule carries a structured legal basis that parses and resolves to the law text.

The reference texts of the laws (BWB id, article, lid, version date) are read from the
project's shared folder beside the repository; the library itself never needs them.
"""

from __future__ import annotations

import json
import re
import textwrap
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from gezinsplan.errors import RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.legal import LAWS, LegalBasis
from gezinsplan.rules.ruleset import Rule, default_rules, load_rules

ROOT = Path(__file__).resolve().parents[2]
LAW_DIR = ROOT.parent / "shared" / "law"
JCI = re.compile(r"^jci1\.3:c:BWBR[0-9]{7}(&boek=[0-9])?&artikel=[0-9A-Za-z.:]+(&lid=[0-9]+)?$")


@cache
def law_texts() -> dict[str, dict[str, Any]]:
    if not LAW_DIR.is_dir():
        pytest.fail(f"the reference law texts are missing: {LAW_DIR}")
    out: dict[str, dict[str, Any]] = {}
    for f in LAW_DIR.glob("*.json"):
        data = json.loads(f.read_text(encoding="utf-8"))
        out[data["bwb_id"]] = data
    return out


def resolve(basis: LegalBasis) -> str:
    """'ok', 'no text' (no reference text, or an incomplete one without the article), or
    what is wrong."""
    law = law_texts().get(basis.bwb_id)
    if law is None:
        return "no text"
    article = next((a for a in law["articles"] if a["number"] == basis.article), None)
    if article is None:
        return "no text" if not law["complete"] else f"no art. {basis.article}"
    if article.get("status") == "vervallen":
        return f"art. {basis.article} is repealed"
    if basis.lid is not None:
        leden = {str(lid["number"]) for lid in article.get("leden", [])}
        if str(basis.lid) not in leden:
            return f"art. {basis.article} has no lid {basis.lid}"
    return "ok"


def all_bases() -> list[tuple[Rule, LegalBasis]]:
    return [(r, b) for r in default_rules().rules for b in r.basis]


def test_every_rule_has_a_structured_basis() -> None:
    missing = [r.id for r in default_rules().rules if not r.basis]
    assert missing == []


def test_every_citation_names_a_known_law_and_parses() -> None:
    for rule, basis in all_bases():
        assert basis.law in LAWS, rule.id
        assert JCI.match(basis.juriconnect), (rule.id, basis.juriconnect)
        assert basis.url.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR")
        assert basis.valid_from >= date(1900, 1, 1)
        assert rule.source.startswith(LAWS[rule.basis[0].law].short)


def test_every_citation_resolves_to_an_article_and_lid_where_the_law_is_held_in_full() -> None:
    wrong = [
        f"{rule.id}: {basis.cite()}: {verdict}"
        for rule, basis in all_bases()
        if (verdict := resolve(basis)) not in ("ok", "no text")
    ]
    assert wrong == []


def test_the_laws_with_full_texts_are_checked_for_most_citations() -> None:
    """Guard against a test that checks nothing: most citations are to laws held in full."""
    verdicts = [resolve(b) for _, b in all_bases()]
    assert verdicts
    assert verdicts.count("ok") >= 0.8 * len(verdicts)


def test_the_bwb_ids_match_the_reference_texts() -> None:
    titles = {bwb: data["citeertitel"] for bwb, data in law_texts().items()}
    for law in LAWS.values():
        if law.bwb_id in titles:
            assert titles[law.bwb_id].casefold().startswith(law.title.casefold()[:12]), law.key


def test_citations_in_words() -> None:
    basis = LegalBasis("participatiewet", "19a", date(2023, 1, 1), lid=1, sub="d")
    assert basis.cite() == "Participatiewet art. 19a lid 1 onder d"
    assert basis.juriconnect == "jci1.3:c:BWBR0015703&artikel=19a&lid=1"
    bw = LegalBasis("bw1", "246", date(1970, 1, 1))
    assert bw.cite() == "BW art. 1:246"
    assert bw.juriconnect == "jci1.3:c:BWBR0002656&boek=1&artikel=246"


RULE = """
    id: triage.x
    title: X
    severity: info
    BASIS
    description: d
    message: "m"
    when:
      - fact: household
        as: h
    tests:
      - name: a
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: ouder, birth_date: 1980-01-01}]}
        fires: true
      - name: b
        peildatum: 2026-11-23
        household: {members: [{id: m1, role: ouder, birth_date: 1980-01-01}]}
        fires: false
"""


def _load(tmp_path: Path, basis: str) -> RuleError:
    root = tmp_path / "rules"
    (root / "triage").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    text = textwrap.dedent(RULE).replace("BASIS", basis)
    (root / "triage" / "x.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules(root)
    return info.value


@pytest.mark.parametrize(
    ("basis", "line", "expected"),
    [
        ("basis: []", 5, "basis: rule triage.x: a non-empty list"),
        (
            'basis: [{law: wmo, article: "2.3.5", valid_from: 2015-01-01}]',
            5,
            "basis[0].law: rule triage.x: unknown law 'wmo'",
        ),
        (
            "basis: [{law: wmo2015, article: art 2, valid_from: 2015-01-01}]",
            5,
            "basis[0].article: rule triage.x: an article as the law writes it",
        ),
        (
            'basis: [{law: wmo2015, article: "2.3.5", lid: 0, valid_from: 2015-01-01}]',
            5,
            "basis[0].lid: rule triage.x: a lid is a whole number from 1",
        ),
        (
            'basis: [{law: wmo2015, article: "2.3.5", valid_from: sinds 2015}]',
            5,
            "basis[0].valid_from: rule triage.x: the date the cited text applies from",
        ),
        (
            'basis: [{law: wmo2015, article: "2.3.5", valid_from: 2015-01-01, paragraph: 2}]',
            5,
            "basis[0].paragraph: rule triage.x: unknown key",
        ),
        ("", None, "rule triage.x: missing required key 'basis'"),
    ],
)
def test_a_bad_basis_is_refused_with_file_line_and_field(
    tmp_path: Path, basis: str, line: int | None, expected: str
) -> None:
    error = _load(tmp_path, basis)
    texts = [str(p) for p in error.problems]
    assert any(expected in t for t in texts), texts
    if line is not None:
        assert any(p.line == line for p in error.problems), texts
