"""The cost of a provision: hand-computed cases, unknown never 0, and properties (a period
split in two costs the sum of its halves; the cost grows with the volume and the price)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gezinsplan.costs import Cost, Tariff, TariffSet, cost_year, period_cost, yearly_cost
from gezinsplan.model.household import Provision

Y = (date(2025, 1, 1), date(2025, 12, 31))


def _tariff(
    tid: str, wet: str, category: str, unit: str, values: dict[date, str], **kw: Any
) -> Tariff:
    return Tariff(
        id=tid,
        wet=wet,
        category=category,
        product_code=kw.get("product_code"),
        unit=unit,
        description=tid,
        source="test",
        values={d: Decimal(v) for d, v in values.items()},
    )


TARIFFS = TariffSet(
    {
        "hh": _tariff("hh", "wmo", "01", "04", {date(2020, 1, 1): "30.00"}),
        "bg": _tariff(
            "bg", "wmo", "02", "04", {date(2020, 1, 1): "50.00", date(2025, 7, 1): "60.00"}
        ),
        "amb": _tariff("amb", "jeugdwet", "45", "04", {date(2024, 1, 1): "78.00"}),
        "dys": _tariff(
            "dys", "jeugdwet", "45", "04", {date(2024, 1, 1): "68.40"}, product_code="45A76"
        ),
        "vb": _tariff("vb", "jeugdwet", "44", "14", {date(2024, 1, 1): "95.06"}),
        "bw": _tariff("bw", "wmo", "15", "maand", {date(2024, 1, 1): "3000.00"}),
        "late": _tariff("late", "wmo", "03", "04", {date(2025, 6, 1): "55.80"}),
    }
)


def _p(**kw: Any) -> Provision:
    base: dict[str, Any] = {
        "id": "p1",
        "member": "m1",
        "wet": "wmo",
        "kind": "maatwerkvoorziening",
        "product": "huishoudelijke_hulp",
        "category": "01",
        "start": date(2024, 1, 1),
    }
    base.update(kw)
    return Provision(**base)


def test_hours_per_week_over_a_whole_year_by_hand() -> None:
    # 3 hours a week, 365 days: 3 * 365/7 = 156.43 hours at 30 euro = 4692.857... euro
    c = period_cost(_p(volume=3, unit="04", frequency="2"), TARIFFS, *Y)
    assert c == Cost(469286, "omvang", "hh")


def test_a_price_change_splits_the_period() -> None:
    # 1 hour a day: Jan-Jun 181 days at 50, Jul-Dec 184 days at 60
    p = _p(category="02", product="begeleiding", volume=1, unit="04", frequency="1")
    assert period_cost(p, TARIFFS, *Y).cents == (181 * 50 + 184 * 60) * 100


def test_minutes_are_priced_with_a_price_per_hour() -> None:
    # 90 minutes a week for 14 days: 180 minutes = 3 hours at 30 euro
    p = _p(volume=90, unit="01", frequency="2", start=date(2025, 3, 3), end=date(2025, 3, 16))
    assert period_cost(p, TARIFFS, *Y) == Cost(9000, "omvang", "hh")


def test_per_month_gives_twelve_months_in_a_calendar_year_leap_or_not() -> None:
    p = _p(
        wet="jeugdwet",
        product="jeugdhulp_verblijf",
        kind="verblijf",
        category="44",
        volume=30,
        unit="14",
        frequency="4",
    )
    for year in (2024, 2025):  # 2024 is a leap year
        c = period_cost(p, TARIFFS, date(year, 1, 1), date(year, 12, 31))
        assert c.cents == round(12 * 30 * 95.06 * 100)


def test_the_product_code_tariff_comes_before_the_category_tariff() -> None:
    p = _p(
        wet="jeugdwet",
        product="jeugdhulp_ambulant",
        category="45",
        product_code="45A76",
        volume=1,
        unit="04",
        frequency="2",
        start=date(2025, 1, 6),
        end=date(2025, 1, 12),
    )
    assert period_cost(p, TARIFFS, *Y) == Cost(6840, "omvang", "dys")
    other = p.model_copy(update={"product_code": "45A48"})
    assert period_cost(other, TARIFFS, *Y) == Cost(7800, "omvang", "amb")


def test_a_total_volume_is_spread_over_the_provision_period() -> None:
    # 100 hours in total from 2024-07-01 to 2025-06-30 (365 days): 181 days fall in 2025
    p = _p(volume=100, unit="04", frequency="6", start=date(2024, 7, 1), end=date(2025, 6, 30))
    assert period_cost(p, TARIFFS, *Y).cents == round(100 * 181 / 365 * 30 * 100)


def test_a_budget_is_spread_or_counted_once() -> None:
    spread = _p(budget=365_00, start=date(2025, 1, 1), end=date(2025, 12, 31))
    assert period_cost(spread, TARIFFS, date(2025, 1, 1), date(2025, 1, 10)) == Cost(1000, "budget")
    once = _p(product="hulpmiddel", category="12", budget=250_000, start=date(2025, 3, 1))
    assert yearly_cost(once, TARIFFS, date(2025, 6, 1)) == Cost(250_000, "budget")
    assert yearly_cost(once, TARIFFS, date(2026, 6, 1)) == Cost(0, "budget")


def test_a_budget_comes_before_the_volume() -> None:
    p = _p(budget=12_345, volume=3, unit="04", frequency="2", end=date(2025, 12, 31))
    assert period_cost(p, TARIFFS, *Y).basis == "budget"


def test_euros_as_unit_need_no_tariff() -> None:
    p = _p(category="06", volume=10_000, unit="83", frequency="4")  # 100 euro a month
    assert period_cost(p, TariffSet({}), *Y) == Cost(120_000, "euro")


def test_a_tariff_per_month_prices_the_running_time() -> None:
    p = _p(product="beschermd_wonen", kind="verblijf", category="15", start=date(2025, 7, 1))
    c = period_cost(p, TARIFFS, *Y)
    assert c == Cost(round(3000 * 12 * 184 / 365 * 100), "looptijd", "bw")


@pytest.mark.parametrize(
    ("update", "reason"),
    [
        ({}, "geen_omvang"),
        ({"volume": 3}, "omvang_onvolledig"),
        ({"volume": 3, "unit": "04", "frequency": "2", "category": "07"}, "geen_tarief"),
        ({"volume": 3, "unit": "04", "frequency": "2", "category": None}, "geen_tarief"),
        ({"volume": 3, "unit": "16", "frequency": "2"}, "geen_tarief"),
        ({"volume": 3, "unit": "04", "frequency": "2", "category": "03"}, "geen_prijs_op_datum"),
    ],
)
def test_unknown_costs_are_none_with_a_reason_never_zero(
    update: dict[str, Any], reason: str
) -> None:
    c = period_cost(_p(**update), TARIFFS, *Y)
    assert c.cents is None
    assert not c.known
    assert c.basis == reason


def test_not_granted_and_outside_the_period_cost_nothing() -> None:
    p = _p(volume=3, unit="04", frequency="2")
    assert period_cost(p.model_copy(update={"status": "wachtlijst"}), TARIFFS, *Y) == Cost(
        0, "niet_toegekend"
    )
    ended = p.model_copy(update={"end": date(2024, 12, 31)})
    assert period_cost(ended, TARIFFS, *Y) == Cost(0, "buiten_periode")


def test_cost_year_is_the_calendar_year() -> None:
    assert cost_year(date(2024, 2, 29)) == (date(2024, 1, 1), date(2024, 12, 31))


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="ends before"):
        period_cost(_p(), TARIFFS, date(2025, 2, 1), date(2025, 1, 1))


_days = st.integers(min_value=0, max_value=3 * 366)
_start = date(2023, 1, 1)


@settings(max_examples=150, deadline=None)
@given(
    offset=_days,
    length=st.integers(min_value=0, max_value=800),
    volume=st.integers(min_value=0, max_value=500),
    frequency=st.sampled_from(["1", "2", "4", "6"]),
    cut=st.integers(min_value=1, max_value=3 * 366),
    category=st.sampled_from(["01", "02"]),
)
def test_a_period_split_in_two_costs_about_the_sum_of_its_halves(
    offset: int, length: int, volume: int, frequency: str, cut: int, category: str
) -> None:
    start = _start + timedelta(days=offset)
    p = _p(
        category=category,
        volume=volume,
        unit="04",
        frequency=frequency,
        start=start,
        end=start + timedelta(days=length),
    )
    a, b = date(2023, 1, 1), date(2026, 12, 31)
    mid = a + timedelta(days=cut)
    whole = period_cost(p, TARIFFS, a, b)
    left = period_cost(p, TARIFFS, a, mid - timedelta(days=1))
    right = period_cost(p, TARIFFS, mid, b)
    assert whole.cents is not None
    assert left.cents is not None
    assert right.cents is not None
    assert abs(whole.cents - (left.cents + right.cents)) <= 1  # each part rounds once
    assert whole.cents >= 0


@settings(max_examples=100, deadline=None)
@given(
    volume=st.integers(min_value=0, max_value=1000),
    more=st.integers(min_value=0, max_value=1000),
    frequency=st.sampled_from(["1", "2", "4", "6"]),
    price=st.decimals(min_value=0, max_value=500, places=2),
    raise_by=st.decimals(min_value=0, max_value=100, places=2),
)
def test_more_volume_or_a_higher_price_never_costs_less(
    volume: int, more: int, frequency: str, price: Decimal, raise_by: Decimal
) -> None:
    def tariffs(p: Decimal) -> TariffSet:
        return TariffSet({"t": _tariff("t", "wmo", "01", "04", {date(2020, 1, 1): str(p)})})

    p = _p(volume=volume, unit="04", frequency=frequency, end=date(2025, 12, 31))
    base = period_cost(p, tariffs(price), *Y).cents
    bigger = period_cost(p.model_copy(update={"volume": volume + more}), tariffs(price), *Y)
    dearer = period_cost(p, tariffs(price + raise_by), *Y)
    assert base is not None
    assert bigger.cents is not None
    assert dearer.cents is not None
    assert bigger.cents >= base
    assert dearer.cents >= base


@settings(max_examples=100, deadline=None)
@given(
    volume=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    unit=st.one_of(st.none(), st.sampled_from(["01", "04", "14", "16", "82", "84"])),
    frequency=st.one_of(st.none(), st.sampled_from(["1", "2", "4", "6"])),
    category=st.sampled_from(["01", "05", "07", "13"]),
)
def test_a_cost_is_known_with_a_basis_or_unknown_with_a_reason(
    volume: int | None, unit: str | None, frequency: str | None, category: str
) -> None:
    from gezinsplan.costs import KNOWN_BASES, UNKNOWN_REASONS

    c = period_cost(
        _p(category=category, volume=volume, unit=unit, frequency=frequency), TARIFFS, *Y
    )
    if c.cents is None:
        assert c.basis in UNKNOWN_REASONS
    else:
        assert c.basis in KNOWN_BASES
        assert c.cents >= 0


_pool_dates = st.sampled_from(
    [date(2024, 3, 1), date(2024, 12, 31), date(2025, 1, 1), date(2025, 6, 30), date(2025, 7, 1)]
)


@settings(max_examples=60, deadline=None)
@given(
    items=st.lists(
        st.tuples(
            st.sampled_from(["01", "02", "45", "44", "15", "03"]),
            st.sampled_from([None, "45A76"]),
            st.sampled_from([None, 0, 2, 3]),
            st.sampled_from([None, "01", "04", "14", "83"]),
            st.sampled_from([None, "1", "2", "4", "6"]),
            st.sampled_from([None, 120_000]),
            _pool_dates,
            st.one_of(st.none(), _pool_dates),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_costs_remembered_by_a_tariff_set_equal_costs_worked_out_afresh(
    items: list[tuple[Any, ...]],
) -> None:
    """The tariff set remembers the cost of a provision for the days it runs in the
    period; provisions that differ in anything else must still get their own cost."""
    shared = TariffSet(dict(TARIFFS))
    provisions = []
    for category, code, volume, unit, frequency, budget, start, end in items:
        wet = "jeugdwet" if category in ("44", "45") else "wmo"
        if end is not None and end < start:
            start, end = end, start
        provisions.append(
            _p(
                wet=wet,
                category=category,
                product_code=code,
                volume=volume,
                unit=unit,
                frequency=frequency,
                budget=budget,
                start=start,
                end=end,
            )
        )
    periods = [Y, (date(2025, 3, 15), date(2026, 3, 14)), (date(2024, 7, 1), date(2024, 7, 31))]
    for a, b in periods:
        for p in provisions + provisions[::-1]:
            assert period_cost(p, shared, a, b) == period_cost(p, TariffSet(dict(TARIFFS)), a, b)


def test_a_tariff_set_sent_to_another_process_leaves_its_memo_behind() -> None:
    import pickle

    shared = TariffSet(dict(TARIFFS))
    period_cost(_p(volume=2, unit="04", frequency="2"), shared, *Y)
    copy = pickle.loads(pickle.dumps(shared))
    assert shared.memo
    assert not copy.memo
    assert dict(copy) == dict(shared)
