"""Burgerservicenummer (BSN) checks.

>>> is_valid_bsn("111222333")
True
>>> is_valid_bsn("123456789")
False
"""

from __future__ import annotations

__all__ = ["is_valid_bsn"]


def is_valid_bsn(value: str) -> bool:
    """True when ``value`` is nine digits passing the elfproef (11-test).

    The weights are 9, 8, ..., 2 for the first eight digits and -1 for the last;
    the weighted sum must be divisible by 11 and the number may not be all zeros.
    Eight-digit numbers are accepted with a leading zero, as municipalities do.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return False
    if len(value) == 8:
        value = "0" + value
    if len(value) != 9 or int(value) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(value, weights, strict=True))
    return total % 11 == 0
