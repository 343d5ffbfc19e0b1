"""Fixtures for the push tests: a fake zaaksysteem, a config pointing at it, a plan."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

pytest.importorskip("openapi_core")
pytest.importorskip("jwt")

from gezinsplan.assessor import Assessor
from gezinsplan.io import read_household
from gezinsplan.model.household import Household
from gezinsplan.plan.model import Plan
from gezinsplan.resources import examples_dir
from gezinsplan.zgw.config import ZgwConfig
from tests.zgw import fake

PEIL = date(2026, 11, 23)
TODAY = date(2026, 12, 7)
PLANTED_BSN = "111222333"


def make_config(**changes: Any) -> ZgwConfig:
    values: dict[str, Any] = {
        "zaken_url": fake.ZAKEN,
        "documenten_url": fake.DOCUMENTEN,
        "client_id": fake.CLIENT_ID,
        "secret": fake.SECRET,
        "rsin": fake.RSIN,
        "zaaktype": fake.ZAAKTYPE,
        "informatieobjecttype": fake.INFORMATIEOBJECTTYPE,
        "roltype_gezinslid": fake.ROLTYPE_GEZINSLID,
        "roltype_regisseur": fake.ROLTYPE_REGISSEUR,
        "backoff": 0.0,
        "retries": 2,
        "timeout": 2.0,
    }
    values.update(changes)
    return ZgwConfig(**values)


@pytest.fixture(scope="session")
def specs() -> None:
    if not fake.specs_available():
        pytest.skip(f"the ZGW OpenAPI documents are not at {fake.SPECS}")


@pytest.fixture
def zaaksysteem(specs: None) -> Iterator[fake.FakeZaaksysteem]:
    system = fake.FakeZaaksysteem()
    yield system
    assert not system.violations, system.violations


@pytest.fixture
def config() -> ZgwConfig:
    return make_config()


def _household_with_bsn() -> Household:
    household = read_household(next(examples_dir().glob("02_*.json")))
    first = household.members[0].model_copy(update={"bsn": PLANTED_BSN})
    return household.model_copy(update={"members": (first, *household.members[1:])})


@pytest.fixture(scope="session")
def case() -> tuple[Household, Plan, Plan]:
    """Household vb-02 (its first member with a BSN), a first plan on two of its
    questions and the plan on all of them."""
    household = _household_with_bsn()
    assessor = Assessor()
    smaller = household.model_copy(update={"questions": household.questions[:2]})
    first = assessor.assess_and_plan(smaller, PEIL).plan
    second = assessor.assess_and_plan(household, PEIL).plan
    assert first is not None
    assert second is not None
    return household, first, second
