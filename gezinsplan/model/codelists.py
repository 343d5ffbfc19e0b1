"""The iWmo and iJw 3.2 code lists with their labels, as data (``codelists.yaml``).

Per law (``wmo``, ``jeugdwet``) and per list (``product_category``, ``reden_beeindiging``,
``juridische_status``, ``eenheid``, ``frequentie``, ``status_aanlevering``,
``reden_wijziging``): code → label, copied from the ``basisschema.xsd`` of each standard.
A code can mean different things per law, so a label is always looked up with its law:

>>> code_label(Wet.JEUGDWET, "reden_beeindiging", "31")
'Levering is volgens plan beeindigd.'
>>> code_label(Wet.WMO, "reden_beeindiging", "31")
'Verhuizing naar een andere gemeente'

The table is checked on import against the enumerations of the model: every code of
:class:`~gezinsplan.model.enums.ProductCategory`, :class:`~gezinsplan.model.enums.Eenheid`,
:class:`~gezinsplan.model.enums.Frequentie`, :class:`~gezinsplan.model.enums.JuridischeStatus`
and :class:`~gezinsplan.model.enums.RedenBeeindiging` has a label and no label lacks a code.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml

from gezinsplan.model.enums import (
    Eenheid,
    Frequentie,
    JuridischeStatus,
    ProductCategory,
    RedenBeeindiging,
    Wet,
)

__all__ = ["CODE_LISTS", "LAWS", "code_label", "codes"]

LAWS: dict[Wet, str] = {Wet.WMO: "wmo", Wet.JEUGDWET: "jeugdwet"}
"""The laws with an iStandaard, and their key in :data:`CODE_LISTS`."""

_ENUMS: dict[str, type[StrEnum]] = {
    "product_category": ProductCategory,
    "eenheid": Eenheid,
    "frequentie": Frequentie,
    "juridische_status": JuridischeStatus,
    "reden_beeindiging": RedenBeeindiging,
}


def _load() -> dict[str, dict[str, dict[str, str]]]:
    text = Path(__file__).with_name("codelists.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, str]]] = yaml.safe_load(text)
    for name, enum in _ENUMS.items():
        listed = {code for law in LAWS.values() for code in data[law][name]}
        if listed != {e.value for e in enum}:
            raise RuntimeError(
                f"codelists.yaml {name}: codes differ from {enum.__name__}: "
                f"{sorted(listed ^ {e.value for e in enum})}"
            )
    return data


CODE_LISTS: dict[str, dict[str, dict[str, str]]] = _load()
"""``CODE_LISTS[law][list][code]`` is the label (law ``wmo`` or ``jeugdwet``)."""


@cache
def codes(wet: Wet, name: str) -> frozenset[str]:
    """The codes of list ``name`` in the standard of ``wet`` (KeyError for another law)."""
    return frozenset(CODE_LISTS[LAWS[wet]][name])


def code_label(wet: Wet, name: str, code: str) -> str:
    """The label of ``code`` in list ``name`` of the standard of ``wet`` (KeyError when the
    law's list does not have it)."""
    return CODE_LISTS[LAWS[wet]][name][code]
