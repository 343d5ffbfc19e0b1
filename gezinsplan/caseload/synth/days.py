"""Calendar arithmetic on whole columns of dates (days since 1970-01-01).

The vectorised counterparts of :mod:`gezinsplan.model.dates` (same rules: 29 February
turns into 1 March in a non-leap year, a shorter month ends on its last day).

>>> import numpy as np
>>> from datetime import date
>>> b = from_dates([date(2008, 2, 29)])
>>> to_dates(birthday(b, 18)), to_dates(add_months(from_dates([date(2026, 8, 31)]), -6))
([datetime.date(2026, 3, 1)], [datetime.date(2026, 2, 28)])
>>> int(age_at(b, from_dates([date(2026, 2, 28)]))[0])
17
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "EPOCH_ORDINAL",
    "add_months",
    "age_at",
    "birthday",
    "day_number",
    "end_of_quarter",
    "first_of_next_month",
    "from_dates",
    "from_ymd",
    "to_dates",
    "ymd",
]

Ints = npt.NDArray[np.int64]
EPOCH = date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
"""``date.toordinal()`` of day 0."""


def day_number(day: date) -> int:
    """``day`` as days since 1970-01-01."""
    return (day - EPOCH).days


def from_dates(days: Iterable[date]) -> Ints:
    """Python dates as a column of day numbers."""
    return np.array([day_number(d) for d in days], dtype=np.int64)


def to_dates(days: Ints) -> list[date]:
    """A column of day numbers as Python dates."""
    return [EPOCH + timedelta(days=int(d)) for d in days]


def ymd(days: Ints) -> tuple[Ints, Ints, Ints]:
    """Year, month (1-12) and day of month of each day."""
    dt = days.astype("datetime64[D]")
    months = dt.astype("datetime64[M]")
    m = months.astype(np.int64)
    return m // 12 + 1970, m % 12 + 1, (dt - months).astype(np.int64) + 1


def from_ymd(year: Ints, month: Ints, day: Ints) -> Ints:
    """Day numbers of the given year, month and day of month."""
    months = (year - 1970) * 12 + month - 1
    first: Ints = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return first + day - 1


def _leap(year: Ints) -> npt.NDArray[np.bool_]:
    out: npt.NDArray[np.bool_] = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return out


def _month_days(year: Ints, month: Ints) -> Ints:
    table = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
    out: Ints = table[month - 1] + ((month == 2) & _leap(year))
    return out


def birthday(birth: Ints, years: Any) -> Ints:
    """The day each one born on ``birth`` turns ``years`` (29 February: 1 March)."""
    y, m, d = ymd(birth)
    year = y + years
    moved = (m == 2) & (d == 29) & ~_leap(year)
    return from_ymd(year, np.where(moved, 3, m), np.where(moved, 1, d))


def age_at(birth: Ints, peil: Ints) -> Ints:
    """Whole years at ``peil`` (-1 before birth)."""
    years = ymd(peil)[0] - ymd(birth)[0]
    years = years - (birthday(birth, years) > peil)
    out: Ints = np.where(peil < birth, -1, years)
    return out


def end_of_quarter(days: Ints) -> Ints:
    """The last day of each one's calendar quarter."""
    y, m, _ = ymd(days)
    last = (m - 1) // 3 * 3 + 3
    return from_ymd(y, last, _month_days(y, last))


def first_of_next_month(days: Ints) -> Ints:
    """The first day of the month after each one's month."""
    y, m, _ = ymd(days)
    return from_ymd(y + m // 12, m % 12 + 1, np.ones_like(m))


def add_months(days: Ints, months: int) -> Ints:
    """Each day moved by whole ``months`` (the last day of a shorter month when needed)."""
    y, m, d = ymd(days)
    index = y * 12 + m - 1 + months
    year, month = index // 12, index % 12 + 1
    return from_ymd(year, month, np.minimum(d, _month_days(year, month)))
