from datetime import date

import pytest

from gezinsplan.model.dates import age_at, birthday, eighteenth_birthday, months_to_18, months_until


@pytest.mark.parametrize(
    ("birth", "peil", "expected"),
    [
        (date(2008, 6, 15), date(2026, 6, 14), 17),
        (date(2008, 6, 15), date(2026, 6, 15), 18),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2024, 2, 29), 16),
        (date(2030, 1, 1), date(2026, 1, 1), -1),
    ],
)
def test_age_at(birth: date, peil: date, expected: int) -> None:
    assert age_at(birth, peil) == expected


def test_birthday_leap_day_in_non_leap_year_is_first_of_march() -> None:
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2000, 2, 29)) == date(2018, 3, 1)


def test_months_until_counts_whole_months() -> None:
    assert months_until(date(2026, 1, 15), date(2026, 7, 15)) == 6
    assert months_until(date(2026, 1, 15), date(2026, 7, 14)) == 5
    assert months_until(date(2026, 7, 15), date(2026, 1, 15)) == -6


def test_months_to_18() -> None:
    assert months_to_18(date(2009, 3, 10), date(2026, 11, 23)) == 3
    assert months_to_18(date(2008, 3, 10), date(2026, 11, 23)) < 0
