"""Domain tables shared by the plan builder and the generator (``domain.yaml``).

One place for the facts that several modules need: which leefgebied a product serves,
which law usually funds it, and under which law new help on a leefgebied falls for a
minor and for an adult. The table is checked completely on import: every product and
every leefgebied has an entry with known values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gezinsplan.model.enums import Leefgebied, Product, Wet

__all__ = ["LEEFGEBIED_WET", "PRODUCT_LEEFGEBIED", "PRODUCT_WET", "wet_for_new_help"]


def _load() -> dict[str, Any]:
    text = Path(__file__).with_name("domain.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    products, domains = data["products"], data["leefgebieden"]
    missing = sorted({p.value for p in Product} ^ set(products))
    missing += sorted({lg.value for lg in Leefgebied} ^ set(domains))
    if missing:
        raise RuntimeError(f"domain.yaml does not list exactly the known values: {missing}")
    return data


_DATA = _load()

PRODUCT_LEEFGEBIED: dict[Product, Leefgebied] = {
    Product(p): Leefgebied(v["leefgebied"])
    for p, v in _DATA["products"].items()
    if v["leefgebied"] is not None
}
"""The leefgebied a product serves (``overig`` has none)."""

PRODUCT_WET: dict[Product, Wet] = {Product(p): Wet(v["wet"]) for p, v in _DATA["products"].items()}
"""The law that usually funds a product."""

LEEFGEBIED_WET: dict[Leefgebied, tuple[Wet, Wet]] = {
    Leefgebied(lg): (Wet(v["minor"]), Wet(v["adult"])) for lg, v in _DATA["leefgebieden"].items()
}
"""(minor, adult): the law of new help on a leefgebied when no product is named."""


def wet_for_new_help(leefgebied: Leefgebied, asks_for: Product | None, minor: bool) -> Wet:
    """The law under which new help falls: the product's when one is asked for."""
    if asks_for is not None and asks_for is not Product.OVERIG:
        return PRODUCT_WET[asks_for]
    minor_wet, adult_wet = LEEFGEBIED_WET[leefgebied]
    return minor_wet if minor else adult_wet
