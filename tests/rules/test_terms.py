"""Term arithmetic: the working-day calendar (Algemene termijnenwet art. 3), lead times
before an event, terms after a start (Atw art. 1, 2 and 4), working days, overdue dates;
the rule language that names them and the catalogue that uses them."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gezinsplan.errors import RuleError
from gezinsplan.resources import default_rules_dir
from gezinsplan.rules.ruleset import default_rules, load_rules
from gezinsplan.rules.terms import (
    ATW_EXAMPLE,
    CALENDAR_PARAMETER,
    Calendar,
    Term,
    atw_applies,
    calendar_from_params,
    easter,
    forward_term,
    lead_time,
    overdue,
    parse_calendar,
)

RULES = default_rules()
CAL = calendar_from_params(RULES.params_at(date(2026, 11, 23)))
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
units = st.sampled_from(["days", "weeks", "months", "werkdagen"])
amounts = st.integers(min_value=0, max_value=400)


# -- the calendar -----------------------------------------------------------------------


def test_the_shipped_calendar_is_the_atw_list() -> None:
    assert RULES.parameters[CALENDAR_PARAMETER].value_at(date(2026, 1, 1)) == ATW_EXAMPLE
    assert "Algemene termijnenwet" in RULES.parameters[CALENDAR_PARAMETER].source


def test_the_holidays_of_2026_and_2027() -> None:
    assert sorted(CAL.holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),  # Goede Vrijdag (art. 3 lid 2)
        date(2026, 4, 6),  # tweede Paasdag
        date(2026, 4, 27),  # Koningsdag
        date(2026, 5, 5),
        date(2026, 5, 14),  # Hemelvaartsdag
        date(2026, 5, 25),  # tweede Pinksterdag
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]
    assert CAL.holiday(date(2027, 3, 29)) == "Tweede Paasdag"


def test_koningsdag_on_a_sunday_is_the_saturday_before() -> None:
    assert CAL.holiday(date(2025, 4, 26)) == "Koningsdag"  # 27 April 2025 was a Sunday
    assert CAL.holiday(date(2025, 4, 27)) is None
    assert CAL.holiday(date(2013, 4, 30)) == "Koninginnedag"
    assert CAL.holiday(date(2014, 4, 30)) is None


@given(st.integers(min_value=1900, max_value=2200))
def test_easter_is_a_sunday_in_march_or_april(year: int) -> None:
    day = easter(year)
    assert day.weekday() == 6
    assert date(year, 3, 22) <= day <= date(year, 4, 25)


def test_a_bad_holiday_rule_is_refused() -> None:
    problems = parse_calendar(["02-30 Niets", "pasen Hemelvaart", "04-27/zo-1 X vanaf 2014"])[1]
    assert len(problems) == 2
    with pytest.raises(ValueError, match="02-30"):
        Calendar.from_rules(["02-30 Niets"])


def test_a_bad_calendar_parameter_is_a_file_error(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    (root / "parameters").mkdir(parents=True)
    for group in ("plan", "bestaanszekerheid"):
        (root / "parameters" / group).symlink_to(default_rules_dir() / "parameters" / group)
    (root / "parameters" / "kalender").mkdir()
    (root / "parameters" / "kalender" / "feestdagen.yaml").write_text(
        "description: d\nsource: s\nunit: lijst\nvalues:\n  2020-01-01: [13-45 Nergensdag]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=r"feestdagen.yaml: values.2020-01-01: .*13-45"):
        load_rules(root)


# -- (a) lead times before an event -------------------------------------------------------


@settings(max_examples=300)
@given(days, amounts, st.sampled_from(["days", "months", "werkdagen"]))
def test_a_lead_time_lands_strictly_before_the_event_on_a_working_day(
    event: date, n: int, unit: str
) -> None:
    due = lead_time(event, n, unit, CAL)  # type: ignore[arg-type]
    assert due < event
    assert CAL.is_working_day(due)


@settings(max_examples=300)
@given(days, amounts, st.sampled_from(["days", "months"]))
def test_a_lead_time_moves_earlier_never_later(event: date, n: int, unit: str) -> None:
    from gezinsplan.model.dates import add_months

    plain = add_months(event, -n) if unit == "months" else event - timedelta(days=n)
    target = min(plain, event - timedelta(days=1))
    due = lead_time(event, n, unit, CAL)  # type: ignore[arg-type]
    assert due <= target
    # only as far back as needed: no working day lies between the due date and the target
    day = due + timedelta(days=1)
    while day <= target:
        assert not CAL.is_working_day(day)
        day += timedelta(days=1)


def test_lead_times_around_holidays() -> None:
    assert lead_time(date(2026, 12, 28), 0, "days", CAL) == date(2026, 12, 24)
    assert lead_time(date(2027, 3, 30), 0, "days", CAL) == date(2027, 3, 25)  # Easter 2027
    assert lead_time(date(2027, 2, 18), 3, "werkdagen", CAL) == date(2027, 2, 15)


# -- (b) terms after a start (Algemene termijnenwet) ---------------------------------------


@settings(max_examples=300)
@given(days, amounts, st.sampled_from(["days", "weeks", "months"]), st.booleans())
def test_a_forward_term_is_never_earlier_than_the_plain_date(
    start: date, n: int, unit: str, atw: bool
) -> None:
    from gezinsplan.model.dates import add_months

    plain = (
        add_months(start, n)
        if unit == "months"
        else start + (timedelta(weeks=n) if unit == "weeks" else timedelta(days=n))
    )
    end = forward_term(start, n, unit, CAL, atw=atw)  # type: ignore[arg-type]
    assert end >= plain
    if not atw or not atw_applies(n, unit):  # type: ignore[arg-type]
        assert end == plain
    else:  # Atw art. 1 lid 1: never on a Saturday, Sunday or public holiday
        assert CAL.is_working_day(end)
        if (plain - start).days >= 3:  # art. 2: at least two working days in the term
            assert CAL.working_days_between(start, end) >= 2


def test_atw_article_4_limits() -> None:
    assert atw_applies(90, "days")
    assert not atw_applies(91, "days")
    assert atw_applies(12, "weeks")
    assert not atw_applies(13, "weeks")
    assert atw_applies(3, "months")
    assert not atw_applies(4, "months")
    assert not atw_applies(3, "werkdagen")


def test_the_wmo_terms_end_on_a_working_day() -> None:
    # two weeks from Saturday 2026-12-12 end on Saturday 2026-12-26: Monday 2026-12-28
    assert forward_term(date(2026, 12, 12), 14, "days", CAL, atw=True) == date(2026, 12, 28)
    # a municipal term (atw: false) is not extended
    assert forward_term(date(2026, 12, 12), 14, "days", CAL, atw=False) == date(2026, 12, 26)


# -- (c) working days ---------------------------------------------------------------------


@settings(max_examples=300)
@given(days, st.integers(min_value=0, max_value=60))
def test_working_days_count_dutch_working_days(start: date, n: int) -> None:
    end = forward_term(start, n, "werkdagen", CAL, atw=False)
    assert CAL.working_days_between(start, end) == n
    if n:
        assert CAL.is_working_day(end)


# -- (d) overdue --------------------------------------------------------------------------


@settings(max_examples=300)
@given(days, days, st.integers(min_value=0, max_value=20))
def test_an_overdue_date_gets_a_new_working_day_on_or_after_the_peildatum(
    due: date, peildatum: date, urgent: int
) -> None:
    late = overdue(due, peildatum, CAL, urgent)
    if due >= peildatum:
        assert late is None
        return
    assert late is not None
    assert late.since == due + timedelta(days=1)
    assert late.new_date >= peildatum
    assert CAL.is_working_day(late.new_date)
    assert CAL.working_days_between(peildatum, late.new_date) in (urgent, urgent + 1)


# -- the rule language --------------------------------------------------------------------

RULE = """
id: schotten.x
title: Test
severity: low
basis: [{{law: wmo2015, article: "2.3.5", lid: 2, valid_from: 2015-01-01}}]
description: test
message: "{{q.member}}"
parameters: [schotten.wmo_beschikking_dagen, transitie.hervatting_maanden, plan.spoed_werkdagen]
deadline: {deadline}
when:
  - fact: question
    as: q
    where:
      has_aanvraag: true
tests:
  - name: fires
    peildatum: 2026-12-01
    household:
      members: [{{id: m1, role: ouder, birth_date: 1950-01-01}}]
      questions: [{{id: q1, members: [m1], leefgebied: basale_adl, desk: wmo, aanvraag_on: {on}}}]
    fires: true
{expect}
  - name: quiet
    peildatum: 2026-12-01
    household:
      members: [{{id: m1, role: ouder, birth_date: 1950-01-01}}]
    fires: false
"""


def _load(tmp_path: Path, deadline: str, on: str = "2026-11-28", expect: str = "") -> None:
    root = tmp_path / "rules"
    (root / "schotten").mkdir(parents=True)
    (root / "parameters").symlink_to(default_rules_dir() / "parameters")
    text = RULE.format(deadline=deadline, on=on, expect=expect)
    (root / "schotten" / "x.yaml").write_text(text, encoding="utf-8")
    rules = load_rules(root)
    from gezinsplan.cases import run_case

    rule = rules.rule("schotten.x")
    results = [run_case(rules, rule, rule.tests[0], e) for e in ("python", "durable")]
    failures = [str(r) for r in results if not r.ok]
    assert failures == []


WMO = "{param: schotten.wmo_beschikking_dagen}"


@pytest.mark.parametrize(
    ("deadline", "on", "expected"),
    [
        # Saturday 2026-11-28 + 14 days = Saturday 2026-12-12: Atw moves it to Monday
        (f"{{ref: q.aanvraag_on, days_after: {WMO}, atw: true}}", "2026-11-28", "2026-12-14"),
        ("{ref: q.aanvraag_on, days_after: 14, atw: false}", "2026-11-28", "2026-12-12"),
        ("{ref: q.aanvraag_on, weeks_after: 2, atw: true}", "2026-11-28", "2026-12-14"),
        ("{ref: q.aanvraag_on, werkdagen_after: 3, atw: false}", "2026-11-28", "2026-12-02"),
        # the working day before Monday 2026-11-30 is Friday 2026-11-27, before the
        # peildatum 2026-12-01: overdue, a new date 5 working days on
        ("{ref: q.aanvraag_on, before: true}", "2026-11-30", "2026-12-08"),
    ],
)
def test_deadline_kinds_in_a_rule(tmp_path: Path, deadline: str, on: str, expected: str) -> None:
    _load(tmp_path, deadline, on=on, expect=f"    expect: {{deadline: {expected}}}")


def test_an_overdue_rule_deadline_gets_the_urgent_date(tmp_path: Path) -> None:
    # due Friday 2026-11-20, peildatum Tuesday 2026-12-01: 5 working days on is 2026-12-08
    _load(
        tmp_path,
        "{ref: q.aanvraag_on, days_after: 14, atw: true}",
        on="2026-11-06",
        expect="    expect: {deadline: 2026-12-08}",
    )


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        ("{ref: q.aanvraag_on, days_after: 14}", "say whether the Algemene termijnenwet"),
        ("{ref: q.aanvraag_on, days_before: 3, atw: true}", "art. 1 lid 2"),
        ("{ref: q.aanvraag_on, months_after: 4, atw: true}", "(art. 4)"),
        (
            "{ref: q.aanvraag_on, months_after: {param: transitie.hervatting_maanden}, atw: true}",
            "(art. 4)",
        ),
        ("{ref: q.aanvraag_on, werkdagen_after: 3, atw: true}", "counts working days"),
        ("{ref: q.aanvraag_on, before: false}", "before is true"),
        ("{ref: q.aanvraag_on, before: true, days_after: 3, atw: false}", "does not go with"),
        ("{ref: q.aanvraag_on, atw: true}", "atw goes with a term after"),
        (f"{{ref: q.aanvraag_on, werkdagen_after: {WMO}, atw: false}}", "unit werkdagen"),
    ],
)
def test_bad_deadlines_are_file_line_errors(tmp_path: Path, deadline: str, message: str) -> None:
    with pytest.raises(RuleError) as info:
        _load(tmp_path, deadline)
    text = str(info.value)
    assert "x.yaml:9: deadline" in text
    assert message in text


def test_every_catalogue_deadline_says_what_it_is() -> None:
    vague = [r.id for r in RULES.rules if r.deadline and (r.deadline_term or Term()).kind == "on"]
    assert vague == []
    # what must be arranged before a birthday is a lead time that lands before it
    for r in RULES.rules:
        if r.deadline and r.deadline[1].endswith("birthday"):
            assert r.deadline_term is not None, r.id
            assert r.deadline_term.kind == "before", r.id


@pytest.mark.parametrize("peildatum", [date(2026, 11, 23), date(2027, 4, 2)])
def test_no_catalogue_deadline_falls_on_a_weekend_or_holiday_unless_the_law_says_so(
    peildatum: date,
) -> None:
    from gezinsplan.assessor import Assessor
    from gezinsplan.generate import generate_households

    assessor = Assessor(RULES, engine="python")
    seen = 0
    for h in generate_households(400, seed=11, peildatum=peildatum):
        for s in assessor.assess(h, peildatum):
            if s.deadline is None:
                continue
            term = RULES.rule(s.rule_id).deadline_term
            assert term is not None
            seen += 1
            if s.overdue_since is not None:
                assert s.deadline >= peildatum
                assert CAL.is_working_day(s.deadline), s.rule_id
                assert s.missed_term
            elif term.kind == "before" or (term.kind == "after" and term.atw):
                assert CAL.is_working_day(s.deadline), (s.rule_id, s.deadline)
    assert seen
