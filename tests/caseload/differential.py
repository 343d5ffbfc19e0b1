"""Helpers of the differential tests: the SQL engine's rows against the reference evaluator."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

from gezinsplan.assessor import Assessor
from gezinsplan.model.household import Household
from gezinsplan.rules.facts import build_facts
from gezinsplan.rules.ruleset import RuleSet

Key = tuple[str, str, tuple[str, ...], tuple[str, ...], date | None, date | None, str | None]
"""household, rule id, bound fact ids, members, deadline, overdue since, wet: a signal's
identity."""


def reference_keys(households: Iterable[Household], rules: RuleSet, peildatum: date) -> set[Key]:
    """The identities of the reference evaluator's signals."""
    assessor = Assessor(rules, engine="python")
    out: set[Key] = set()
    for h in households:
        for s in assessor.assess(h, peildatum):
            out.add(
                (
                    h.id,
                    s.rule_id,
                    tuple(f.id for f in s.facts),
                    s.members,
                    s.deadline,
                    s.overdue_since,
                    s.wet.value if s.wet else None,
                )
            )
    return out


def sql_keys(table: pa.Table) -> set[Key]:
    """The identities of the SQL engine's rows (a row appearing twice fails)."""
    rows = [
        (
            r["household"],
            r["rule_id"],
            tuple(r["fact_ids"]),
            tuple(r["members"]),
            r["deadline"],
            r["overdue_since"],
            r["wet"],
        )
        for r in table.to_pylist()
    ]
    assert len(rows) == len(set(rows)), "the SQL engine gave a signal twice"
    return set(rows)


def explain_difference(sql: set[Key], reference: set[Key], limit: int = 10) -> str:
    """Per household and rule, what each engine found (for a failing assertion)."""
    lines = []
    for key in sorted(sql ^ reference, key=repr)[:limit]:
        side = "only SQL" if key in sql else "only reference"
        lines.append(f"{side}: household {key[0]} rule {key[1]}: {key[2:]}")
        others = [k for k in (sql | reference) if k[:2] == key[:2] and k != key]
        for k in others[:3]:
            lines.append(f"    same rule, other result: {k[2:]}")
    return f"{len(sql ^ reference)} difference(s)\n" + "\n".join(lines)


def fact_differences(
    households: Sequence[Household], sql_facts: dict[str, list[dict[str, Any]]], peildatum: date
) -> list[str]:
    """Fields where the SQL facts differ from ``build_facts`` (empty when all agree)."""
    problems: list[str] = []
    ours: dict[tuple[str, str, str], dict[str, Any]] = {}
    for fact_type, rows in sql_facts.items():
        for row in rows:
            row = dict(row)
            hid = row.pop("household")
            ours[(fact_type, hid, row["id"])] = row
    theirs: dict[tuple[str, str, str], dict[str, Any]] = {}
    for h in households:
        for fact_type, rows in build_facts(h, peildatum).items():
            for row in rows:
                theirs[(fact_type, h.id, row["id"])] = row
    for key in sorted(set(ours) ^ set(theirs)):
        problems.append(f"{key}: only in {'SQL' if key in ours else 'build_facts'}")
    for key in sorted(set(ours) & set(theirs)):
        a, b = ours[key], theirs[key]
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name) or type(a.get(name)) is not type(b.get(name)):
                problems.append(f"{key}.{name}: SQL {a.get(name)!r}, build_facts {b.get(name)!r}")
    return problems
