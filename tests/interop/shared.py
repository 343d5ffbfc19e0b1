"""The official iWmo/iJw 3.2 schemas and examples, from the project's shared folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ISTANDAARDEN = ROOT.parent / "shared" / "interop" / "istandaarden"
STANDARDS = {"wmo": "iwmo", "jeugdwet": "ijw"}
"""Law → the standard's folder."""
XS = "{http://www.w3.org/2001/XMLSchema}"


def folder(law: str, part: str) -> Path:
    path = ISTANDAARDEN / STANDARDS[law] / "3.2" / part
    if not path.is_dir():
        pytest.fail(f"the official iStandaarden files are missing: {path}")
    return path


@cache
def schema(law: str, message: str) -> object:
    """The compiled lxml schema of ``message`` (e.g. ``WMO301``)."""
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(folder(law, "xsd") / f"{message}.xsd")))
