"""The diff per area (totaal, gemeente, wijk) and as anonymised stories, small cells out.

Counts of households below ``min_cell`` (and above 0) are removed the way the monitor
does it (:mod:`gezinsplan.monitor.suppress`: ``primair``), a wijk that could be computed
back from its gemeente and the other wijken goes too (``aanvullend``), and the averages
of a row go with the count they are computed from. A story is a group of households with
the same bands and the same change; groups under ``min_cell`` are not listed at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import pyarrow as pa

from gezinsplan.monitor.suppress import (
    COMPLEMENTARY,
    complement_rows,
    copy_marks,
    mark,
    primary,
    smallest,
)
from gezinsplan.variant.people import change_kinds

__all__ = ["AREA_COUNTS", "AREA_FIGURES", "MIN_CELL", "area_table", "story", "story_table"]

MIN_CELL = 10
"""The smallest group of households shown (as the monitor)."""

AREA_COUNTS = (
    "households_changed",
    "households_plan_changed",
    "households_action_gone",
    "households_action_new",
    "households_date_earlier",
    "households_date_later",
    "households_goals_changed",
)
"""The counts of an area row (besides ``households``, its unit)."""
AREA_FIGURES = (
    "desks_baseline",
    "desks_variant",
    "professionals_baseline",
    "professionals_variant",
    "days_first_due_baseline",
    "days_first_due_variant",
)
"""Averages per household whose plan changes (days: median over those with a due action)."""


def _row(
    level: str, gemeente: str, wijk: str, households: int, frame: pd.DataFrame, changed: int
) -> dict[str, Any]:
    plan = frame[frame["plan_anders"]] if not frame.empty else frame

    def mean(col: str) -> float | None:
        return round(float(plan[col].mean()), 2) if len(plan) else None

    def median(col: str) -> float | None:
        values = plan[col].dropna() if len(plan) else plan
        return float(values.median()) if len(values) else None

    return {
        "level": level,
        "gemeente": gemeente,
        "wijk": wijk,
        "households": households,
        "households_changed": changed,
        "households_plan_changed": len(plan),
        "households_action_gone": int((plan["acties_weg"] > 0).sum()) if len(plan) else 0,
        "households_action_new": int((plan["acties_nieuw"] > 0).sum()) if len(plan) else 0,
        "households_date_earlier": int((plan["termijn_eerder"] > 0).sum()) if len(plan) else 0,
        "households_date_later": int((plan["termijn_later"] > 0).sum()) if len(plan) else 0,
        "households_goals_changed": int(plan["doelen_anders"].sum()) if len(plan) else 0,
        "desks_baseline": mean("loketten_basis"),
        "desks_variant": mean("loketten_variant"),
        "professionals_baseline": mean("professionals_basis"),
        "professionals_variant": mean("professionals_variant"),
        "days_first_due_baseline": median("dagen_basis"),
        "days_first_due_variant": median("dagen_variant"),
    }


def area_table(
    figures: pa.Table,
    households: Mapping[str, tuple[str, str, bool]] | pd.DataFrame,
    *,
    min_cell: int = MIN_CELL,
) -> pa.Table:
    """Rows ``totaal``, per ``gemeente`` and per ``wijk`` (where households have one).

    ``households``: per household id its gemeente, wijk and whether its signals changed
    (or those as the columns ``gemeente``, ``wijk`` and ``changed`` of a data frame).
    Every count and figure has a ``<column>_suppression`` mark (``primair``,
    ``aanvullend`` or ``""``); the total is never suppressed unless it is itself small.
    """
    frame = figures.to_pandas()
    if frame.empty:
        frame = pd.DataFrame(columns=[f.name for f in figures.schema])
    units = (
        households[["gemeente", "wijk", "changed"]]
        if isinstance(households, pd.DataFrame)
        else pd.DataFrame(
            [(g, w, c) for g, w, c in households.values()],
            columns=["gemeente", "wijk", "changed"],
        )
    )
    rows = [_row("totaal", "", "", len(units), frame, int(units["changed"].sum()))]
    for g, part in units.groupby("gemeente", sort=True):
        rows.append(
            _row(
                "gemeente",
                str(g),
                "",
                len(part),
                frame[frame["gemeente"] == g],
                int(part["changed"].sum()),
            )
        )
        for w, sub in part[part["wijk"] != ""].groupby("wijk", sort=True):
            mine = frame[(frame["gemeente"] == g) & (frame["wijk"] == w)]
            rows.append(_row("wijk", str(g), str(w), len(sub), mine, int(sub["changed"].sum())))
    out = pd.DataFrame(rows)
    out = primary(out, "households", list(AREA_COUNTS), [], min_cell)
    out = complement_rows(out, ["gemeente"], "households", out["level"] == "wijk", min_cell)
    out = _complement_counts(out)
    for figure in AREA_FIGURES:
        out[mark(figure)] = pd.Series("", index=out.index, dtype="string")
        out = copy_marks(out, figure, "households_plan_changed")
        # an average of fewer than min_cell households tells too much as well
        few = out["households_plan_changed"].notna() & (out["households_plan_changed"] < min_cell)
        out[figure] = out[figure].mask(few)
        free = out[mark(figure)].fillna("") == ""
        out[mark(figure)] = out[mark(figure)].mask(
            few & free & (out["households_plan_changed"] > 0), "primair"
        )
    return pa.Table.from_pandas(out.reset_index(drop=True), preserve_index=False)


def _complement_counts(out: pd.DataFrame) -> pd.DataFrame:
    """Per gemeente and per count: when exactly one wijk's count was removed, the wijken
    and the gemeente would give it back; remove the smallest other non-zero one too
    (``aanvullend``)."""
    wijken = out[out["level"] == "wijk"]
    for _, group in wijken.groupby("gemeente", sort=False):
        for col in AREA_COUNTS:
            removed = group[col].isna()
            if int(removed.sum()) != 1:
                continue
            shown = group[~removed & (group[col] > 0)]
            if shown.empty:
                continue
            idx = smallest(shown, col)
            out.loc[idx, col] = pd.NA
            out.loc[idx, mark(col)] = COMPLEMENTARY
            out.loc[idx, "suppressed"] = True
    return out


def story(
    kinderen: str, jongste: str, desks_before: int, desks_after: int, kinds: tuple[str, ...]
) -> str:
    """One anonymised story in Dutch, from bands only."""
    who = {"0": "huishouden zonder kinderen", "1": "gezin met 1 kind"}.get(
        kinderen, f"gezin met {kinderen} kinderen"
    )
    if kinderen != "0" and jongste != "geen":
        who += f", jongste {jongste} jaar"
    desk = (
        f"in de basis {desks_before} {'loket' if desks_before == 1 else 'loketten'}, "
        f"in de variant {desks_after}"
    )
    return f"{who}: {desk}" + (f"; {', '.join(kinds)}" if kinds else "")


def story_table(figures: pa.Table, *, min_cell: int = MIN_CELL) -> pa.Table:
    """Groups of households whose plan changes, by children band, youngest-age band,
    desks before and after and the kinds of change: only groups of at least ``min_cell``
    households, most frequent first, with the story in words and the median days to the
    first due action before and after."""
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for row in figures.to_pylist():
        if not row["plan_anders"]:
            continue
        key = (
            row["kinderen"],
            row["jongste"],
            row["loketten_basis"],
            row["loketten_variant"],
            change_kinds(row),
        )
        groups.setdefault(key, []).append(row)
    out: list[dict[str, Any]] = []
    for (kids, young, db, dv, kinds), rows in groups.items():
        if len(rows) < min_cell:
            continue
        out.append(
            {
                "story": story(kids, young, db, dv, kinds),
                "households": len(rows),
                "kinderen": kids,
                "jongste": young,
                "desks_baseline": db,
                "desks_variant": dv,
                "changes": ", ".join(kinds),
                "days_first_due_baseline": _median([r["dagen_basis"] for r in rows]),
                "days_first_due_variant": _median([r["dagen_variant"] for r in rows]),
            }
        )
    out.sort(key=lambda r: (-r["households"], r["story"]))
    return pa.Table.from_pylist(out, schema=_STORY_SCHEMA)


def _median(values: list[int | None]) -> float | None:
    xs = sorted(v for v in values if v is not None)
    if not xs:
        return None
    mid = len(xs) // 2
    return float(xs[mid]) if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


_STORY_SCHEMA = pa.schema(
    [
        ("story", pa.string()),
        ("households", pa.int64()),
        ("kinderen", pa.string()),
        ("jongste", pa.string()),
        ("desks_baseline", pa.int64()),
        ("desks_variant", pa.int64()),
        ("changes", pa.string()),
        ("days_first_due_baseline", pa.float64()),
        ("days_first_due_variant", pa.float64()),
    ]
)
