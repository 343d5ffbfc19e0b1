"""The code lists of the package equal the enumerations of the official 3.2 basisschemas."""

from __future__ import annotations

import pytest

from gezinsplan.model.codelists import CODE_LISTS
from gezinsplan.model.enums import (
    Eenheid,
    Frequentie,
    JuridischeStatus,
    ProductCategory,
    RedenBeeindiging,
)
from tests.interop.shared import XS, folder

etree = pytest.importorskip("lxml.etree")

SIMPLE_TYPES = {
    "product_category": "LDT_ProductCategorie",
    "reden_beeindiging": "LDT_RedenBeeindiging",
    "juridische_status": "LDT_JuridischeStatus",
    "eenheid": "LDT_Eenheid",
    "frequentie": "LDT_Frequentie",
    "status_aanlevering": "LDT_StatusAanlevering",
    "reden_wijziging": "LDT_RedenWijziging",
}
ENUMS = {
    "product_category": ProductCategory,
    "reden_beeindiging": RedenBeeindiging,
    "juridische_status": JuridischeStatus,
    "eenheid": Eenheid,
    "frequentie": Frequentie,
}


def xsd_enumeration(law: str, simple_type: str) -> dict[str, str | None]:
    tree = etree.parse(str(folder(law, "xsd") / "basisschema.xsd"))
    node = tree.find(f"{XS}simpleType[@name='{simple_type}']")
    assert node is not None, simple_type
    out: dict[str, str | None] = {}
    for e in node.iter(f"{XS}enumeration"):
        doc = e.find(f".//{XS}documentation")
        out[e.get("value")] = doc.text.strip() if doc is not None and doc.text else None
    return out


@pytest.mark.parametrize("law", ["wmo", "jeugdwet"])
@pytest.mark.parametrize("name", sorted(SIMPLE_TYPES))
def test_codes_and_labels_equal_the_basisschema(law: str, name: str) -> None:
    official = xsd_enumeration(law, SIMPLE_TYPES[name])
    ours = CODE_LISTS[law][name]
    assert sorted(ours) == sorted(official)
    for code, label in official.items():
        if label is not None:
            assert ours[code] == label, (law, name, code)


@pytest.mark.parametrize("name", sorted(ENUMS))
def test_the_enumerations_hold_the_codes_of_both_standards(name: str) -> None:
    both = set(xsd_enumeration("wmo", SIMPLE_TYPES[name])) | set(
        xsd_enumeration("jeugdwet", SIMPLE_TYPES[name])
    )
    assert {e.value for e in ENUMS[name]} == both


def test_product_categories_belong_to_their_law() -> None:
    wmo = set(xsd_enumeration("wmo", "LDT_ProductCategorie"))
    assert {c.value for c in ProductCategory if c.wet.value == "wmo"} == wmo
    assert not wmo & set(xsd_enumeration("jeugdwet", "LDT_ProductCategorie"))


def test_the_product_code_is_one_to_five_characters() -> None:
    for law in ("wmo", "jeugdwet"):
        tree = etree.parse(str(folder(law, "xsd") / "basisschema.xsd"))
        node = tree.find(f"{XS}simpleType[@name='LDT_ProductCode']")
        assert node is not None
        facets = {e.tag.replace(XS, ""): e.get("value") for e in node.iter() if e.get("value")}
        assert (facets["minLength"], facets["maxLength"]) == ("1", "5")


def test_the_meanings_the_library_relies_on() -> None:
    jw = CODE_LISTS["jeugdwet"]["product_category"]
    assert (jw["47"], jw["48"]) == ("Jeugdreclassering", "Jeugdbescherming")
    assert jw["41"] == "Dagbehandeling"
    assert jw["43"].startswith("Jeugdhulp verblijf")
    assert jw["44"].startswith("Jeugdhulp verblijf")
    wmo = CODE_LISTS["wmo"]["product_category"]
    assert (wmo["07"], wmo["15"]) == ("Dagbesteding", "Beschermd wonen")
    assert CODE_LISTS["wmo"]["reden_beeindiging"]["39"] == "Uitstroom naar ander domein"
    assert CODE_LISTS["jeugdwet"]["reden_beeindiging"]["39"] == "Uitstroom naar ander domein"
    assert CODE_LISTS["jeugdwet"]["juridische_status"]["04"] == "Onder toezichtstelling (ots)"


def test_the_generators_products_map_back_to_themselves() -> None:
    from gezinsplan.generate import _JEUGD_PRODUCTS, _WMO_PRODUCTS
    from gezinsplan.interop.istandaarden.products import GENERATOR_CODES, product_for
    from gezinsplan.model.enums import Product

    for product, (category, code) in GENERATOR_CODES.items():
        assert product_for(category, code) is product
    for name, category, _kind, _weight in (*_JEUGD_PRODUCTS, *_WMO_PRODUCTS):
        assert GENERATOR_CODES[Product(name)][0].value == category, name
    for name, category, _kind, _weight in _JEUGD_PRODUCTS:
        assert ProductCategory(category).wet.value == "jeugdwet", name
    for name, category, _kind, _weight in _WMO_PRODUCTS:
        assert ProductCategory(category).wet.value == "wmo", name
