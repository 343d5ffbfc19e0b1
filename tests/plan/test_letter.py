"""The household's letter: plain Dutch (measured), their names, the regisseur's contact,
what each person does, agreement and changes; the caseworker's version keeps the rest."""

from __future__ import annotations

import itertools
from datetime import date
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gezinsplan.assessor import Assessor
from gezinsplan.io import parse_household, read_household
from gezinsplan.model.enums import LEEFGEBIED_LABELS
from gezinsplan.plan.letter import dutch_date, letter_blocks, letter_text
from gezinsplan.plan.model import PlanOutcome
from gezinsplan.plan.readability import find_jargon, measure, syllables
from gezinsplan.plan.render import render_caseworker_markdown, render_html, render_markdown
from gezinsplan.resources import examples_dir

PEIL = date(2026, 11, 23)
ASSESSOR = Assessor()
EXAMPLES = sorted(examples_dir().glob("*.json"))


def _without_own_words(text: str) -> str:
    """The text minus the household's quoted own words (which may name someone)."""
    return "\n".join(ln for ln in text.splitlines() if "In uw eigen woorden" not in ln)


def _case(prefix: str):  # type: ignore[no-untyped-def]
    (path,) = [p for p in EXAMPLES if p.name.startswith(prefix)]
    h = read_household(path)
    return h, ASSESSOR.assess_and_plan(h, PEIL)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_letter_reads_at_b1(path) -> None:  # type: ignore[no-untyped-def]
    h = read_household(path)
    plan = ASSESSOR.plan(h, PEIL)
    r = measure(letter_text(letter_blocks(plan, h)))
    assert r.score >= 70, (r.score, r.longest_sentence)  # Flesch-Douma: easy to fairly easy
    assert r.mean_sentence_words <= 12
    assert r.longest_sentence_words <= 20, r.longest_sentence
    text = render_markdown(plan, h)
    assert find_jargon(text) == []
    assert not [label for label in LEEFGEBIED_LABELS.values() if f" {label} " in f" {text} "]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_letter_uses_first_names_and_the_caseworker_version_ids(path) -> None:  # type: ignore[no-untyped-def]
    h = read_household(path)
    case = ASSESSOR.assess_and_plan(h, PEIL)
    letter = render_markdown(case.plan, h)
    caseworker = _without_own_words(render_caseworker_markdown(case.plan, h, case.signals))
    for m in h.members:
        assert m.name is not None
        first = m.name.split()[0]
        assert first in letter
        assert m.name not in caseworker
        assert first not in caseworker
    for s in case.signals:
        assert f"`{s.rule_id}`" in caseworker
        assert s.source in caseworker
    assert "Akkoord van het huishouden" in letter


def test_the_regisseur_is_named_with_contact() -> None:
    h, case = _case("02_")
    letter = render_markdown(case.plan, h)
    assert case.plan.regisseur is not None
    prof = h.professional(case.plan.regisseur.id)
    assert prof.name is not None
    assert f"Uw regisseur is {prof.name} (wijkcoach) van" in letter
    assert f"Bellen: {prof.phone}" in letter
    assert f"Mailen: {prof.email}" in letter


def test_a_korte_check_never_mentions_a_regisseur() -> None:
    h, case = _case("01_")
    assert case.plan.outcome is PlanOutcome.KORTE_CHECK
    letter = render_markdown(case.plan, h)
    assert "regisseur" not in letter.lower()
    assert "Iemand van de gemeente" in letter


def test_transitions_read_with_names_and_dates_in_words() -> None:
    h, case = _case("03_")
    letter = render_markdown(case.plan, h)
    assert "- Uiterlijk 17 februari 2027: De behandeling van Milan gaat na 18 verder" in letter
    assert "- Uiterlijk 30 november 2026: Vraag uiterlijk 30 november 2026 bij de" in letter
    assert "Wie: de kantonrechter." in letter
    assert "Wie: de SVB." in letter
    # the schedule is in date order
    schedule = letter.split("## Wat moet wanneer gebeuren")[1].split("##")[0]
    assert schedule.index("30 november 2026") < schedule.index("17 februari 2027")
    assert schedule.index("17 februari 2027") < schedule.index("30 maart 2027")
    assert "m2" not in letter


def test_each_goal_says_who_does_what_and_who_pays() -> None:
    h, case = _case("02_")
    letter = render_markdown(case.plan, h)
    assert "U zelf: u bedenkt wat u zelf al kunt doen. Kosten: geen." in letter
    assert "Oma Janssen helpt mee." in letter
    assert "Betaald door: uw zorgverzekering." in letter
    assert "betaald via" not in letter


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_review_date_is_said_once_not_under_every_goal(path) -> None:  # type: ignore[no-untyped-def]
    h = read_household(path)
    plan = ASSESSOR.plan(h, PEIL)
    blocks = letter_blocks(plan, h)
    text = letter_text(blocks)
    if plan.evaluation_date is None:
        assert "kijken we samen" not in text
        return
    assert text.count("kijken we samen") == 1
    review = next(b for b in blocks if b.kind == "p" and "kijken we samen" in b.text)
    assert blocks[blocks.index(review) - 1].text == "Wanneer praten we weer?"
    assert dutch_date(plan.evaluation_date) in review.text


def test_a_plan_with_several_active_goals_has_one_review_sentence() -> None:
    h, case = _case("02_")
    active = [g for g in case.plan.goals if g.status == "actief"]
    assert len(active) >= 2
    assert case.plan.evaluation_date is not None
    letter = render_markdown(case.plan, h)
    assert letter.count(dutch_date(case.plan.evaluation_date)) == 1
    assert "of dit lukt" not in letter


def test_version_agreement_and_changes_since_the_previous_plan() -> None:
    h, case = _case("02_")
    fewer = h.model_copy(update={"questions": h.questions[:2]})
    before = ASSESSOR.plan(fewer, PEIL)
    letter = render_markdown(case.plan, h, version=2, previous=before)
    assert "Versie 2." in letter
    assert "Wij zijn het eens met versie 2 van dit plan van 23 november 2026." in letter
    changes = letter.split("## Wat is er veranderd?", 1)[1].split("##", 1)[0]
    assert "Nieuw: Hoe u zich voelt." in changes
    assert "Nieuw: Werk, school en opleiding." in changes
    same = render_markdown(case.plan, h, version=2, previous=case.plan)
    assert "Er is niets veranderd sinds de vorige versie." in same


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.stray_items = 0
        self.headings: list[int] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        if tag == "li" and (not self.stack or self.stack[-1] not in ("ul", "ol")):
            self.stray_items += 1
        if tag in ("h1", "h2", "h3"):
            self.headings.append(int(tag[1]))
        if tag not in ("meta", "br"):
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop() != tag:
            pass


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_letter_html_is_well_formed(path) -> None:  # type: ignore[no-untyped-def]
    h = read_household(path)
    tags = _Tags()
    tags.feed(render_html(ASSESSOR.plan(h, PEIL), h))
    assert tags.lang == "nl"
    assert tags.stray_items == 0
    assert tags.headings[0] == 1
    assert tags.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(tags.headings))


def test_without_the_household_the_letter_names_nobody() -> None:
    h, case = _case("02_")
    letter = _without_own_words(render_markdown(case.plan))
    for m in h.members:
        assert m.name is not None
        assert m.name.split()[0] not in letter


def test_syllables_and_scores() -> None:
    assert [syllables(w) for w in ("de", "huis", "beëindigd", "zorgverzekering")] == [1, 1, 3, 5]
    easy = measure("Dit is uw plan. U maakt het samen met ons.")
    hard = measure(
        "Overeenkomstig de desbetreffende verordening wordt de maatwerkvoorziening "
        "geïndiceerd na zorgvuldige belangenafweging door de gemandateerde functionaris."
    )
    assert easy.score > 90 > 30 > hard.score
    assert (easy.sentences, easy.words, easy.longest_sentence_words) == (2, 10, 6)


@given(st.text(max_size=400))
def test_measure_takes_any_text(text: str) -> None:
    r = measure(text)
    assert r.words >= 0
    assert r.sentences <= max(r.words, 1)
    if r.words:
        assert r.mean_sentence_words >= 1
    assert find_jargon(text) is not None


def test_minimal_household_letter() -> None:
    h = parse_household(
        {
            "id": "h",
            "gemeente": "G",
            "members": [{"id": "m1", "role": "ouder", "birth_date": "1980-01-01"}],
            "questions": [{"id": "q1", "members": ["m1"], "leefgebied": "financien"}],
        }
    )
    letter = render_markdown(ASSESSOR.plan(h, PEIL), h)
    assert letter.startswith("# Het plan van de ouder")
    assert "Geld en rekeningen" in letter
