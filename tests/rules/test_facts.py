"""The fact tables match their declared schema, for every generated and fuzzed household."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given

from gezinsplan.generate import generate_households
from gezinsplan.io import parse_household
from gezinsplan.rules.facts import FACT_SCHEMA, build_facts
from tests.strategies import PEIL, fuzz_settings, households

_KINDS = {"int": int, "str": str, "bool": bool, "date": str}


def _check(tables: dict[str, list[dict[str, Any]]]) -> None:
    assert set(tables) == set(FACT_SCHEMA)
    for fact_type, rows in tables.items():
        schema = FACT_SCHEMA[fact_type]
        for row in rows:
            assert set(row) == set(schema), (fact_type, set(row) ^ set(schema))
            for name, (kind, _) in schema.items():
                value = row[name]
                assert type(value) is _KINDS[kind], (fact_type, name, value)
                if kind == "date" and value:
                    date.fromisoformat(value)


def test_generated_households_match_the_fact_schema() -> None:
    for h in generate_households(500, seed=5, peildatum=PEIL):
        _check(build_facts(h, PEIL))


@fuzz_settings
@given(households())
def test_any_valid_household_matches_the_fact_schema(data: dict[str, Any]) -> None:
    _check(build_facts(parse_household(data), PEIL))


def test_dates_and_counts_around_the_18th_birthday() -> None:
    h = parse_household(
        {
            "id": "h",
            "gemeente": "G",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1980-01-01"},
                {"id": "m2", "role": "kind", "birth_date": "2009-02-18"},
                {"id": "m3", "role": "kind", "birth_date": "2012-05-01"},
            ],
            "finances": {"debts": True, "schuldhulp_requested_on": "2026-10-12"},
        }
    )
    facts = build_facts(h, PEIL)
    m2 = next(m for m in facts["member"] if m["id"] == "m2")
    assert m2["kinderbijslag_until"] == "2027-03-31"
    assert m2["month_after_18"] == "2027-03-01"
    assert m2["minors_after_18"] == 1  # m3; the parent turned 18 long ago
    assert m2["twenty_first_birthday"] == "2030-02-18"
    (household,) = facts["household"]
    assert household["days_since_schuldhulp_request"] == 42
    assert household["n_members_kostendeler_age"] == 1


def test_income_is_not_help_in_months_in_care_and_ended_provisions() -> None:
    """Kinderbijslag, toeslagen and bijstand are income, not care or support: they do not
    make a household long in care, and an ended benefit is no ended help."""
    h = parse_household(
        {
            "id": "h",
            "gemeente": "G",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1980-01-01"},
                {"id": "m2", "role": "kind", "birth_date": "2012-05-01"},
            ],
            "provisions": [
                {
                    "id": "p1",
                    "member": "m1",
                    "wet": "toeslagen",
                    "kind": "uitkering",
                    "product": "kinderbijslag",
                    "start": "2012-07-01",
                },
                {
                    "id": "p2",
                    "member": "m1",
                    "wet": "participatiewet",
                    "kind": "uitkering",
                    "product": "bijstand",
                    "start": "2020-01-01",
                    "end": "2025-12-31",
                },
                {
                    "id": "p3",
                    "member": "m1",
                    "wet": "toeslagen",
                    "kind": "uitkering",
                    "product": "zorgtoeslag",
                    "start": "2019-01-01",
                    "end": "2024-12-31",
                },
                {
                    "id": "p4",
                    "member": "m2",
                    "wet": "jeugdwet",
                    "kind": "maatwerkvoorziening",
                    "product": "jeugdhulp_ambulant",
                    "start": "2026-09-01",
                },
            ],
        }
    )
    (household,) = build_facts(h, PEIL)["household"]
    assert household["months_in_care"] == 2  # since the jeugdhulp of 2026-09-01
    assert household["n_ended_provisions"] == 0
    assert {e["id"] for e in build_facts(h, PEIL)["ended"]} == {"p2", "p3"}


def test_unknown_income_and_residence_are_not_recorded_as_none() -> None:
    """``eigen_inkomen`` and ``rechtmatig_verblijf`` are facts only when recorded as false:
    an unknown value never makes a member look like one without income or residence. The
    schuldhulp request date is a date fact only up to the peildatum."""
    h = parse_household(
        {
            "id": "h",
            "gemeente": "G",
            "members": [
                {"id": "m1", "role": "ouder", "birth_date": "1980-01-01"},
                {
                    "id": "m2",
                    "role": "partner",
                    "birth_date": "1982-01-01",
                    "eigen_inkomen": False,
                    "rechtmatig_verblijf": False,
                },
                {
                    "id": "m3",
                    "role": "kind",
                    "birth_date": "2006-01-01",
                    "eigen_inkomen": True,
                    "rechtmatig_verblijf": True,
                },
            ],
            "finances": {"schuldhulp_requested_on": "2026-10-12", "herstel_toeslagen": True},
        }
    )
    facts = build_facts(h, PEIL)
    by_id = {m["id"]: m for m in facts["member"]}
    assert [by_id[i]["no_income"] for i in ("m1", "m2", "m3")] == [False, True, False]
    assert [by_id[i]["zonder_rechtmatig_verblijf"] for i in ("m1", "m2", "m3")] == [
        False,
        True,
        False,
    ]
    (household,) = facts["household"]
    assert household["schuldhulp_requested_on"] == "2026-10-12"
    assert household["herstel_toeslagen"] is True
    (before,) = build_facts(h, date(2026, 10, 11))["household"]
    assert before["schuldhulp_requested_on"] == ""
    assert before["schuldhulp_requested"] is False
