"""The shipped example households: valid, lossless, and covering the promised situations."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from gezinsplan.io import dumps_household, parse_household, read_household
from gezinsplan.model import (
    Desk,
    EducationStatus,
    Household,
    MemberRole,
    ObligationKind,
    Product,
    is_valid_bsn,
)
from gezinsplan.resources import examples_dir

PEILDATUM = date(2026, 11, 23)
FILES = sorted(examples_dir().glob("*.json"))


def load(prefix: str) -> Household:
    (path,) = [p for p in FILES if p.name.startswith(prefix)]
    return read_household(path)


def test_there_are_at_least_eight_examples_and_a_readme() -> None:
    assert len(FILES) >= 8
    readme = (examples_dir().parent / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert path.name in readme


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_example_is_valid_and_round_trips(path: Path) -> None:
    h = read_household(path)
    assert parse_household(json.loads(dumps_household(h))) == h
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(dumps_household(h))
    for m in h.members:
        assert m.bsn is None or is_valid_bsn(m.bsn)


def test_ids_are_unique_across_examples() -> None:
    assert len({read_household(p).id for p in FILES}) == len(FILES)


def test_single_question() -> None:
    h = load("01_")
    assert len(h.questions) == 1
    assert len({p.wet for p in h.provisions} | {q.desk for q in h.questions}) == 1


def test_multi_problem_family_with_two_casemanagers() -> None:
    h = load("02_")
    assert len(h.professionals) >= 6
    assert len({p.organisation for p in h.professionals}) >= 4
    assert sum(p.is_casemanager for p in h.professionals) == 2
    assert len({q.desk for q in h.questions}) >= 3


def test_seventeen_year_old_in_jeugd_ggz() -> None:
    h = load("03_")
    young = [m for m in h.members if m.age(PEILDATUM) == 17]
    assert young
    ggz = [p for p in h.provisions if p.product is Product.JEUGD_GGZ]
    assert ggz
    assert ggz[0].member == young[0].id
    assert ggz[0].category is not None
    assert ggz[0].category.value == "54"
    assert 0 < young[0].months_to_18(PEILDATUM) <= 6


def test_foster_child_close_to_18() -> None:
    h = load("04_")
    (child,) = [m for m in h.members if m.role is MemberRole.PLEEGKIND]
    assert 0 <= child.months_to_18(PEILDATUM) <= 1
    assert any(p.product is Product.PLEEGZORG and p.member == child.id for p in h.provisions)


def test_parent_in_bijstand_with_arbeidsverplichting_is_mantelzorger() -> None:
    h = load("05_")
    (parent,) = [m for m in h.members if m.obligations]
    assert ObligationKind.ARBEIDSVERPLICHTING in {o.kind for o in parent.obligations}
    assert any(p.product is Product.BIJSTAND and p.member == parent.id for p in h.provisions)
    care = [s for s in h.informal_support if s.supporter_member == parent.id]
    supported = {m for s in care for m in s.supports}
    assert any(h.member(m).role is MemberRole.INWONEND_FAMILIELID for m in supported)


def test_debts_with_eviction_risk() -> None:
    h = load("06_")
    scores = {lg.value: a.score for (_, lg), a in h.latest_scores(PEILDATUM).items()}
    assert scores["financien"] <= 2
    assert scores["huisvesting"] <= 2


def test_housing_adaptation_question_at_jeugd_desk() -> None:
    h = load("07_")
    (q,) = [q for q in h.questions if q.leefgebied.value == "basale_adl"]
    assert q.desk is Desk.JEUGD
    assert all(h.member(m).age(PEILDATUM) < 18 for m in q.members)


def test_acute_safety_concern() -> None:
    h = load("08_")
    assert h.safety_concerns
    assert any(a.score == 1 for a in h.latest_scores(PEILDATUM).values())


def test_young_person_without_school_and_dagbesteding_beside_reintegratie() -> None:
    h = load("09_")
    assert any(
        m.education is EducationStatus.GEEN_SCHOOL and 16 <= m.age(PEILDATUM) < 18
        for m in h.members
    )
    products = {(p.member, p.product) for p in h.provisions}
    assert any(
        (m, Product.ARBEIDSMATIGE_DAGBESTEDING) in products
        and (m, Product.REINTEGRATIE) in products
        for m, _ in products
    )


def test_youth_leaving_a_leefgroep_with_a_late_follow_up() -> None:
    h = load("10_")
    (young,) = [m for m in h.members if m.age(PEILDATUM) == 17]
    assert {d.value for d in young.disabilities} == {"lvb"}
    assert not young.wlz_indicatie
    planned = [p for p in h.provisions if p.planned_on(PEILDATUM)]
    assert [p.status.value for p in planned if p.status] == ["wachtlijst"]
    assert planned[0].start > young.eighteenth_birthday()
    assert any(k.lives_elsewhere and k.gezag for k in h.parent_links)


def test_huisverbod_with_children_and_a_thuiszitter() -> None:
    h = load("11_")
    (concern,) = h.safety_concerns
    assert concern.children_present
    assert concern.huisverbod_until is not None
    assert concern.huisverbod_until > PEILDATUM
    thuis = [m for m in h.members if m.school_absence and m.school_absence.thuiszitter]
    assert len(thuis) == 1
    assert thuis[0].care_outside_hours
    assert any(q.urgency.value == "acuut" for q in h.questions)


def test_single_parent_with_debts_and_an_energy_cut_off() -> None:
    h = load("12_")
    assert h.finances is not None
    assert h.finances.debts
    assert h.finances.energy_cutoff
    (parent,) = [m for m in h.members if m.role is MemberRole.OUDER]
    assert parent.statushouder
    assert not parent.inburgering_pip
    assert parent.insurance is not None
    assert parent.insurance.value == "wanbetaler"
    assert any(m.age(PEILDATUM) < 5 for m in h.members)
