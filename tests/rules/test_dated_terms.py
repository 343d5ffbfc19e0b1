"""Terms are read at the date of their event, not at the peildatum.

A lead time counted back from an 18th birthday in 2028 uses the value the parameter has
on that birthday, even when the plan is made in 2026; a birthday before the change keeps
the old value. The per-household engines and the whole-caseload SQL engine agree.
"""

from __future__ import annotations

from datetime import date

import pytest

from gezinsplan import Assessor
from gezinsplan.caseload import assess as caseload_assess
from gezinsplan.caseload.tables import to_arrow
from gezinsplan.model.household import Household
from gezinsplan.rules.ruleset import default_rules
from gezinsplan.rules.terms import DatedValues, value_on

RULES = default_rules()
PEIL = date(2026, 11, 23)
CHANGE = date(2028, 1, 1)
RULE = "transitie.wlz_indicatie_voor_18"
PARAM = "transitie.wlz_aanvraag_maanden"
VARIANT = RULES.with_parameters(RULES.parameters.with_values({PARAM: 9}, CHANGE), "langer")


def _youth(hid: str, born: date) -> Household:
    return Household.model_validate(
        {
            "id": hid,
            "gemeente": "Teststad",
            "members": [{"id": "m1", "role": "kind", "birth_date": born, "disabilities": ["lvb"]}],
            "provisions": [
                {
                    "id": "p1",
                    "member": "m1",
                    "wet": "jeugdwet",
                    "kind": "verblijf",
                    "product": "jeugdhulp_verblijf",
                    "start": "2022-01-01",
                }
            ],
        }
    )


# (born, 18th birthday, due with the variant, due in the shipped rules)
CASES = [
    # birthday after the change: 9 months before 2028-03-15 (the shipped value: 3)
    (date(2010, 3, 15), date(2027, 6, 15), date(2027, 12, 15)),
    # birthday on the change date: the new value is in force that day
    (date(2010, 1, 1), date(2027, 4, 1), date(2027, 10, 1)),
    # birthday before the change: still 3 months
    (date(2009, 10, 20), date(2027, 7, 20), date(2027, 7, 20)),
]


def _deadline(signals: list, rule_id: str) -> date:  # type: ignore[type-arg]
    (found,) = [s for s in signals if s.rule_id == rule_id]
    assert found.deadline is not None
    return found.deadline  # type: ignore[no-any-return]


@pytest.mark.parametrize("engine", ["python", "durable"])
@pytest.mark.parametrize(("born", "due_variant", "due_base"), CASES)
def test_a_lead_time_is_read_on_the_birthday(
    engine: str, born: date, due_variant: date, due_base: date
) -> None:
    h = _youth("h1", born)
    assert _deadline(Assessor(VARIANT, engine=engine).assess(h, PEIL), RULE) == due_variant
    assert _deadline(Assessor(RULES, engine=engine).assess(h, PEIL), RULE) == due_base


def test_the_message_quotes_the_term_its_date_was_computed_with() -> None:
    after, before = _youth("h1", CASES[0][0]), _youth("h2", CASES[2][0])
    (late,) = [s for s in Assessor(VARIANT).assess(after, PEIL) if s.rule_id == RULE]
    (early,) = [s for s in Assessor(VARIANT).assess(before, PEIL) if s.rule_id == RULE]
    assert "uiterlijk 9 maanden voor de 18e verjaardag" in late.message
    assert "uiterlijk 3 maanden voor de 18e verjaardag" in early.message
    # the parameters of the signal are those at the peildatum (as every engine gives them)
    assert late.parameters[PARAM] == 3


def test_the_caseload_engine_reads_the_term_on_the_birthday_too() -> None:
    households = [_youth(f"h{i}", born) for i, (born, _, _) in enumerate(CASES)]
    rows = caseload_assess(to_arrow(households), VARIANT, PEIL).to_pylist()
    got = {r["household"]: r["deadline"] for r in rows if r["rule_id"] == RULE}
    assert got == {f"h{i}": due for i, (_, due, _) in enumerate(CASES)}


def test_the_plan_dates_its_action_with_the_term_of_the_event() -> None:
    h = _youth("h1", CASES[0][0])
    plan = Assessor(VARIANT).plan(h, PEIL)
    dated = [
        a.deadline
        for goal in plan.goals
        for a in goal.actions
        if a.rule_id == RULE and a.deadline is not None
    ] + [a.deadline for a in plan.transitions if a.rule_id == RULE and a.deadline is not None]
    assert dated
    assert set(dated) == {CASES[0][1]}


def test_a_day_before_the_first_value_reads_the_first_value() -> None:
    params = RULES.params_at(PEIL)
    assert isinstance(params, DatedValues)
    assert value_on(params, PARAM, date(1990, 1, 1)) == 3
    assert value_on(VARIANT.params_at(PEIL), PARAM, date(2031, 5, 5)) == 9
    # a plain mapping is read as it is (the peildatum's values)
    assert value_on({PARAM: 4}, PARAM, date(2031, 5, 5)) == 4
