"""Regie under a protective measure: beschermingsbewind (money) and mentorschap (care)
leave the member the regie for everything else; only curatele takes it away, and
curatele also ends parental authority (BW 1:246)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from gezinsplan.assessor import Assessor
from gezinsplan.model.household import Household
from gezinsplan.plan.letter import letter_blocks, letter_text
from gezinsplan.rules.facts import build_facts
from gezinsplan.rules.ruleset import default_rules

PEIL = date(2026, 11, 23)


def _household(representation: list[dict[str, Any]]) -> Household:
    return Household.model_validate(
        {
            "id": "h",
            "gemeente": "Teststad",
            "members": [
                {
                    "id": "m1",
                    "role": "ouder",
                    "birth_date": "1980-01-01",
                    "name": "Anna Jansen",
                    "representation": representation,
                    "has_ouderlijk_gezag": True,
                },
                {"id": "m2", "role": "kind", "birth_date": "2015-01-01"},
            ],
            "questions": [
                {"id": "q1", "members": ["m1"], "leefgebied": "financien", "desk": "participatie"},
                {"id": "q2", "members": ["m1"], "leefgebied": "tijdsbesteding", "desk": "wmo"},
            ],
            "parent_links": [{"child": "m2", "parent": "m1", "gezag": True}],
        }
    )


def _plan(h: Household):  # type: ignore[no-untyped-def]
    return Assessor(default_rules(), engine="python").assess_and_plan(h, PEIL).plan


@pytest.mark.parametrize(
    ("kind", "words"), [("bewind", "bewindvoerder"), ("mentorschap", "mentor")]
)
def test_bewind_and_mentorschap_leave_the_regie_with_the_member(kind: str, words: str) -> None:
    plan = _plan(_household([{"kind": kind, "since": "2020-01-01"}]))
    assert plan.regisseur is not None
    assert (plan.regisseur.kind, plan.regisseur.id) == ("member", "m1")
    assert words in plan.regisseur.reason
    assert "Voor al het andere houdt u zelf de regie" in plan.regisseur.reason


def test_curatele_takes_the_regie_away() -> None:
    plan = _plan(_household([{"kind": "curatele", "since": "2020-01-01"}]))
    assert plan.regisseur is not None
    assert plan.regisseur.kind != "member"


def test_a_requested_curatele_is_not_yet_in_force() -> None:
    plan = _plan(_household([{"kind": "curatele", "requested": True}]))
    assert plan.regisseur is not None
    assert (plan.regisseur.kind, plan.regisseur.id) == ("member", "m1")


def test_curatele_ends_parental_authority() -> None:
    with_measure = _household([{"kind": "curatele", "since": "2020-01-01"}])
    without = _household([{"kind": "bewind", "since": "2020-01-01"}])
    assert not with_measure.holds_gezag(with_measure.parent_links[0])
    assert without.holds_gezag(without.parent_links[0])

    def gezag(h: Household) -> int:
        kid = next(f for f in build_facts(h, PEIL)["member"] if f["id"].endswith("m2"))
        return int(kid["n_gezag_parents"])

    assert (gezag(with_measure), gezag(without)) == (0, 1)


def test_who_signs_the_letter() -> None:
    h = _household([{"kind": "curatele", "since": "2020-01-01"}])
    text = letter_text(letter_blocks(_plan(h), h))
    assert "Voor Anna, de curator: handtekening" in text
    h = _household([{"kind": "bewind", "since": "2020-01-01"}])
    text = letter_text(letter_blocks(_plan(h), h))
    assert "Anna: handtekening" in text
    assert "Tekent mee: de bewindvoerder (voor geld)" in text
