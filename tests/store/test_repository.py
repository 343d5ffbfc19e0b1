"""Repository API on SQLite and PostgreSQL: round trips, atomic saves, optimistic locking."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.errors import ConcurrentEditError, NotFoundError, StoreError
from gezinsplan.io import parse_household
from gezinsplan.plan.model import Plan, PlanOutcome
from gezinsplan.signal import Category, Severity, Signal
from gezinsplan.store.repository import (
    count_households,
    household_version,
    latest_plan,
    list_household_ids,
    load_household,
    plan_history,
    save_case,
    save_household,
)
from gezinsplan.store.tables import AssessmentRunRow, HouseholdRow, PlanVersionRow

PEIL = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def a_signal(household_id: str) -> Signal:
    return Signal(
        rule_id="triage.meervoudig",
        title="Meervoudige vraag",
        category=Category.TRIAGE,
        severity=Severity.MEDIUM,
        household_id=household_id,
        peildatum=PEIL,
        members=("m1", "m2"),
        source="Toekomstagenda 2022 §4.3.1",
        message="Dit huishouden heeft vragen op meerdere leefgebieden: één plan.",
    )


def a_plan(household_id: str) -> Plan:
    return Plan(household_id=household_id, peildatum=PEIL, outcome=PlanOutcome.PLAN)


def test_household_round_trip_loses_nothing(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    h = parse_household(full)
    with factory() as s, s.begin():
        assert save_household(s, h, now=NOW) == 1
    with factory() as s:
        assert load_household(s, h.id) == h
        assert list_household_ids(s) == [h.id]
        assert count_households(s) == 1
    with factory() as s, s.begin():
        assert save_household(s, h, expected_version=1, now=NOW) == 1  # unchanged: same version
    changed = h.model_copy(update={"wijk": "Wyck"})
    with factory() as s, s.begin():
        assert save_household(s, changed, expected_version=1, now=NOW) == 2
    with factory() as s:
        assert load_household(s, h.id) == changed


def test_save_case_stores_signals_and_versioned_plans(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    h = parse_household(full)
    moved = h.model_copy(update={"wijk": "Wyck"})
    # the third save changes nothing: it writes nothing and answers the stored version
    for reason, household, expected in (
        ("intake", h, 1),
        ("evaluatie", moved, 2),
        ("herhaald", moved, 2),
    ):
        with factory() as s, s.begin():
            info = save_case(
                s,
                household,
                [a_signal(h.id)],
                a_plan(h.id),
                caseworker="cw-1",
                reason=reason,
                rules_version="abc123",
                peildatum=PEIL,
                now=NOW,
            )
            assert info is not None
            assert info.version_no == expected
    with factory() as s:
        history = plan_history(s, h.id)
        assert [(v.version_no, v.reason) for v in history] == [(1, "intake"), (2, "evaluatie")]
        assert history[0].rules_version == "abc123"
        assert history[0].peildatum == PEIL
        assert latest_plan(s, h.id) == a_plan(h.id)
        runs = s.scalars(select(AssessmentRunRow)).all()
        assert len(runs) == 2
        assert Signal.model_validate(runs[0].signals[0]) == a_signal(h.id)


def test_plan_versions_are_immutable(factory: sessionmaker[Session], full: dict[str, Any]) -> None:
    h = parse_household(full)
    with factory() as s, s.begin():
        save_case(
            s,
            h,
            [],
            a_plan(h.id),
            caseworker="cw",
            reason="r",
            rules_version="v",
            peildatum=PEIL,
            now=NOW,
        )
    with factory() as s:
        row = s.scalars(select(PlanVersionRow)).one()
        row.reason = "changed"
        with pytest.raises(StoreError, match="immutable"):
            s.flush()
        s.rollback()
    with factory() as s:
        assert s.scalars(select(PlanVersionRow)).one().reason == "r"


def test_failure_mid_save_leaves_the_store_unchanged(
    factory: sessionmaker[Session], full: dict[str, Any], minimal: dict[str, Any]
) -> None:
    first = parse_household(minimal)
    with factory() as s, s.begin():
        save_case(
            s,
            first,
            [],
            a_plan(first.id),
            caseworker="cw",
            reason="r",
            rules_version="v",
            peildatum=PEIL,
            now=NOW,
        )
    h = parse_household(full)

    class InjectedError(RuntimeError):
        pass

    def explode(session: Session, _ctx: Any, _instances: Any) -> None:
        # fail after the household rows were flushed, when the plan version comes
        if any(isinstance(o, PlanVersionRow) for o in session.new):
            raise InjectedError("injected failure")

    session = factory()
    event.listen(session, "before_flush", explode)
    with pytest.raises(InjectedError), session, session.begin():
        save_case(
            session,
            h,
            [a_signal(h.id)],
            a_plan(h.id),
            caseworker="cw",
            reason="r",
            rules_version="v",
            peildatum=PEIL,
            now=NOW,
        )
    with factory() as s:
        assert list_household_ids(s) == [first.id]
        assert len(s.scalars(select(AssessmentRunRow)).all()) == 1
        assert len(s.scalars(select(PlanVersionRow)).all()) == 1
        with pytest.raises(NotFoundError, match="h-full"):
            load_household(s, h.id)


def test_second_concurrent_editor_is_refused_and_nothing_is_lost(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    h = parse_household(full)
    with factory() as s, s.begin():
        save_household(s, h, now=NOW)
    alice, bob = factory(), factory()
    with alice, bob:
        v_alice = household_version(alice, h.id)
        v_bob = household_version(bob, h.id)
        alice.rollback()
        bob.rollback()
        edited_by_alice = h.model_copy(update={"wijk": "Heer"})
        edited_by_bob = h.model_copy(update={"wijk": "Caberg"})
        with alice.begin():
            save_household(alice, edited_by_alice, expected_version=v_alice, now=NOW)
        with pytest.raises(ConcurrentEditError) as info, bob.begin():
            save_household(bob, edited_by_bob, expected_version=v_bob, now=NOW)
    message = str(info.value)
    assert "h-full" in message
    assert "version 1" in message
    assert "version 2" in message
    for personal in ("Zwanetta", "111222333", "1983-07-19"):
        assert personal not in message
    with factory() as s:
        assert load_household(s, h.id).wijk == "Heer"
        assert household_version(s, h.id) == 2


def test_stale_row_in_a_long_session_is_refused(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    """Two sessions that both hold the row: the later flush hits the version column."""
    h = parse_household(full)
    with factory() as s, s.begin():
        save_household(s, h, now=NOW)
    one, two = factory(), factory()
    with one, two:
        one.begin()
        two.begin()
        held_by_one = one.get(HouseholdRow, h.id)
        held_by_two = two.get(HouseholdRow, h.id)
        assert held_by_one is not None
        assert held_by_two is not None
        assert held_by_one.version == held_by_two.version == 1
        save_household(one, h.model_copy(update={"kern": "A"}), now=NOW)
        one.commit()
        with pytest.raises(ConcurrentEditError, match="at the same time"):
            save_household(two, h.model_copy(update={"kern": "B"}), now=NOW)
        two.rollback()
    with factory() as s:
        assert load_household(s, h.id).kern == "A"


def test_unknown_household(factory: sessionmaker[Session]) -> None:
    with factory() as s:
        with pytest.raises(NotFoundError, match="'nope'"):
            load_household(s, "nope")
        with pytest.raises(NotFoundError):
            plan_history(s, "nope")
        assert latest_plan(s, "nope") is None


def test_plan_for_another_household_is_refused(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    h = parse_household(full)
    with factory() as s, pytest.raises(StoreError, match="belongs to household"), s.begin():
        save_case(
            s,
            h,
            [],
            a_plan("other"),
            caseworker="cw",
            reason="r",
            rules_version="v",
            peildatum=PEIL,
            now=NOW,
        )
    with factory() as s:
        assert list_household_ids(s) == []


def test_orm_reprs_hold_no_personal_data(
    factory: sessionmaker[Session], full: dict[str, Any]
) -> None:
    h = parse_household(full)
    with factory() as s, s.begin():
        save_household(s, h, now=NOW)
    with factory() as s:
        row = s.get(HouseholdRow, h.id)
        assert row is not None
        text = repr(row) + repr(row.members) + repr(row.provisions)
        assert "h-full" in text
        for personal in ("Zwanetta", "111222333", "1983", "Kapoenstraat"):
            assert personal not in text
