"""Category and product code of a toewijzing ↔ the library's :class:`Product`."""

from __future__ import annotations

from pathlib import Path

import yaml

from gezinsplan.model.enums import Product, ProductCategory

__all__ = ["CATEGORY_PRODUCT", "GENERATOR_CODES", "product_for"]


def _load() -> tuple[dict[ProductCategory, Product], dict[Product, tuple[ProductCategory, str]]]:
    text = Path(__file__).with_name("products.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    categories = {ProductCategory(k): Product(v) for k, v in data["categories"].items()}
    if set(categories) != set(ProductCategory):
        raise RuntimeError("products.yaml: every product category needs a product")
    generator = {
        Product(k): (ProductCategory(cat), str(code))
        for k, (cat, code) in data["generator"].items()
    }
    return categories, generator


CATEGORY_PRODUCT, GENERATOR_CODES = _load()
"""The product of a category; the (category, code) the generator writes per product."""
_CODE_PRODUCT = {(cat, code): product for product, (cat, code) in GENERATOR_CODES.items()}


def product_for(category: ProductCategory | None, code: str | None) -> Product:
    """The product of a toewijzing: a listed code first, then the category, else ``overig``."""
    if category is None:
        return Product.OVERIG
    if code is not None and (category, code) in _CODE_PRODUCT:
        return _CODE_PRODUCT[(category, code)]
    return CATEGORY_PRODUCT[category]
