"""What a variant does to the cost of provisions: the provisions that start or stop.

A rule's action may declare what carrying it out does to a provision (rule language
``voorziening``): a provision the rule matched stops (``stop``), or a new one starts
(``start``, with product, category, volume, unit and frequency). A signal that the variant
adds brings its actions and with them their effects; a signal it removes takes them away.
So per changed household and per effect:

- a signal only in the variant: a ``start`` adds the new provision's cost, a ``stop``
  saves the matched provision's cost;
- a signal only in the baseline: the reverse (the start is not made, the provision that
  would have stopped keeps running).

The cost counted is that of one year from the peildatum (365 days, the peildatum
included), priced with :func:`gezinsplan.costs.period_cost` and the tariffs given: a
provision that ends within that year counts up to its end. A cost that cannot be priced
(no volume, no tariff; or a stop whose provision the source does not hold) is counted as
unknown, never as 0. Effects of the same signal identity (rule and matched facts) on both
sides cancel: a signal whose message or date changes brings no cost.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pyarrow as pa

from gezinsplan.costs import TariffSet, period_cost
from gezinsplan.model.household import Provision
from gezinsplan.monitor.suppress import complement_rows, mark, primary
from gezinsplan.rules.parameters import ParameterValue
from gezinsplan.rules.ruleset import ProvisionEffect, Rule, RuleSet

__all__ = ["COST_SCHEMA", "ProvisionLoader", "cost_table", "effect_rows"]

TOTAL = "totaal"
"""The ``rule_id`` of the row that sums every effect."""

ProvisionLoader = Callable[[Sequence[str]], Mapping[str, Mapping[str, Provision]] | None]
"""Household ids -> per household its provisions by id (None: the source has none)."""

_Signal = tuple[str, tuple[str, ...], tuple[str, ...]]
"""(rule id, matched fact ids, members)."""


def _signals(
    table: pa.Table, households: set[str], rule_ids: Sequence[str]
) -> dict[str, set[_Signal]]:
    import pyarrow.compute as pc

    table = table.filter(
        pc.is_in(table.column("rule_id"), value_set=pa.array(rule_ids, pa.string()))
    )
    wanted = pa.array(sorted(households), pa.string())
    table = table.filter(pc.is_in(table.column("household"), value_set=wanted))
    out: dict[str, set[_Signal]] = defaultdict(set)
    for hid, rid, facts, members in zip(
        table.column("household").to_pylist(),
        table.column("rule_id").to_pylist(),
        table.column("fact_ids").to_pylist(),
        table.column("members").to_pylist(),
        strict=True,
    ):
        if hid in households:
            out[hid].add((rid, tuple(facts), tuple(members)))
    return out


def _year(peildatum: date) -> tuple[date, date]:
    return peildatum, peildatum + timedelta(days=364)


def _start_provision(
    effect: ProvisionEffect, member: str, params: Mapping[str, ParameterValue], peildatum: date
) -> Provision:
    volume = params[effect.volume] if isinstance(effect.volume, str) else effect.volume
    return Provision.model_validate(
        {
            "id": "voorziening",
            "member": member,
            "wet": effect.wet,
            "kind": "maatwerkvoorziening",
            "product": effect.product,
            "category": effect.category,
            "start": peildatum,
            "volume": volume,
            "unit": effect.unit,
            "frequency": effect.frequency,
        }
    )


def _stopped(rule: Rule, effect: ProvisionEffect, facts: Sequence[str]) -> str:
    """The id of the provision fact bound to the effect's alias."""
    positive = [p for p in rule.patterns if not p.negated]
    for pattern, fid in zip(positive, facts, strict=True):
        if pattern.alias == effect.alias:
            return fid
    raise KeyError(effect.alias)  # the loader allows only aliases of positive patterns


def effect_rows(
    before: pa.Table,
    after: pa.Table,
    changed: Sequence[str],
    baseline: RuleSet,
    variant: RuleSet,
    peildatum: date,
    tariffs: TariffSet,
    provisions: ProvisionLoader,
    same: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """One row per effect of a signal that only one side has, in the households
    ``changed``: household, rule, action, effect, law, product, ``richting`` (``erbij``:
    happens only in the variant; ``eraf``: only in the baseline) and the signed yearly cost
    in eurocent (variant minus baseline; None when unknown). ``provisions``: gives, for the
    households asked, their provisions by id (for the cost of a provision that stops); it
    is called once, only for the households with such an effect, and returns None when the
    source does not hold them. ``same``: rules whose signals are known to be equal on both
    sides (none of them is one-sided)."""
    wanted = set(changed)
    # only the signals of rules whose actions start or stop a provision can cost anything
    effects = sorted(
        {
            r.id
            for rs in (baseline, variant)
            for r in rs.rules
            if r.id not in same and any(a.provision is not None for a in r.actions)
        }
    )
    if not effects:
        return []
    b, v = _signals(before, wanted, effects), _signals(after, wanted, effects)
    start, end = _year(peildatum)
    sides = (
        ("eraf", baseline, baseline.params_at(peildatum), -1, b, v),
        ("erbij", variant, variant.params_at(peildatum), 1, v, b),
    )
    rules = {name: {r.id: r for r in rs.rules} for name, rs, *_ in sides}
    stopping = {
        hid
        for hid in wanted
        for name, _, _, _, mine, other in sides
        for rid, _, _ in mine.get(hid, set()) - other.get(hid, set())
        if any(
            a.provision is not None and a.provision.effect == "stop"
            for a in rules[name][rid].actions
        )
    }
    held_by = provisions(sorted(stopping)) if stopping else {}
    out: list[dict[str, Any]] = []
    for hid in sorted(wanted):
        for name, _, params, sign, mine, other in sides:
            for rid, facts, members in sorted(mine.get(hid, set()) - other.get(hid, set())):
                rule = rules[name][rid]
                for action in rule.actions:
                    effect = action.provision
                    if effect is None:
                        continue
                    if effect.effect == "start":
                        member = members[0] if members else "lid"
                        provision: Provision | None = _start_provision(
                            effect, member, params, peildatum
                        )
                        direction = sign
                    else:
                        pid = _stopped(rule, effect, facts)
                        held = held_by.get(hid, {}) if held_by is not None else {}
                        provision = held.get(pid)
                        direction = -sign
                    cost = period_cost(provision, tariffs, start, end) if provision else None
                    cents = cost.cents if cost is not None else None
                    out.append(
                        {
                            "household": hid,
                            "rule_id": rid,
                            "action_id": action.id,
                            "effect": effect.effect,
                            "wet": provision.wet.value if provision else "",
                            "product": provision.product.value if provision else "",
                            "richting": name,
                            "cents": None if cents is None else direction * cents,
                            "basis": cost.basis if cost is not None else "niet_in_bron",
                        }
                    )
    return out


COST_SCHEMA = pa.schema(
    [
        ("rule_id", pa.string()),
        ("action_id", pa.string()),
        ("effect", pa.string()),
        ("wet", pa.string()),
        ("product", pa.string()),
        ("households", pa.int64()),
        ("households_suppression", pa.string()),
        ("erbij", pa.int64()),
        ("erbij_suppression", pa.string()),
        ("eraf", pa.int64()),
        ("eraf_suppression", pa.string()),
        ("onbekend", pa.int64()),
        ("onbekend_suppression", pa.string()),
        ("kosten_per_jaar", pa.float64()),
        ("kosten_per_jaar_suppression", pa.string()),
        ("suppressed", pa.bool_()),
    ]
)
"""Per effect (rule, action, start or stop, law, product) and a ``totaal`` row: the
households it changes, how often it happens only in the variant (``erbij``) or only in
the baseline (``eraf``), how many of those could not be priced (``onbekend``) and the
yearly cost in euro, variant minus baseline, of those that could. Small counts are
suppressed (``*_suppression``: ``primair``/``aanvullend``)."""

_KEYS = ["rule_id", "action_id", "effect", "wet", "product"]


def cost_table(rows: Sequence[Mapping[str, Any]], min_cell: int) -> pa.Table:
    """The rows of :func:`effect_rows` summed per effect, with a ``totaal`` row, small
    cells suppressed (a cost of fewer than ``min_cell`` households is not shown)."""
    if not rows:
        return COST_SCHEMA.empty_table()
    frame = pd.DataFrame(list(rows))
    frame["known"] = frame["cents"].notna()
    frame["cents"] = frame["cents"].fillna(0).astype("int64")

    def summed(group: pd.DataFrame) -> dict[str, Any]:
        return {
            "households": group["household"].nunique(),
            "erbij": int((group["richting"] == "erbij").sum()),
            "eraf": int((group["richting"] == "eraf").sum()),
            "onbekend": int((~group["known"]).sum()),
            "kosten_per_jaar": float(group.loc[group["known"], "cents"].sum()) / 100,
        }

    out = [
        {**dict(zip(_KEYS, key, strict=True)), **summed(group)}
        for key, group in frame.groupby(_KEYS, sort=True)
    ]
    out.append({**dict.fromkeys(_KEYS, ""), "rule_id": TOTAL, **summed(frame)})
    table = pd.DataFrame(out)
    table = primary(
        table, "households", ["erbij", "eraf", "onbekend"], ["kosten_per_jaar"], min_cell
    )
    table["groep"] = "alle"
    table = complement_rows(table, ["groep"], "households", table["rule_id"] != TOTAL, min_cell)
    table = table.drop(columns=["groep"])
    for col in ("households", "erbij", "eraf", "onbekend", "kosten_per_jaar"):
        if mark(col) not in table.columns:
            table[mark(col)] = ""
        table[mark(col)] = table[mark(col)].fillna("").astype(str)
    table = table[COST_SCHEMA.names].reset_index(drop=True)
    return pa.Table.from_pandas(table, schema=COST_SCHEMA, preserve_index=False)
