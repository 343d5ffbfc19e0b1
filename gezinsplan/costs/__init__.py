"""Costs of provisions: unit tariffs as dated data and the cost of a provision per period.

    from gezinsplan.costs import load_tariffs, yearly_cost

    tariffs = load_tariffs()                      # the shipped example set
    cost = yearly_cost(provision, tariffs, date(2026, 11, 23))
    cost.cents, cost.basis                        # None and a reason when unknown

See :mod:`gezinsplan.costs.tariffs` for the tariff files and
:mod:`gezinsplan.costs.compute` for how a cost is computed.
"""

from gezinsplan.costs.compute import (
    KNOWN_BASES,
    UNKNOWN_REASONS,
    Cost,
    Pricing,
    cost_year,
    period_cost,
    price,
    yearly_cost,
)
from gezinsplan.costs.tariffs import (
    Tariff,
    TariffError,
    TariffSet,
    default_tariffs_dir,
    load_tariffs,
)

__all__ = [
    "KNOWN_BASES",
    "UNKNOWN_REASONS",
    "Cost",
    "Pricing",
    "Tariff",
    "TariffError",
    "TariffSet",
    "cost_year",
    "default_tariffs_dir",
    "load_tariffs",
    "period_cost",
    "price",
    "yearly_cost",
]
