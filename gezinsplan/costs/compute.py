"""The cost of a provision over a period: pure functions of the provision and the tariffs.

How a cost is found, in this order (the first that applies):

1. a provision that is requested or on a waiting list (``aangevraagd``, ``wachtlijst``)
   costs nothing yet, and one whose dates do not overlap the period costs nothing in it
   (``basis`` ``niet_toegekend`` / ``buiten_periode``, 0 cent);
2. ``budget`` (eurocent), where given: the granted budget, spread evenly over the days
   from ``start`` to ``end`` (``basis`` ``budget``);
3. ``volume`` in unit ``83`` (euro's): the volume is an amount in eurocent per frequency
   (``basis`` ``euro``);
4. ``volume`` × ``frequency`` × the unit price in force on each day (``basis``
   ``omvang``): the tariff of the provision's product code, else of its category, in the
   provision's unit (a price per uur also prices minutes, one per minuut also hours);
5. no volume and no budget: a tariff in ``week`` or ``maand`` prices the days the
   provision runs (``basis`` ``looptijd``);
6. otherwise the cost is **unknown** (``cents`` None, never 0), with the reason:
   ``geen_omvang`` (no volume, no budget, no tariff per week or maand),
   ``omvang_onvolledig`` (a volume without unit or frequency), ``geen_tarief`` (no tariff
   for the law, category or product code in that unit), ``geen_prijs_op_datum`` (the
   tariff has no price yet on a day of the period).

Frequencies per day: ``per dag`` the volume, ``per week`` 1/7 of it, ``per maand`` 12/365
of it (12/366 in a leap year: a whole calendar year holds 12 months' volume), ``totaal``
(within the validity) the volume spread evenly over the days from ``start`` to ``end``.
A budget or a ``totaal`` volume of a provision without an end date is counted whole on its
start day (a one-off: a hulpmiddel, a woningaanpassing). Costs are summed exactly and
rounded once, to whole eurocent (half up).

>>> from decimal import Decimal
>>> from gezinsplan.costs.tariffs import Tariff, TariffSet
>>> from gezinsplan.model.household import Provision
>>> hh = Tariff(id="hh", wet="wmo", category="01", product_code=None, unit="04",
...     description="hulp bij het huishouden", source="voorbeeld",
...     values={date(2020, 1, 1): Decimal("30.00")})
>>> tariffs = TariffSet({"hh": hh})
>>> p = Provision(id="p1", member="m1", wet="wmo", kind="maatwerkvoorziening",
...     product="huishoudelijke_hulp", category="01", start=date(2025, 7, 1),
...     volume=2, unit="04", frequency="2")
>>> c = period_cost(p, tariffs, date(2025, 7, 1), date(2025, 7, 14))   # two weeks
>>> c.cents, c.basis, c.tariff
(12000, 'omvang', 'hh')
>>> yearly_cost(p, tariffs, date(2025, 11, 1)).cents   # 184 days of 2/7 hour at 30 euro
157714
>>> q = p.model_copy(update={"volume": None, "unit": None, "frequency": None})
>>> yearly_cost(q, tariffs, date(2025, 11, 1))
Cost(cents=None, basis='geen_omvang', tariff=None)
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import NamedTuple

from gezinsplan.costs.tariffs import Tariff, TariffSet
from gezinsplan.model.enums import Eenheid, Frequentie
from gezinsplan.model.household import Provision

__all__ = [
    "KNOWN_BASES",
    "UNKNOWN_REASONS",
    "Cost",
    "Pricing",
    "cost_year",
    "period_cost",
    "price",
    "yearly_cost",
]

KNOWN_BASES = ("budget", "euro", "omvang", "looptijd", "buiten_periode", "niet_toegekend")
"""How a known cost was found (see the module's text)."""
UNKNOWN_REASONS = ("geen_omvang", "omvang_onvolledig", "geen_tarief", "geen_prijs_op_datum")
"""Why a cost is unknown."""

_MINUTES = {(Eenheid.MINUUT.value, Eenheid.UUR.value): Fraction(1, 60)}
"""Price factors between units: a price per uur is 1/60 of it per minuut, and back."""
_MINUTES[(Eenheid.UUR.value, Eenheid.MINUUT.value)] = Fraction(60)


@dataclass(frozen=True)
class Cost:
    """The cost of one provision over a period: ``cents`` (None when unknown), how it was
    found or why it is unknown (``basis``), and the id of the tariff used."""

    cents: int | None
    basis: str
    tariff: str | None = None

    @property
    def known(self) -> bool:
        """False when the cost is unknown (never read an unknown cost as 0)."""
        return self.cents is not None


def cost_year(peildatum: date) -> tuple[date, date]:
    """The cost year of a peildatum: its calendar year (the municipal budget year).

    >>> cost_year(date(2026, 11, 23))
    (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    """
    return date(peildatum.year, 1, 1), date(peildatum.year, 12, 31)


def _days(a: date, b: date) -> int:
    return (b - a).days + 1


def _year_days(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def _cents(euro: Fraction) -> int:
    """Whole eurocent, half up."""
    value = euro * 100
    return int((value + Fraction(1, 2)) // 1)


def _segments(a: date, b: date, cuts: set[date]) -> list[tuple[date, date]]:
    """[a, b] cut before every date of ``cuts`` and every 1 January inside it."""
    starts = {a} | {d for d in cuts if a < d <= b}
    starts |= {date(y, 1, 1) for y in range(a.year + 1, b.year + 1)}
    ordered = sorted(starts)
    return [
        (s, (ordered[i + 1] - timedelta(days=1)) if i + 1 < len(ordered) else b)
        for i, s in enumerate(ordered)
    ]


class Pricing(NamedTuple):
    """What the cost of a provision depends on, as plain values (codes as text): built
    from a :class:`Provision` by :meth:`of`, or directly from a caseload's columns."""

    not_granted: bool
    wet: str
    category: str | None
    product_code: str | None
    start: date
    end: date | None
    volume: int | None
    unit: str | None
    """An ``Eenheid`` code."""
    frequency: str | None
    """A ``Frequentie`` code."""
    budget: int | None

    @classmethod
    def of(cls, p: Provision) -> Pricing:
        """The pricing values of a provision."""
        return cls(
            p.not_granted,
            p.wet.value,
            p.category.value if p.category is not None else None,
            p.product_code,
            p.start,
            p.end,
            p.volume,
            p.unit.value if p.unit is not None else None,
            p.frequency.value if p.frequency is not None else None,
            p.budget,
        )


_PER_DAG, _PER_WEEK = Frequentie.PER_DAG.value, Frequentie.PER_WEEK.value
_TOTAAL, _EURO = Frequentie.TOTAAL.value, Eenheid.EURO.value


def _per_day(p: Pricing, year: int) -> Fraction:
    """Units per day of a volume with a per-day, per-week or per-month frequency."""
    v = Fraction(p.volume or 0)
    if p.frequency == _PER_DAG:
        return v
    if p.frequency == _PER_WEEK:
        return v / 7
    return v * 12 / _year_days(year)  # per maand


def _units(p: Pricing, s: date, e: date) -> Fraction:
    """The units of the provision's volume on the days ``s`` to ``e`` (in its period)."""
    if p.frequency == _TOTAAL:
        if p.end is None:  # counted whole on its start day
            return Fraction(p.volume or 0) if s <= p.start <= e else Fraction(0)
        return Fraction(p.volume or 0) * _days(s, e) / _days(p.start, p.end)
    return sum((_per_day(p, a.year) * _days(a, b) for a, b in _segments(s, e, set())), Fraction(0))


def _priced(
    tariff: Tariff, s: date, e: date, quantity: Callable[[date, date], Fraction]
) -> Fraction | None:
    """The sum over the tariff's price segments of price × quantity(segment)."""
    total = Fraction(0)
    for a, b in _segments(s, e, set(tariff.values)):
        price = tariff.price_at(a)
        if price is None:
            return None
        total += Fraction(price) * quantity(a, b)
    return total


def period_cost(provision: Provision, tariffs: TariffSet, start: date, end: date) -> Cost:
    """The cost of ``provision`` on the days ``start`` to ``end`` (both included).

    >>> from gezinsplan.costs.tariffs import TariffSet
    >>> from gezinsplan.model.household import Provision
    >>> p = Provision(id="p1", member="m1", wet="wmo", kind="maatwerkvoorziening",
    ...     product="hulpmiddel", category="12", start=date(2025, 3, 1), budget=250_000)
    >>> period_cost(p, TariffSet({}), date(2025, 1, 1), date(2025, 12, 31))
    Cost(cents=250000, basis='budget', tariff=None)
    >>> period_cost(p, TariffSet({}), date(2026, 1, 1), date(2026, 12, 31)).cents
    0
    """
    return price(Pricing.of(provision), tariffs, start, end)


def price(p: Pricing, tariffs: TariffSet, start: date, end: date) -> Cost:
    """:func:`period_cost` of a provision's :class:`Pricing` values.

    A cost that depends only on the days the provision runs in the period (a volume per
    day, week or month, or a tariff per week or maand) is remembered by the tariff set for
    those days, so the many provisions of a caseload that share product, volume and period
    are worked out once.
    """
    if end < start:
        raise ValueError("the period ends before it starts")
    if p.not_granted:
        return Cost(0, "niet_toegekend")
    s = max(p.start, start)
    e = min(p.end, end) if p.end is not None else end
    if s > e:
        return Cost(0, "buiten_periode")
    if p.budget is not None or p.frequency == _TOTAAL:
        return _cost(p, tariffs, s, e)
    # only s and e of the provision's dates are read below: same days, same cost
    key = (p.wet, p.category, p.product_code, p.volume, p.unit, p.frequency, s, e)
    memo = tariffs.memo
    found = memo.get(key)
    if found is None:
        found = _cost(p, tariffs, s, e)
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[key] = found
    return found


_MEMO_SIZE = 200_000


def _cost(p: Pricing, tariffs: TariffSet, s: date, e: date) -> Cost:
    """The cost of a granted provision on the days ``s`` to ``e`` of its period."""
    if p.budget is not None:
        if p.end is None:
            return Cost(p.budget if s <= p.start <= e else 0, "budget")
        return Cost(_cents(Fraction(p.budget, 100) * _days(s, e) / _days(p.start, p.end)), "budget")
    wet = p.wet
    category = p.category
    if p.volume is not None:
        if p.unit is None or p.frequency is None:
            return Cost(None, "omvang_onvolledig")
        if p.unit == _EURO:
            return Cost(_cents(_units(p, s, e) / 100), "euro")
        unit = p.unit
        tariff = tariffs.find(wet, category, p.product_code, unit)
        factor = Fraction(1)
        if tariff is None:
            for (mine, theirs), f in _MINUTES.items():
                if mine == unit:
                    tariff = tariffs.find(wet, category, p.product_code, theirs)
                    factor = f
        if tariff is None:
            return Cost(None, "geen_tarief")
        if p.frequency == _TOTAAL and p.end is None:
            price = tariff.price_at(p.start)
            if price is None:
                return Cost(None, "geen_prijs_op_datum", tariff.id)
            return Cost(_cents(Fraction(price) * factor * _units(p, s, e)), "omvang", tariff.id)
        euro = _priced(tariff, s, e, lambda a, b: factor * _units(p, a, b))
        if euro is None:
            return Cost(None, "geen_prijs_op_datum", tariff.id)
        return Cost(_cents(euro), "omvang", tariff.id)
    for unit in ("week", "maand"):
        tariff = tariffs.find(wet, category, p.product_code, unit)
        if tariff is None:
            continue
        if unit == "week":
            euro = _priced(tariff, s, e, lambda a, b: Fraction(_days(a, b), 7))
        else:
            euro = _priced(
                tariff, s, e, lambda a, b: Fraction(12 * _days(a, b), _year_days(a.year))
            )
        if euro is None:
            return Cost(None, "geen_prijs_op_datum", tariff.id)
        return Cost(_cents(euro), "looptijd", tariff.id)
    return Cost(None, "geen_omvang")


def yearly_cost(provision: Provision, tariffs: TariffSet, peildatum: date) -> Cost:
    """The cost of ``provision`` in the cost year of ``peildatum`` (its calendar year, see
    :func:`cost_year`): the function a variant calls to price a provision before and after
    a change."""
    return period_cost(provision, tariffs, *cost_year(peildatum))
