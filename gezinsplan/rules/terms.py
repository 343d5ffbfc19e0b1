"""Term arithmetic: Dutch working days, lead times before an event, terms after a start.

Small pure functions; no I/O. The public holidays come from the dated parameter
``kalender.feestdagen`` of the rule set (Algemene termijnenwet art. 3), a list of
holiday rules that :func:`parse_calendar` reads, e.g.::

    01-01 Nieuwjaarsdag
    pasen-2 Goede Vrijdag
    04-27/zo-1 Koningsdag vanaf 2014          # on a Sunday: the day before
    04-30/zo-1 Koninginnedag vanaf 1980 tot en met 2013

A rule is a fixed day (``MM-DD``) or a day counted from Easter Sunday (``pasen+N``,
``pasen-N``), optionally moved by one day when it falls on a Sunday (``/zo-1``,
``/zo+1``), then the holiday's name, optionally limited to years (``vanaf YYYY``,
``tot en met YYYY``).

Three kinds of deadline (:class:`Term`):

- ``on``: the date of the fact as it is (a date the data already holds);
- ``before``: a lead time counted back from an event. It lands strictly before the event
  and, when it falls on a Saturday, Sunday or public holiday, moves to the working day
  before: never later. The Algemene termijnenwet does not extend such a term
  (art. 1 lid 2).
- ``after``: a term counted forward from a start. With ``atw`` the Algemene
  termijnenwet extends it when it ends on a Saturday, Sunday or public holiday (art. 1
  lid 1) and so that it holds at least two working days (art. 2), except for terms of
  more than 90 days, twelve weeks or three months (art. 4). Terms in working days count
  Dutch working days.

>>> cal = Calendar.from_rules(ATW_EXAMPLE)
>>> cal.is_working_day(date(2027, 4, 26))   # Monday 26 April 2027: ordinary day
True
>>> cal.is_working_day(date(2027, 3, 29))   # Tweede Paasdag 2027
False
>>> lead_time(date(2027, 2, 21), 0, "days", cal)   # before a Sunday birthday: Friday
datetime.date(2027, 2, 19)
>>> forward_term(date(2026, 12, 19), 1, "weeks", cal, atw=True)  # ends Sat 26/12 ... Mon 28/12
datetime.date(2026, 12, 28)
>>> forward_term(date(2026, 12, 19), 1, "weeks", cal, atw=False)
datetime.date(2026, 12, 26)
>>> forward_term(date(2026, 12, 23), 3, "werkdagen", cal, atw=False)  # 24, 28, 29 Dec
datetime.date(2026, 12, 29)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from gezinsplan.model.dates import add_months

__all__ = [
    "ATW_EXAMPLE",
    "CALENDAR_PARAMETER",
    "URGENT_PARAMETER",
    "Calendar",
    "DatedValues",
    "Overdue",
    "Term",
    "atw_applies",
    "calendar_from_params",
    "due_date",
    "easter",
    "forward_term",
    "lead_time",
    "overdue",
    "parse_calendar",
    "term_words",
    "value_on",
]

CALENDAR_PARAMETER = "kalender.feestdagen"
"""The dated parameter that holds the public holidays (Algemene termijnenwet art. 3)."""
URGENT_PARAMETER = "plan.spoed_werkdagen"
"""The dated parameter: within how many working days an overdue action gets a new date."""

Unit = Literal["days", "weeks", "months", "werkdagen"]
Kind = Literal["on", "before", "after"]
UNITS: tuple[Unit, ...] = ("days", "weeks", "months", "werkdagen")

ATW_EXAMPLE = (
    "01-01 Nieuwjaarsdag",
    "pasen-2 Goede Vrijdag",
    "pasen+1 Tweede Paasdag",
    "04-30/zo-1 Koninginnedag vanaf 1980 tot en met 2013",
    "04-27/zo-1 Koningsdag vanaf 2014",
    "05-05 Bevrijdingsdag",
    "pasen+39 Hemelvaartsdag",
    "pasen+50 Tweede Pinksterdag",
    "12-25 Eerste Kerstdag",
    "12-26 Tweede Kerstdag",
)
"""The holidays of Algemene termijnenwet art. 3 lid 1 and 2 as calendar rules (the
shipped parameter ``kalender.feestdagen`` holds the same; used by doctests)."""

_RULE = re.compile(
    r"^(?P<day>\d\d-\d\d|pasen[+-]\d{1,3})(?:/zo(?P<sunday>[+-]1))? (?P<name>.+?)"
    r"(?: vanaf (?P<start>\d{4}))?(?: tot en met (?P<end>\d{4}))?$"
)


def easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar; anonymous algorithm of Meeus/Jones/Butcher).

    >>> easter(2026), easter(2027), easter(2038)
    (datetime.date(2026, 4, 5), datetime.date(2027, 3, 28), datetime.date(2038, 4, 25))
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True)
class _Holiday:
    name: str
    month_day: tuple[int, int] | None
    easter_offset: int
    sunday_shift: int
    start: int | None
    end: int | None

    def on(self, year: int) -> date | None:
        if (self.start is not None and year < self.start) or (
            self.end is not None and year > self.end
        ):
            return None
        if self.month_day is not None:
            day = date(year, *self.month_day)
        else:
            day = easter(year) + timedelta(days=self.easter_offset)
        if self.sunday_shift and day.weekday() == 6:
            day += timedelta(days=self.sunday_shift)
        return day


def parse_calendar(rules: Iterable[str]) -> tuple[list[_Holiday], list[str]]:
    """The holiday rules and the problems found, one text per bad rule.

    >>> parse_calendar(["12-25 Eerste Kerstdag", "13-01 Niets"])[1]
    ["'13-01 Niets': not a day MM-DD"]
    """
    holidays: list[_Holiday] = []
    problems: list[str] = []
    for text in rules:
        m = _RULE.match(text.strip()) if isinstance(text, str) else None
        if m is None:
            problems.append(
                f"{text!r}: a holiday rule is 'MM-DD Naam' or 'pasen+N Naam', optionally "
                "'/zo-1' or '/zo+1' after the day and 'vanaf YYYY' / 'tot en met YYYY' after "
                "the name"
            )
            continue
        day = m.group("day")
        month_day: tuple[int, int] | None = None
        offset = 0
        if day.startswith("pasen"):
            offset = int(day[5:])
        else:
            month, dom = int(day[:2]), int(day[3:])
            try:
                date(2000, month, dom)  # a leap year: 02-29 would be allowed here ...
            except ValueError:
                problems.append(f"{text!r}: not a day MM-DD")
                continue
            if (month, dom) == (2, 29):  # ... but is not a day of every year
                problems.append(f"{text!r}: 02-29 is not a day of every year")
                continue
            month_day = (month, dom)
        start = int(m.group("start")) if m.group("start") else None
        end = int(m.group("end")) if m.group("end") else None
        if start is not None and end is not None and end < start:
            problems.append(f"{text!r}: 'tot en met' lies before 'vanaf'")
            continue
        holidays.append(
            _Holiday(
                name=m.group("name"),
                month_day=month_day,
                easter_offset=offset,
                sunday_shift=int(m.group("sunday") or 0),
                start=start,
                end=end,
            )
        )
    return holidays, problems


class Calendar:
    """Dutch working days: not a Saturday, Sunday or public holiday of the rules given."""

    def __init__(self, holidays: Iterable[_Holiday] = ()) -> None:
        self._holidays = tuple(holidays)
        self._years: dict[int, dict[date, str]] = {}

    @classmethod
    def from_rules(cls, rules: Iterable[str]) -> Calendar:
        """A calendar from holiday rules; ValueError naming every bad rule."""
        holidays, problems = parse_calendar(rules)
        if problems:
            raise ValueError("; ".join(problems))
        return cls(holidays)

    def holidays(self, year: int) -> dict[date, str]:
        """The public holidays of ``year`` by date (name)."""
        found = self._years.get(year)
        if found is None:
            found = {}
            for h in self._holidays:
                day = h.on(year)
                if day is not None:
                    found.setdefault(day, h.name)
            self._years[year] = found
        return found

    def holiday(self, day: date) -> str | None:
        """The name of the public holiday on ``day``, or None."""
        return self.holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Not a Saturday, Sunday or public holiday."""
        return day.weekday() < 5 and day not in self.holidays(day.year)

    def on_or_before(self, day: date) -> date:
        """``day`` when it is a working day, else the working day before it."""
        while not self.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def on_or_after(self, day: date) -> date:
        """``day`` when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day after ``day`` (``n`` < 0: before it; 0: ``day`` itself).

        >>> Calendar().add_working_days(date(2026, 12, 4), 1)   # Friday -> Monday
        datetime.date(2026, 12, 7)
        """
        step = timedelta(days=1 if n >= 0 else -1)
        for _ in range(abs(n)):
            day += step
            while not self.is_working_day(day):
                day += step
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """The working days in ``(start, end]``."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


@functools.lru_cache(maxsize=64)
def _calendar(rules: tuple[str, ...]) -> Calendar:
    return Calendar.from_rules(rules)


class DatedValues(dict[str, Any]):
    """A rule set's parameter values at a peildatum that can also be read at another date.

    A term is read at the date of the event it counts from or back to (the 18th birthday,
    the application, the end of care), not at the peildatum: a lead time that a law
    lengthens from 2028 applies to a birthday in 2028 even when the plan is made in 2026.
    ``value_on`` looks a parameter up at such a date through ``lookup`` (a rule set's
    parameters); a date before a parameter's first value reads that first value. Plain
    mappings (without this class) are read at the peildatum, as before.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        lookup: Callable[[str, date], Any] | None = None,
        changes: Callable[[str, date], tuple[date, Any] | None] | None = None,
    ) -> None:
        super().__init__(values)
        self._lookup = lookup
        self._changes = changes

    def next_change(self, parameter_id: str, day: date) -> tuple[date, Any] | None:
        """The first value of ``parameter_id`` that starts after ``day`` (start, value)."""
        if self._changes is None or parameter_id not in self:
            return None
        return self._changes(parameter_id, day)

    def value_on(self, parameter_id: str, day: date) -> Any:
        """The value of ``parameter_id`` in force on ``day``."""
        if self._lookup is None or parameter_id not in self:
            return self[parameter_id]
        return self._lookup(parameter_id, day)


def value_on(params: Mapping[str, Any], parameter_id: str, day: date | None) -> Any:
    """``params[parameter_id]``, read on ``day`` when ``params`` can be read at another
    date (:class:`DatedValues`) and ``day`` is given."""
    if day is not None and isinstance(params, DatedValues):
        return params.value_on(parameter_id, day)
    return params[parameter_id]


def calendar_from_params(params: Mapping[str, Any], day: date | None = None) -> Calendar:
    """The calendar of a rule set's parameter values (``kalender.feestdagen``), read on
    ``day`` when given (see :class:`DatedValues`); weekends only when the rule set has no
    such parameter."""
    value = value_on(params, CALENDAR_PARAMETER, day) if CALENDAR_PARAMETER in params else None
    if not isinstance(value, tuple | list):
        return _calendar(())
    return _calendar(tuple(value))


def _plain(day: date, n: int, unit: Unit) -> date:
    if unit == "months":
        return add_months(day, n)
    if unit == "weeks":
        return day + timedelta(weeks=n)
    return day + timedelta(days=n)


def atw_applies(n: int, unit: Unit) -> bool:
    """Whether the Algemene termijnenwet can extend a forward term of ``n`` ``unit``:
    not for terms of more than 90 days, twelve weeks or three months (art. 4 onder a),
    nor for terms in working days (they count working days already).

    >>> atw_applies(6, "weeks"), atw_applies(13, "weeks"), atw_applies(3, "months")
    (True, False, True)
    """
    limit = {"days": 90, "weeks": 12, "months": 3}.get(unit)
    return limit is not None and n <= limit


def lead_time(event: date, n: int, unit: Unit, cal: Calendar) -> date:
    """The last day to act for a lead time of ``n`` ``unit`` before ``event``.

    It lies strictly before ``event`` (``n`` = 0: the working day before it) and is a
    working day: a day that falls on a Saturday, Sunday or public holiday moves earlier,
    never later ("uiterlijk de werkdag ervoor"; Atw art. 1 lid 2 extends no such term).

    >>> cal = Calendar.from_rules(ATW_EXAMPLE)
    >>> lead_time(date(2027, 2, 18), 0, "days", cal)     # Thursday 18th birthday
    datetime.date(2027, 2, 17)
    >>> lead_time(date(2027, 8, 18), 6, "months", cal)   # 18 Feb 2027 is a Thursday
    datetime.date(2027, 2, 18)
    >>> lead_time(date(2027, 12, 27), 0, "days", cal)    # Monday after Christmas
    datetime.date(2027, 12, 24)
    """
    if unit == "werkdagen":
        return cal.add_working_days(event, -max(n, 1))
    day = min(_plain(event, -n, unit), event - timedelta(days=1))
    return cal.on_or_before(day)


def forward_term(start: date, n: int, unit: Unit, cal: Calendar, *, atw: bool) -> date:
    """The last day of a term of ``n`` ``unit`` counted forward from ``start``.

    Working days (``werkdagen``) count Dutch working days after ``start``. Otherwise the
    plain date, and with ``atw`` (a term set in or under a law) the Algemene termijnenwet
    where it applies (:func:`atw_applies`): a term that ends on a Saturday, Sunday or
    public holiday runs to the next working day (art. 1 lid 1), and a term of at least
    three days holds at least two working days (art. 2). Never earlier than the plain
    date.

    >>> cal = Calendar.from_rules(ATW_EXAMPLE)
    >>> forward_term(date(2026, 4, 24), 3, "days", cal, atw=True)   # Mon 27/4 Koningsdag
    datetime.date(2026, 4, 29)
    >>> # art. 1 gives Tuesday 28/4, art. 2 asks two working days in the term: Wednesday
    >>> forward_term(date(2026, 4, 24), 4, "months", cal, atw=True)  # art. 4: no extension
    datetime.date(2026, 8, 24)
    """
    if unit == "werkdagen":
        return cal.add_working_days(start, n)
    plain = _plain(start, n, unit)
    if not atw or not atw_applies(n, unit):
        return plain
    end = cal.on_or_after(plain)  # art. 1 lid 1
    if (plain - start).days >= 3:  # art. 2: a term of at least three days
        while cal.working_days_between(start, end) < 2:
            end = cal.on_or_after(end + timedelta(days=1))
    return end


@dataclass(frozen=True)
class Term:
    """What a rule's deadline is: the date itself, a lead time before it, or a term
    after it; ``amount`` is a whole number or the id of a parameter that holds one."""

    kind: Kind = "on"
    amount: int | str = 0
    unit: Unit = "days"
    atw: bool = False

    def resolve(self, params: Mapping[str, Any], day: date | None = None) -> int:
        """The amount: a parameter's value on ``day`` (the date the term counts from or
        back to) when ``params`` can be read at another date, else at the peildatum."""
        if isinstance(self.amount, str):
            return int(value_on(params, self.amount, day))
        return self.amount


def due_date(term: Term, day: date, n: int, cal: Calendar) -> date:
    """The due date of ``term`` (amount ``n``) for the date ``day`` a rule refers to."""
    if term.kind == "before":
        return lead_time(day, n, term.unit, cal)
    if term.kind == "after":
        return forward_term(day, n, term.unit, cal, atw=term.atw)
    return day


_UNIT_WORDS = {"days": "dagen", "weeks": "weken", "months": "maanden", "werkdagen": "werkdagen"}
_UNIT_ONE = {"days": "dag", "weeks": "week", "months": "maand", "werkdagen": "werkdag"}


def term_words(term: Term, n: int) -> str:
    """The term in plain Dutch, e.g. ``6 maanden vóór`` or ``6 weken na``.

    >>> term_words(Term("before", 6, "months"), 6), term_words(Term("before"), 0)
    ('6 maanden vóór', 'vóór')
    >>> term_words(Term("after", 3, "werkdagen"), 3), term_words(Term(), 0)
    ('3 werkdagen na', 'op')
    """
    if term.kind == "on":
        return "op"
    size = f"{n} {(_UNIT_ONE if n == 1 else _UNIT_WORDS)[term.unit]} " if n else ""
    return size + ("vóór" if term.kind == "before" else "na")


@dataclass(frozen=True)
class Overdue:
    """A due date that lies before the peildatum: late since ``since`` (the day after
    the due date), to be done by ``new_date`` (urgent action)."""

    due: date
    since: date
    new_date: date


def overdue(due: date, peildatum: date, cal: Calendar, urgent_working_days: int) -> Overdue | None:
    """None when ``due`` is on or after ``peildatum``; otherwise when it was missed and
    the new date: ``urgent_working_days`` working days after the peildatum (0: the
    peildatum itself, or the first working day after it).

    >>> late = overdue(date(2026, 8, 18), date(2026, 11, 23), Calendar(), 5)
    >>> late.since, late.new_date
    (datetime.date(2026, 8, 19), datetime.date(2026, 11, 30))
    >>> overdue(date(2026, 11, 23), date(2026, 11, 23), Calendar(), 5) is None
    True
    """
    if due >= peildatum:
        return None
    start = cal.on_or_after(peildatum)
    return Overdue(
        due=due,
        since=due + timedelta(days=1),
        new_date=cal.add_working_days(start, max(urgent_working_days, 0)),
    )
