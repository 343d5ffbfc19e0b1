"""The household model: validation, cross-references, privacy of reprs and errors."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

import pytest

from gezinsplan.errors import HouseholdValidationError
from gezinsplan.io import parse_household
from gezinsplan.model import Household, Leefgebied, Wet
from tests.conftest import (
    PLANTED_ADDRESS,
    PLANTED_BIRTH,
    PLANTED_BSN,
    PLANTED_NAME,
    PLANTED_WORDS,
)

PLANTED = (PLANTED_NAME, PLANTED_BSN, PLANTED_BIRTH, PLANTED_ADDRESS, PLANTED_WORDS, "1983")


def problems_of(data: Any) -> list[str]:
    with pytest.raises(HouseholdValidationError) as info:
        parse_household(data, source="h.json")
    return [f"{p.path}: {p.message}" for p in info.value.problems]


def test_full_household_parses(full: dict[str, Any]) -> None:
    h = parse_household(full)
    assert h.member("m2").age(date(2026, 11, 23)) == 17
    assert h.member("m2").months_to_18(date(2026, 11, 23)) == 3
    assert h.member("m2").eighteenth_birthday() == date(2027, 3, 10)
    assert {p.wet for p in h.provisions} == {Wet.PARTICIPATIEWET, Wet.JEUGDWET}
    assert [p.id for p in h.active_provisions(date(2027, 3, 10))] == ["p1"]


def test_latest_scores_uses_only_assessments_up_to_peildatum(full: dict[str, Any]) -> None:
    full["assessments"].append(
        {"member": "m1", "leefgebied": "financien", "score": 4, "date": "2027-01-01"}
    )
    h = parse_household(full)
    assert h.latest_scores(date(2026, 11, 23))[("m1", Leefgebied.FINANCIEN)].score == 2
    assert h.latest_scores(date(2027, 2, 1))[("m1", Leefgebied.FINANCIEN)].score == 4


def test_repr_and_str_hold_no_personal_data(full: dict[str, Any]) -> None:
    h = parse_household(full)
    text = repr(h) + str(h) + repr(h.members) + str(h.questions) + repr(h.safety_concerns)
    for value in PLANTED:
        assert value not in text
    assert "m1" in text


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["provisions"][0].update(member="m9"),
            "provisions[0].member: unknown member id: no member has this id",
        ),
        (
            lambda d: d["questions"][0].update(members=["m1", "x"]),
            "questions[0].members[1]: unknown member id: no member has this id",
        ),
        (
            lambda d: d["professionals"][0].update(organisation="o7"),
            "professionals[0].organisation: unknown organisation id: no organisation has this id",
        ),
        (
            lambda d: d["professionals"][0].update(collaborates_with=["pr9"]),
            "professionals[0].collaborates_with[0]: "
            "unknown professional id: no professional has this id",
        ),
        (
            lambda d: d["professionals"][0].update(collaborates_with=["pr1"]),
            "professionals[0].collaborates_with[0]: a professional cannot collaborate with itself",
        ),
        (
            lambda d: d["informal_support"][0].update(supporter_member="m8"),
            "informal_support[0].supporter_member: unknown member id: no member has this id",
        ),
        (
            lambda d: d["assessments"][0].update(member="m5"),
            "assessments[0].member: unknown member id: no member has this id",
        ),
        (
            lambda d: d["safety_concerns"][0].update(members=["m6"]),
            "safety_concerns[0].members[0]: unknown member id: no member has this id",
        ),
        (
            lambda d: d.update(regisseur_choice={"kind": "member", "id": "pr1"}),
            "regisseur_choice.id: unknown member id: no member has this id",
        ),
        (
            lambda d: d["members"][1].update(id="m1"),
            "members[1].id: duplicate id: an earlier entry has the same id",
        ),
        (
            lambda d: d["provisions"][1].update(provider="o9"),
            "provisions[1].provider: unknown organisation id: no organisation has this id",
        ),
    ],
)
def test_cross_reference_errors_name_path_and_id(
    full: dict[str, Any], mutate: Any, expected: str
) -> None:
    mutate(full)
    assert expected in problems_of(full)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["members"][0].pop("role"), "members[0].role: field required"),
        (lambda d: d["members"][0].update(colour="red"), "members[0].colour: unknown field"),
        (
            lambda d: d["members"][0].update(bsn="123456789"),
            "members[0].bsn: BSN fails the elfproef",
        ),
        (lambda d: d["members"][0].update(birth_date="1983-13-40"), "members[0].birth_date:"),
        (lambda d: d["assessments"][0].update(score=6), "assessments[0].score:"),
        (lambda d: d["provisions"][0].update(wet="awbz"), "provisions[0].wet: Input should be"),
        (
            lambda d: d["provisions"][1].update(end="2020-01-01"),
            "provisions[1]: end date lies before start date",
        ),
        (lambda d: d.update(members=[]), "members: Tuple should have at least 1 item"),
        (lambda d: d.update(id="has space"), "id: String should match pattern"),
    ],
)
def test_field_errors_name_the_path(full: dict[str, Any], mutate: Any, expected: str) -> None:
    mutate(full)
    found = problems_of(full)
    assert any(p.startswith(expected) for p in found), found


def test_error_messages_never_contain_personal_values(full: dict[str, Any]) -> None:
    full["members"][0]["bsn"] = "123456789"  # fails the elfproef, looks like a BSN
    full["members"][0]["birth_date"] = "19-07-1983"
    full["members"][0]["name"] = ""
    full["questions"][0]["own_words"] = PLANTED_WORDS * 100
    full["address"] = {"street": PLANTED_ADDRESS}
    with pytest.raises(HouseholdValidationError) as info:
        parse_household(full)
    text = str(info.value) + repr(info.value)
    for value in (*PLANTED, "123456789", "19-07-1983"):
        assert value not in text
    assert "members[0].bsn" in text
    assert "members[0].birth_date" in text


def test_errors_are_not_logged_with_personal_data(
    full: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    full["provisions"][0]["member"] = "m9"
    with pytest.raises(HouseholdValidationError):
        parse_household(full)
    for value in PLANTED:
        assert value not in caplog.text


def test_models_are_immutable(minimal: dict[str, Any]) -> None:
    h = parse_household(minimal)
    with pytest.raises(ValueError, match="frozen"):
        h.members[0].role = "kind"  # type: ignore[misc]


def test_lookup_of_unknown_member_raises_keyerror(minimal: dict[str, Any]) -> None:
    h = parse_household(minimal)
    with pytest.raises(KeyError, match="m7"):
        h.member("m7")
    assert isinstance(h, Household)


# -- strict types, bounds and consistency -----------------------------------------------


def _with(full: dict[str, Any], path: list[Any], value: Any) -> dict[str, Any]:
    import copy

    data = copy.deepcopy(full)
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (["members", 0, "birth_date"], 0, "members[0].birth_date: expected a date"),
        (["members", 0, "birth_date"], "1983-04-02T00:00:00", "expected a date written"),
        (["members", 0, "birth_date"], "9999-12-31", "outside the accepted range"),
        (["members", 0, "birth_date"], "1899-12-31", "outside the accepted range"),
        (["members", 0, "needs_representation"], "yes", "valid boolean"),
        (["members", 0, "needs_representation"], 1, "valid boolean"),
        (["members", 0, "needs_representation"], "on", "valid boolean"),
        (["questions", 0, "priority"], "2", "valid integer"),
        (["questions", 0, "priority"], 2.0, "valid integer"),
        (["questions", 0, "priority"], True, "valid integer"),
        (["gemeente"], "Maas\x00tricht", "gemeente: text contains a control character"),
        (["provisions", 0, "end"], "9999-12-31", "provisions[0].end: date outside"),
    ],
)
def test_types_are_strict_and_dates_bounded(
    full: dict[str, Any], path: list[Any], value: Any, expected: str
) -> None:
    problems = problems_of(_with(full, path, value))
    assert any(expected in p for p in problems), problems
    assert not any(str(value) in p for p in problems if str(value) not in ("0", "1", "yes", "on"))


def test_an_id_listed_twice_in_a_list_is_an_error(full: dict[str, Any]) -> None:
    q = full["questions"][0]
    problems = problems_of(
        _with(full, ["questions", 0, "members"], [*q["members"], q["members"][0]])
    )
    assert problems == [f"questions[0].members[{len(q['members'])}]: member listed twice"]


def test_dates_before_the_members_birth_are_errors(full: dict[str, Any]) -> None:
    member = full["provisions"][0]["member"]
    idx = next(i for i, m in enumerate(full["members"]) if m["id"] == member)
    data = _with(full, ["provisions", 0, "start"], "1901-01-01")
    assert problems_of(data) == ["provisions[0].start: lies before the member's birth date"]
    assert full["members"][idx]["birth_date"] not in problems_of(data)[0]


def test_sizes_are_bounded(minimal: dict[str, Any]) -> None:
    from gezinsplan.model.household import LIMITS

    member = minimal["members"][0]
    many = [{**member, "id": f"m{i}"} for i in range(LIMITS["members"] + 1)]
    assert problems_of({**minimal, "members": many}) == [
        f"members: Tuple should have at most {LIMITS['members']} items after validation, "
        f"not {LIMITS['members'] + 1}"
    ]
    parse_household({**minimal, "members": many[: LIMITS["members"]]})


def test_field_errors_and_dangling_references_in_one_pass(full: dict[str, Any]) -> None:
    data = _with(full, ["members", 0, "role"], "astronaut")
    data = _with(data, ["provisions", 0, "member"], "m-nobody")
    problems = problems_of(data)
    assert any(p.startswith("members[0].role:") for p in problems)
    assert "provisions[0].member: unknown member id: no member has this id" in problems


def test_a_peildatum_before_a_birth_is_a_clear_error(full: dict[str, Any]) -> None:
    from gezinsplan import assess, build_plan
    from gezinsplan.rules.ruleset import default_rules

    h = parse_household(full)
    youngest = max(m.birth_date for m in h.members)
    before = date(youngest.year - 1, 1, 1)
    idx = [m.birth_date for m in h.members].index(youngest)
    expected = f"members[{idx}].birth_date: lies after the peildatum"
    for call in (
        lambda: assess(h, default_rules(), before, engine="python"),
        lambda: assess(h, default_rules(), before, engine="durable"),
        lambda: build_plan(h, [], before),
    ):
        with pytest.raises(HouseholdValidationError, match=re.escape(expected)) as info:
            call()
        assert youngest.isoformat() not in str(info.value)


# -- what a toegangsteam records ----------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"parent_links": [{"child": "m1", "parent": "m1"}]},
            "parent_links[0].parent: a member cannot be its own parent",
        ),
        (
            {"parent_links": [{"child": "zz", "lives_elsewhere": True}]},
            "parent_links[0].child: unknown member id: no member has this id",
        ),
        (
            {"parent_links": [{"child": "m1", "parent": "m1", "lives_elsewhere": True}]},
            "parent_links[0]: give either parent (a member) or lives_elsewhere: true",
        ),
        ({"housing": "kasteel"}, "housing: Input should be"),
        ({"finances": {"debts": "ja"}}, "finances.debts: Input should be a valid boolean"),
        ({"finances": {"rent_arrears_months": 500}}, "finances.rent_arrears_months"),
        ({"finances": {"eviction_date": "9999-01-01"}}, "finances.eviction_date: date outside"),
    ],
)
def test_new_household_fields_give_path_errors(
    minimal: dict[str, Any], extra: dict[str, Any], expected: str
) -> None:
    problems = problems_of({**minimal, **extra})
    assert any(p.startswith(expected) for p in problems), problems


def test_provision_status_decides_what_runs(minimal: dict[str, Any]) -> None:
    member = minimal["members"][0]["id"]
    base = {"member": member, "wet": "wmo", "kind": "maatwerkvoorziening", "product": "begeleiding"}
    data = {
        **minimal,
        "provisions": [
            {**base, "id": "p1", "start": "2026-01-01", "status": "wachtlijst"},
            {**base, "id": "p2", "start": "2027-03-01"},
            {**base, "id": "p3", "start": "2025-01-01", "end": "2026-06-30", "status": "beeindigd"},
            {**base, "id": "p4", "start": "2025-01-01", "status": "overbrugging"},
        ],
    }
    h = parse_household(data)
    peil = date(2026, 11, 23)
    assert [p.id for p in h.provisions if p.active_on(peil)] == ["p4"]
    assert [p.id for p in h.provisions if p.planned_on(peil)] == ["p1", "p2"]
    assert [p.id for p in h.provisions if p.ended_on(peil)] == ["p3"]
    no_end = {**base, "id": "p5", "start": "2025-01-01", "status": "beeindigd"}
    assert any(
        "provisions[0]: an ended provision (beeindigd) needs its end date" in p
        for p in problems_of({**minimal, "provisions": [no_end]})
    )


def test_product_codes_have_one_to_five_characters(minimal: dict[str, Any]) -> None:
    member = minimal["members"][0]["id"]
    provision = {
        "id": "p1",
        "member": member,
        "wet": "jeugdwet",
        "kind": "maatwerkvoorziening",
        "product": "jeugdhulp_ambulant",
        "start": "2026-01-01",
    }
    for code in ("45A53", "4", "45a5"):
        assert parse_household({**minimal, "provisions": [{**provision, "product_code": code}]})
    for code in ("45A531", "   "):
        problems = problems_of({**minimal, "provisions": [{**provision, "product_code": code}]})
        assert any(p.startswith("provisions[0].product_code") for p in problems)


def test_toewijzing_fields_are_optional_and_checked_against_the_law(
    minimal: dict[str, Any],
) -> None:
    member = minimal["members"][0]["id"]
    provision = {
        "id": "p1",
        "member": member,
        "wet": "wmo",
        "kind": "maatwerkvoorziening",
        "product": "huishoudelijke_hulp",
        "category": "01",
        "start": "2025-01-01",
        "end": "2025-06-30",
        "toewijzingnummer": 101,
        "gemeente_code": "0384",
        "aanbieder_agb": "42420001",
        "volume": 3,
        "unit": "04",
        "frequency": "2",
        "budget": 125000,
        "juridische_status": "04",
        "delivery_start": "2025-01-03",
        "delivery_end": "2025-06-30",
        "reden_beeindiging": "31",
    }
    h = parse_household({**minimal, "provisions": [provision]})
    assert h.provisions[0].reden_beeindiging_label == "Verhuizing naar een andere gemeente"
    jw = {**provision, "wet": "jeugdwet", "product": "jeugdhulp_ambulant", "category": "45"}
    h = parse_household({**minimal, "provisions": [jw]})
    assert h.provisions[0].reden_beeindiging_label == "Levering is volgens plan beeindigd."
    # 19 is a Wmo code only; 21 too
    problems = problems_of({**minimal, "provisions": [{**jw, "reden_beeindiging": "19"}]})
    assert any("reden_beeindiging 19 is not in the jeugdwet code list" in p for p in problems)
    for field, bad in (("aanbieder_agb", "4242"), ("gemeente_code", "384"), ("unit", "05")):
        problems = problems_of({**minimal, "provisions": [{**provision, field: bad}]})
        assert any(field in p for p in problems), field


def test_old_files_without_the_new_fields_stay_valid(minimal: dict[str, Any]) -> None:
    h = parse_household(minimal)
    assert h.housing is None
    assert h.finances is None
    assert h.parent_links == ()
    assert all(m.insurance is None and m.school_absence is None for m in h.members)


def test_a_member_over_120_at_the_peildatum_is_a_clear_error(full: dict[str, Any]) -> None:
    from gezinsplan import assess, build_plan
    from gezinsplan.model.household import MAX_AGE
    from gezinsplan.rules.ruleset import default_rules

    data = _with(full, ["members", 0, "birth_date"], "1900-01-01")
    h = parse_household(data)  # a valid document: the age depends on the peildatum
    assert h.peildatum_problems(date(2020, 12, 31)) == []  # 120 years old
    late = date(2021, 1, 1)  # 121
    expected = f"members[0].birth_date: gives an age over {MAX_AGE} at the peildatum"
    for call in (
        lambda: assess(h, default_rules(), late, engine="python"),
        lambda: assess(h, default_rules(), late, engine="durable"),
        lambda: build_plan(h, [], late),
    ):
        with pytest.raises(HouseholdValidationError, match=re.escape(expected)) as info:
            call()
        assert "1900" not in str(info.value)
