"""The diff report's words and numbers on a planted diff: Dutch numbers, rule titles, and
a list of changes that names each combination once, never for a few households."""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from gezinsplan.variant.compare import (
    _GEMEENTEN_SCHEMA,
    _HOUSEHOLDS_SCHEMA,
    _PLANS_SCHEMA,
    _RULES_SCHEMA,
    VariantDiff,
)
from gezinsplan.variant.report import change_patterns, render_report

INTAKE = "blokkades.aparte_intake_per_wet"
WERK = "blokkades.reintegratie_alleen_met_uitkering"


def _rule(rid: str, title: str, before: int, after: int, gained: int, lost: int) -> dict[str, Any]:
    return {
        "rule_id": rid,
        "title": title,
        "baseline_signals": before,
        "variant_signals": after,
        "baseline_households": before,
        "variant_households": after,
        "households_gained": gained,
        "households_lost": lost,
    }


def _planted() -> VariantDiff:
    """1,234 households lose the intake signal, 3 lose the work signal as well (a rare
    combination), 12 get a plan with a korte check in place of a plan."""
    households: list[dict[str, Any]] = []
    plans: list[dict[str, Any]] = []
    for i in range(1234):
        key = f"sleutel{i:05d}"
        households.append(
            {"household_key": key, "gemeente": "Vaals", "rule_id": INTAKE, "change": "eraf"}
        )
        if i < 3:
            households.append(
                {"household_key": key, "gemeente": "Vaals", "rule_id": WERK, "change": "eraf"}
            )
        elif i < 15:
            plans.append(
                {
                    "household_key": key,
                    "aspect": "uitkomst",
                    "baseline": "plan",
                    "variant": "korte_check",
                    "explanation": "De uitkomst wordt korte_check in plaats van plan.",
                }
            )
    return VariantDiff(
        summary={
            "peildatum": "2027-02-01",
            "baseline_version": "a" * 64,
            "variant_version": "b" * 64,
            "households": 12345,
            "households_changed": 1234,
            "baseline_signals": 23456,
            "variant_signals": 22222,
            "households_with_plan_change": 12,
            "plans_note": "",
        },
        rules=pa.Table.from_pylist(
            [
                _rule(INTAKE, "Blokkade: een aparte intake per wet", 1234, 0, 0, 1234),
                _rule(WERK, "Blokkade: re-integratie alleen met een uitkering", 1500, 1497, 0, 3),
            ],
            schema=_RULES_SCHEMA,
        ),
        households=pa.Table.from_pylist(households, schema=_HOUSEHOLDS_SCHEMA),
        plans=pa.Table.from_pylist(plans, schema=_PLANS_SCHEMA),
        gemeenten=pa.Table.from_pylist(
            [{"gemeente": "Vaals", "households": 12345, "households_changed": 1234}],
            schema=_GEMEENTEN_SCHEMA,
        ),
    )


def test_numbers_are_written_the_dutch_way() -> None:
    html = render_report(_planted())
    for n in ("12.345", "1.234", "23.456", "22.222", "1.500", "1.497"):
        assert n in html, n
    for raw in ("12345", "23456", "22222", ">1234<", ">1500<"):
        assert raw not in html, raw


def test_rules_carry_their_titles() -> None:
    html = render_report(_planted())
    rows = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td>", html)
    assert (INTAKE, "Blokkade: een aparte intake per wet") in rows
    assert (WERK, "Blokkade: re-integratie alleen met een uitkering") in rows


def test_the_list_of_changes_names_each_combination_once_and_no_small_one() -> None:
    result = _planted()
    patterns = change_patterns(result)
    assert sum(patterns.values()) == 1234
    html = render_report(result)
    section = html[html.index("Veranderingen die het vaakst voorkomen") :]
    entries = re.findall(r"<li><strong>([\d.]+) huishoudens</strong>", section)
    # the two combinations of 10 or more households, most frequent first; not 15 repeats
    assert entries == ["1.219", "12"]
    items = re.findall(r'<ul class="onderdelen">(.*?)</ul>', section)
    assert len(items) == len(set(items)) == 2
    assert "plan: uitkomst: korte check in plaats van plan" in items[1]
    # the three households with the rare combination are not described
    assert "(blokkades.reintegratie_alleen_met_uitkering): niet meer" not in section
    assert "minder dan 10 huishoudens" in section
    # no household key anywhere
    assert "sleutel" not in html


def test_a_small_top_list_still_lists_only_frequent_combinations() -> None:
    html = render_report(_planted(), min_cell=20)
    section = html[html.index("Veranderingen die het vaakst voorkomen") :]
    assert re.findall(r"<li><strong>([\d.]+) huishoudens</strong>", section) == ["1.219"]
