"""The fixed vocabularies of the columnar generator: codes 0, 1, … and their texts.

Everything is taken from :mod:`gezinsplan.generate`, so both generators draw from the
same products, organisations, municipalities and weights.
"""

from __future__ import annotations

from gezinsplan.generate import (
    _JEUGD_PRODUCTS,
    _ORGS,
    _PW_PRODUCTS,
    _WMO_PRODUCTS,
    GEMEENTE_CODES,
    GEMEENTEN,
    LAW_COMBINATIONS,
    _agb,
)
from gezinsplan.interop.istandaarden.products import GENERATOR_CODES
from gezinsplan.model.domain import PRODUCT_LEEFGEBIED
from gezinsplan.model.enums import Leefgebied, Product, Wet

__all__ = [
    "AGB",
    "COMBO_LAWS",
    "COMBO_WEIGHTS",
    "DOMAINS",
    "GEMEENTE_CBS",
    "GEMEENTE_NAMES",
    "GEMEENTE_WEIGHTS",
    "LAWS",
    "LAW_ORGS",
    "MULTI_ORGS",
    "ORG_IDS",
    "ORG_NAMES",
    "PRODUCTS",
    "WETTEN",
    "WIJKEN",
    "WIJK_OFFSET",
]

J, P, W = Wet.JEUGDWET, Wet.PARTICIPATIEWET, Wet.WMO

#: The laws of provisions in the order a household lists them (sorted by value).
LAWS: tuple[Wet, ...] = (J, P, W)
#: Every law a professional or organisation can carry: the three above, then two more.
WETTEN: tuple[str, ...] = ("jeugdwet", "participatiewet", "wmo", "zvw", "wgs")
COMBO_LAWS: tuple[tuple[bool, bool, bool], ...] = tuple(
    (J in laws, P in laws, W in laws) for laws, _ in LAW_COMBINATIONS
)
COMBO_WEIGHTS: tuple[float, ...] = tuple(w for _, w in LAW_COMBINATIONS)

GEMEENTE_NAMES: tuple[str, ...] = tuple(g for g, _, _ in GEMEENTEN)
GEMEENTE_WEIGHTS: tuple[float, ...] = tuple(w for _, _, w in GEMEENTEN)
GEMEENTE_CBS: tuple[str, ...] = tuple(GEMEENTE_CODES[g] for g in GEMEENTE_NAMES)
WIJKEN: tuple[str, ...] = tuple(w for _, wijken, _ in GEMEENTEN for w in wijken)
WIJK_OFFSET: tuple[tuple[int, int], ...] = tuple(
    (sum(len(x[1]) for x in GEMEENTEN[:i]), len(GEMEENTEN[i][1])) for i in range(len(GEMEENTEN))
)
"""Per gemeente: the index of its first wijk in :data:`WIJKEN` and how many it has."""

#: Leefgebieden in the order of the enum (the first 13 are drawn for extra scores).
DOMAINS: tuple[str, ...] = tuple(lg.value for lg in Leefgebied)


class ProductInfo:
    """One product of the generator's product tables."""

    __slots__ = ("asked", "category", "code", "domain", "kind", "law", "name", "weight")

    def __init__(self, law: int, name: str, category: str | None, kind: str, weight: float):
        self.law = law
        self.name = name
        self.category = category
        self.kind = kind
        self.weight = weight
        product = Product(name)
        self.domain = DOMAINS.index(PRODUCT_LEEFGEBIED[product].value)
        self.code = GENERATOR_CODES[product][1] if category else None
        self.asked = name in {
            "woningaanpassing",
            "hulpmiddel",
            "vervoer",
            "dagbesteding",
            "huishoudelijke_hulp",
        }


#: The products per law (0 jeugdwet, 1 participatiewet, 2 wmo), then the follow-up.
PRODUCTS: tuple[ProductInfo, ...] = tuple(
    ProductInfo(law, *row)
    for law, table in enumerate((_JEUGD_PRODUCTS, _PW_PRODUCTS, _WMO_PRODUCTS))
    for row in table
)

_MULTI_ORG_NAMES = ("GGZ Zuid", "Schuldhulp Regio", "Verslavingszorg", "Wijkteam")


def _org_id(name: str, cut: bool) -> str:
    slug = name.lower().replace(" ", "-")
    return "o-" + (slug[:20] if cut else slug)


_NAMES = (
    {"o-gem": ""}
    | {_org_id(name, cut=True): name for law in LAWS for name in _ORGS[law]}
    | {_org_id(name, cut=False): name for name in _MULTI_ORG_NAMES}
)
#: Organisation ids in sorted order (a household lists its organisations by id).
ORG_IDS: tuple[str, ...] = tuple(sorted(_NAMES))
#: Their names ("" for o-gem: it is "Gemeente <gemeente>").
ORG_NAMES: tuple[str, ...] = tuple(_NAMES[o] for o in ORG_IDS)
#: Per law of :data:`LAWS`: the codes of its providers other than the gemeente.
LAW_ORGS: tuple[tuple[int, ...], ...] = tuple(
    tuple(ORG_IDS.index(_org_id(name, cut=True)) for name in _ORGS[law]) for law in LAWS
)
MULTI_ORGS: tuple[int, ...] = tuple(ORG_IDS.index(_org_id(n, cut=False)) for n in _MULTI_ORG_NAMES)
#: AGB code per (organisation code, gemeente code).
AGB: tuple[tuple[str, ...], ...] = tuple(
    tuple(_agb(org, g) for g in GEMEENTE_NAMES) for org in ORG_IDS
)
