"""Fuzzing the store: every valid household survives a save and a load unchanged."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session, sessionmaker

from gezinsplan.io import parse_household
from gezinsplan.store.repository import household_version, load_household, save_household
from tests.strategies import FUZZ_EXAMPLES, fuzz_settings, households


@settings(
    parent=fuzz_settings,
    max_examples=max(FUZZ_EXAMPLES // 2, 50),
    suppress_health_check=[
        *fuzz_settings.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=households())
def test_store_round_trip_loses_nothing(
    factory: sessionmaker[Session], data: dict[str, Any]
) -> None:
    h = parse_household(data)
    with factory() as s, s.begin():
        save_household(s, h)
    with factory() as s:
        assert load_household(s, h.id) == h
        version = household_version(s, h.id)
    with factory() as s, s.begin():
        assert save_household(s, h) == version  # saving it again changes nothing
