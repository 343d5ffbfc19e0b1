"""What the iWmo and iJw 3.2 messages are called, coded and namespaced.

Read from the official 3.2 schemas (the XSDs are the authority): the message namespace is
``http://www.istandaarden.nl/<iwmo|ijw>/3_2/<wmo|jw><nnn>/schema``, the basisschema's
``http://www.istandaarden.nl/<iwmo|ijw>/3_2/basisschema/schema``; the BerichtCode is the
Vektis code (list COD002) of the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gezinsplan.model.enums import Wet

__all__ = [
    "BERICHT_CODES",
    "READ",
    "RELEASE",
    "RETOUR",
    "STANDARD",
    "MessageType",
    "basis_namespace",
    "message_namespace",
    "parse_namespace",
]

RELEASE = "3_2"
"""The release these messages belong to (BerichtVersie 3, BerichtSubversie 2)."""

STANDARD: dict[Wet, tuple[str, str, str]] = {
    Wet.WMO: ("iwmo", "wmo", "WMO"),
    Wet.JEUGDWET: ("ijw", "jw", "JW"),
}
"""Law → (standard folder, namespace prefix, message name prefix)."""

BERICHT_CODES: dict[tuple[Wet, str], str] = {
    (Wet.WMO, "301"): "414",
    (Wet.WMO, "305"): "418",
    (Wet.WMO, "307"): "420",
    (Wet.WMO, "315"): "444",
    (Wet.WMO, "317"): "480",
    (Wet.WMO, "319"): "482",
    (Wet.WMO, "323"): "484",
    (Wet.JEUGDWET, "301"): "436",
    (Wet.JEUGDWET, "302"): "437",
    (Wet.JEUGDWET, "305"): "438",
    (Wet.JEUGDWET, "306"): "439",
    (Wet.JEUGDWET, "307"): "440",
    (Wet.JEUGDWET, "308"): "441",
    (Wet.JEUGDWET, "315"): "446",
    (Wet.JEUGDWET, "316"): "447",
    (Wet.JEUGDWET, "317"): "486",
    (Wet.JEUGDWET, "318"): "487",
    (Wet.JEUGDWET, "319"): "488",
    (Wet.JEUGDWET, "320"): "489",
    (Wet.JEUGDWET, "323"): "490",
    (Wet.JEUGDWET, "325"): "491",
}
"""(law, message number) → BerichtCode."""

READ = frozenset({"301", "305", "307", "315"})
"""The messages import reads: toewijzing, start zorg, stop zorg, verzoek om toewijzing."""
RETOUR = frozenset({"302", "306", "308", "316", "318", "320"})
"""Retour messages (the answer to a message): refused by name."""

PRODUCT_ELEMENT = {
    "301": ("ToegewezenProducten", "ToegewezenProduct"),
    "305": ("StartProducten", "StartProduct"),
    "307": ("StopProducten", "StopProduct"),
    "315": ("AangevraagdeProducten", "AangevraagdProduct"),
}
"""Message number → (list element, item element) of its products."""

_NS = re.compile(
    r"^http://www\.istandaarden\.nl/(?P<std>iwmo|ijw)/(?P<release>[0-9]+_[0-9]+)/"
    r"(?P<prefix>wmo|jw)(?P<number>[0-9]{3})/schema$"
)


@dataclass(frozen=True, slots=True)
class MessageType:
    """A message: its law, number (``"301"``) and release (``"3_2"``)."""

    wet: Wet
    number: str
    release: str

    @property
    def name(self) -> str:
        """``WMO301``, ``JW315`` …"""
        return STANDARD[self.wet][2] + self.number

    @property
    def release_text(self) -> str:
        """``3.2``"""
        return self.release.replace("_", ".")


def message_namespace(wet: Wet, number: str) -> str:
    """The namespace of message ``number`` of ``wet`` in release 3.2."""
    std, prefix, _ = STANDARD[wet]
    return f"http://www.istandaarden.nl/{std}/{RELEASE}/{prefix}{number}/schema"


def basis_namespace(wet: Wet) -> str:
    """The namespace of the basisschema of ``wet`` in release 3.2."""
    return f"http://www.istandaarden.nl/{STANDARD[wet][0]}/{RELEASE}/basisschema/schema"


def parse_namespace(namespace: str) -> MessageType | None:
    """The message a root namespace names (any release), or None for another document."""
    match = _NS.match(namespace)
    if match is None:
        return None
    wet = Wet.WMO if match["std"] == "iwmo" else Wet.JEUGDWET
    if (match["prefix"] == "wmo") != (wet is Wet.WMO):
        return None
    return MessageType(wet, match["number"], match["release"])
