"""Small-cell suppression, the way official statistics protect counts of people.

A published count of fewer than ``min_cell`` households (default 10), and not 0, could
point to a recognisable household: such a cell is not shown (its value becomes missing,
the row is marked ``suppressed``). Two steps, as statistical offices do:

1. **Primary suppression**: every count below ``min_cell`` (and above 0) is removed. When
   the count that defines a row (its *unit*: households, persons, youths) is removed,
   every figure of that row goes with it (means, medians and shares of fewer than 10
   households tell too much as well).
2. **Complementary (secondary) suppression**: when parts add up to a published total,
   one removed part could be computed back (total minus the others). So when exactly one
   part of such a group is removed, another non-zero part is removed too: the smallest,
   or for the triage classes of a region the least telling one (``overig``). The groups
   are: the breakdown cells of one region (the categories that add up to its ``Totaal``
   row, the triage classes of a region), and the wijken (and the kernen) of one gemeente.
   A value removed this way is usually 10 or more.

Which step removed a value is kept beside it: every count or figure column ``x`` that
may be suppressed has a column ``x_suppression`` (see :func:`mark`) holding ``primair``
(the count itself is 1 to ``min_cell - 1``, or the figure belongs to a row or count that
is), ``aanvullend`` (complementary: removed so that a small count cannot be computed
back; the value itself may be large) or ``""`` (shown). A report must write ``< 10`` only
for ``primair`` counts.

Zeros are shown: "no household" in a group discloses nothing about a person. Linked
tables are not protected jointly (a full disclosure-control tool such as τ-Argus would);
keep ``min_cell`` at 10 or more when tables are published together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

__all__ = [
    "COMPLEMENTARY",
    "MIN_CELL",
    "PRIMARY",
    "complement_columns",
    "complement_rows",
    "copy_marks",
    "mark",
    "primary",
    "smallest",
]

MIN_CELL = 10
"""The default smallest count of households that may be shown."""

PRIMARY = "primair"
"""The mark of a value removed by primary suppression (a count of 1 to ``min_cell - 1``,
or a figure of such a count or row)."""
COMPLEMENTARY = "aanvullend"
"""The mark of a value removed by complementary suppression (it may be large)."""

_SUFFIX = "_suppression"


def mark(column: str) -> str:
    """The name of the column that says why ``column`` is missing (``primair``,
    ``aanvullend``) or ``""`` when it is shown."""
    return column + _SUFFIX


def _small(values: pd.Series, min_cell: int) -> pd.Series:
    return values.notna() & (values > 0) & (values < min_cell)


def _set(out: pd.DataFrame, column: str, where: pd.Series, kind: str) -> None:
    """Mark ``column`` as removed by ``kind`` where ``where`` holds and it is not marked yet."""
    name = mark(column)
    if name not in out.columns:
        out[name] = pd.Series("", index=out.index, dtype="string")
    free = out[name].fillna("") == ""
    out[name] = out[name].mask(where & free, kind)


def primary(
    frame: pd.DataFrame,
    unit: str,
    counts: Sequence[str],
    derived: Sequence[str],
    min_cell: int,
) -> pd.DataFrame:
    """Remove counts below ``min_cell``; a removed ``unit`` removes the whole row's
    figures (``counts`` and ``derived``). Every removed value is marked ``primair``."""
    out = frame.copy()
    if "suppressed" not in out.columns:
        out["suppressed"] = False
    row = _small(out[unit], min_cell)
    for col in [unit, *counts]:
        small = _small(out[col], min_cell) | row
        out["suppressed"] |= small
        out[col] = out[col].astype("Int64").mask(small)
        _set(out, col, small, PRIMARY)
    for col in derived:
        out[col] = out[col].astype("Float64").mask(row)
        _set(out, col, row, PRIMARY)
    return out


def copy_marks(frame: pd.DataFrame, figure: str, base: str) -> pd.DataFrame:
    """``figure`` is computed from the count ``base``: where ``base`` is missing, the
    figure is removed too, with the same mark."""
    out = frame.copy()
    gone = out[base].isna()
    out[figure] = out[figure].mask(gone)
    name = mark(figure)
    if name not in out.columns:
        out[name] = pd.Series("", index=out.index, dtype="string")
    free = out[name].fillna("") == ""
    out[name] = out[name].mask(gone & free, out[mark(base)])
    return out


def _values(out: pd.DataFrame, groups: Sequence[str]) -> list[str]:
    return [
        c
        for c in out.columns
        if c not in groups and c != "suppressed" and pd.api.types.is_numeric_dtype(out[c])
    ]


def smallest(rows: pd.DataFrame, value: str) -> Any:
    """The index of the row with the smallest ``value``; among equal ones the first by its
    labels (the text columns), so the choice never depends on the order in which a
    database returned the rows: the same caseload is always suppressed the same way."""
    counts = rows[value].astype("int64")
    ties = rows[counts == counts.min()]
    if len(ties) == 1:
        return ties.index[0]
    labels = [
        c
        for c in ties.columns
        if not pd.api.types.is_numeric_dtype(ties[c])
        and not pd.api.types.is_bool_dtype(ties[c])
        and not str(c).endswith(_SUFFIX)
    ]
    return min(ties.index, key=lambda i: tuple(str(ties.at[i, c]) for c in labels))


def complement_rows(
    frame: pd.DataFrame, groups: Sequence[str], value: str, parts: pd.Series, min_cell: int
) -> pd.DataFrame:
    """Within each group of rows (``parts`` marks the rows that add up to a published
    total), when exactly one ``value`` was removed, remove the smallest other non-zero
    one too (whole row: every count and figure of it, marked ``aanvullend``)."""
    out = frame.copy()
    candidates = out[parts]
    extra: list[Any] = []
    for _, group in candidates.groupby(list(groups), dropna=False, sort=False):
        removed = group[value].isna()
        if int(removed.sum()) != 1:
            continue
        shown = group[~removed & (group[value] > 0)]
        if not shown.empty:
            extra.append(smallest(shown, value))
    if extra:
        chosen = pd.Series(out.index.isin(extra), index=out.index)
        for col in _values(out, groups):
            _set(out, col, chosen & out[col].notna(), COMPLEMENTARY)
            out.loc[extra, col] = pd.NA
        out.loc[extra, "suppressed"] = True
    return out


def complement_columns(
    frame: pd.DataFrame,
    columns: Sequence[str],
    derived: dict[str, str],
    prefer: Sequence[str] = (),
) -> pd.DataFrame:
    """Within one row, ``columns`` add up to a published total: when exactly one was
    removed, remove another non-zero one too (marked ``aanvullend``): the first of
    ``prefer`` that is shown (the least telling), else the smallest. ``derived`` maps a
    figure to the count it is computed from (a share goes with its count, and its mark)."""
    out = frame.copy()
    cols = list(columns)
    for col in cols:
        if mark(col) not in out.columns:
            out[mark(col)] = pd.Series("", index=out.index, dtype="string")
    for idx in out.index:
        values = out.loc[idx, cols]
        removed = [c for c in cols if pd.isna(values[c])]
        if len(removed) != 1 or pd.isna(out.loc[idx, "households"]):
            continue
        shown = {c: int(values[c]) for c in cols if not pd.isna(values[c]) and values[c] > 0}
        if shown:
            first = [c for c in prefer if c in shown]
            chosen = first[0] if first else min(shown, key=lambda c: (shown[c], cols.index(c)))
            out.loc[idx, chosen] = pd.NA
            out.loc[idx, mark(chosen)] = COMPLEMENTARY
            out.loc[idx, "suppressed"] = True
    for figure, base in derived.items():
        out = copy_marks(out, figure, base)
    return out
