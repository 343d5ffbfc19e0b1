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
"""

from __future__ import annotations

from datetime import date

__all__ = ["age_at", "birthday", "eighteenth_birthday", "months_to_18", "months_until"]


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
