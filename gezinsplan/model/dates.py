"""Age arithmetic at a peildatum.

Every function takes the reference date explicitly; nothing here reads the clock.

>>> from datetime import date
>>> age_at(date(2008, 2, 29), date(2026, 2, 28))
17
>>> age_at(date(2008, 2, 29), date(2026, 3, 1))
18
>>> birthday(date(2008, 2, 29), 18)
datetime.date(2026, 3, 1)
>>> months_until(date(2026, 1, 15), date(2026, 7, 14))
5
>>> add_months(date(2026, 8, 31), -6)
datetime.date(2026, 2, 28)
>>> end_of_quarter(date(2026, 11, 5))
datetime.date(2026, 12, 31)
"""

from __future__ import annotations

from datetime import date

__all__ = [
    "add_months",
    "age_at",
    "birthday",
    "eighteenth_birthday",
    "end_of_quarter",
    "first_of_next_month",
    "months_to_18",
    "months_until",
]

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return 29 if month == 2 and leap else _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole ``months`` (the last day of a shorter month when needed)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def end_of_quarter(day: date) -> date:
    """The last day of the calendar quarter that holds ``day``."""
    last_month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, last_month, _days_in_month(day.year, last_month))


def first_of_next_month(day: date) -> date:
    """The first day of the month after the month of ``day``."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def birthday(birth_date: date, years: int) -> date:
    """The date on which someone born on ``birth_date`` turns ``years`` old.

    Someone born on 29 February turns a year older on 1 March in non-leap years
    (the Dutch civil-law reading).
    """
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:  # 29 February in a non-leap year
        return date(birth_date.year + years, 3, 1)


def age_at(birth_date: date, peildatum: date) -> int:
    """Age in whole years at ``peildatum`` (negative before birth is clamped to -1)."""
    if peildatum < birth_date:
        return -1
    years = peildatum.year - birth_date.year
    if birthday(birth_date, years) > peildatum:
        years -= 1
    return years


def eighteenth_birthday(birth_date: date) -> date:
    """The date of the 18th birthday."""
    return birthday(birth_date, 18)


def months_until(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` lies before ``start``)."""
    if end < start:
        return -months_until(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def months_to_18(birth_date: date, peildatum: date) -> int:
    """Whole months from ``peildatum`` to the 18th birthday (negative once past it)."""
    return months_until(peildatum, eighteenth_birthday(birth_date))
