"""Write iWmo/iJw 3.2 messages (301, 305, 307) for the provisions of a caseload.

Per client (a member with provisions that carry a toewijzing), law, gemeente and
aanbieder: one 301 with every toewijzing, one 305 with the starts of delivery and one
307 with the stops. A provision is written when it has a toewijzing: wet ``wmo`` or
``jeugdwet``, granted (not ``aangevraagd`` or ``wachtlijst``), with ``toewijzingnummer``,
``gemeente_code`` and ``aanbieder_agb``. What the messages need and a caseload does not
hold is filled in plainly: ``Geslacht`` 0 (onbekend), the name ``Onbekend`` when none is
recorded, Toewijzingstijd 00:00:00 and, for a member without a BSN (always so in a
columnar caseload, which leaves BSNs out), a synthetic BSN that passes the elfproef and
starts with 9 (for synthetic caseloads and round trips only; never send it).

Files are written as ``<MESSAGE>_<number>.xml`` (UTF-8, CR LF line ends as senders write
them) into a hidden folder beside ``out`` that is renamed when complete.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from gezinsplan.errors import InputError
from gezinsplan.interop.istandaarden.messages import (
    BERICHT_CODES,
    STANDARD,
    basis_namespace,
    message_namespace,
)
from gezinsplan.model.enums import Wet
from gezinsplan.model.household import Household, Member, Provision

__all__ = ["ExportResult", "export_caseload", "exportable", "messages_for"]


@dataclass
class ExportResult:
    """What an export wrote; ``clients`` maps (household id, member id) to the BSN used."""

    messages: int = 0
    provisions: int = 0
    skipped: int = 0
    clients: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)


def exportable(p: Provision) -> bool:
    """True when the provision carries a toewijzing the messages can hold."""
    return (
        p.wet in STANDARD
        and not p.not_granted
        and p.toewijzingnummer is not None
        and p.gemeente_code is not None
        and p.aanbieder_agb is not None
    )


class _Bsns:
    """Synthetic BSNs in sequence: nine digits starting with 9 that pass the elfproef."""

    def __init__(self) -> None:
        self.candidate = 0

    def next(self) -> str:
        while True:
            prefix = f"9{self.candidate:07d}"
            self.candidate += 1
            weighted = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1), strict=True))
            if weighted % 11 != 10:
                return prefix + str(weighted % 11)


def _sub(parent: Any, tag: str, text: str | None = None) -> Any:
    elem = etree.SubElement(parent, tag)
    if text is not None:
        elem.text = text
    return elem


class _Message:
    def __init__(self, wet: Wet, number: str, sender: str, receiver: str, ident: str, day: date):
        self.ns = message_namespace(wet, number)
        self.basis = basis_namespace(wet)
        std, prefix, _ = STANDARD[wet]
        self.root = etree.Element(
            f"{{{self.ns}}}Bericht", nsmap={std: self.basis, f"{prefix}{number}": self.ns}
        )
        h = self.sub(self.root, "Header")
        self.sub(h, "BerichtCode", BERICHT_CODES[(wet, number)])
        self.sub(h, "BerichtVersie", "3")
        self.sub(h, "BerichtSubversie", "2")
        self.sub(h, "Afzender", sender)
        self.sub(h, "Ontvanger", receiver)
        bi = self.sub(h, "BerichtIdentificatie")
        self.base(bi, "Identificatie", ident)
        self.base(bi, "Dagtekening", day.isoformat())
        xv = self.sub(h, "XsdVersie")
        self.base(xv, "BasisschemaXsdVersie", "1.0.0")
        self.base(xv, "BerichtXsdVersie", "1.0.0")

    def sub(self, parent: Any, name: str, text: str | None = None) -> Any:
        return _sub(parent, f"{{{self.ns}}}{name}", text)

    def base(self, parent: Any, name: str, text: str | None = None) -> Any:
        return _sub(parent, f"{{{self.basis}}}{name}", text)

    def client(self, bsn: str, member: Member, full_name: bool) -> Any:
        c = self.sub(self.root, "Client")
        self.sub(c, "Bsn", bsn)
        g = self.sub(c, "Geboortedatum")
        self.base(g, "Datum", member.birth_date.isoformat())
        self.sub(c, "Geslacht", "0")
        naam = self.sub(c, "Naam")
        gn = self.base(naam, "Geslachtsnaam")
        self.base(gn, "Achternaam", (member.name or "Onbekend")[:200])
        if full_name:
            self.base(naam, "NaamGebruik", "1")
        return c

    def product(self, parent: Any, p: Provision) -> None:
        if p.category is None:
            return
        prod = self.sub(parent, "Product")
        self.base(prod, "Categorie", p.category.value)
        if p.product_code is not None:
            self.base(prod, "Code", p.product_code)

    def bytes(self) -> bytes:
        text: bytes = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", pretty_print=True
        )
        return text.replace(b"\n", b"\r\n")


def _toewijzing_301(m: _Message, parent: Any, p: Provision) -> None:
    tp = m.sub(parent, "ToegewezenProduct")
    m.sub(tp, "ToewijzingNummer", str(p.toewijzingnummer))
    m.product(tp, p)
    m.sub(tp, "Toewijzingsdatum", (p.toewijzingsdatum or p.start).isoformat())
    m.sub(tp, "Toewijzingstijd", "00:00:00")
    m.sub(tp, "Ingangsdatum", p.start.isoformat())
    if p.end is not None:
        m.sub(tp, "Einddatum", p.end.isoformat())
    if p.volume is not None and p.unit is not None and p.frequency is not None:
        omvang = m.sub(tp, "Omvang")
        m.base(omvang, "Volume", str(p.volume))
        m.base(omvang, "Eenheid", p.unit.value)
        m.base(omvang, "Frequentie", p.frequency.value)
    if p.budget is not None:
        m.sub(tp, "Budget", str(p.budget))


def _delivery(m: _Message, parent: Any, p: Provision, stop: bool) -> None:
    item = m.sub(parent, "StopProduct" if stop else "StartProduct")
    m.sub(item, "ToewijzingNummer", str(p.toewijzingnummer))
    m.product(item, p)
    m.sub(item, "ToewijzingIngangsdatum", p.start.isoformat())
    m.sub(item, "Begindatum", (p.delivery_start or p.start).isoformat())
    if stop:
        assert p.delivery_end is not None
        reden = p.reden_beeindiging.value if p.reden_beeindiging is not None else None
        if reden is None:
            reden = "19" if p.wet is Wet.WMO else "31"  # levering volgens plan beeindigd
        m.sub(item, "RedenBeeindiging", reden)
        m.sub(item, "Einddatum", p.delivery_end.isoformat())
    m.sub(item, "StatusAanlevering", "1")


def messages_for(
    households: Iterable[Household], result: ExportResult | None = None
) -> Iterator[tuple[str, bytes]]:
    """``(file name, bytes)`` of every message for the provisions of ``households``."""
    result = result if result is not None else ExportResult()
    bsns = _Bsns()
    seq = 0
    for h in households:
        groups: dict[str, dict[tuple[Wet, str, str], list[Provision]]] = {}
        for p in h.provisions:
            if not exportable(p):
                result.skipped += 1
                continue
            assert p.gemeente_code is not None
            assert p.aanbieder_agb is not None
            groups.setdefault(p.member, {}).setdefault(
                (p.wet, p.gemeente_code, p.aanbieder_agb), []
            ).append(p)
        for member_id, by_party in groups.items():
            member = h.member(member_id)
            bsn = member.bsn or bsns.next()
            result.clients[(h.id, member_id)] = bsn
            for (wet, gemeente, agb), provisions in by_party.items():
                result.provisions += len(provisions)
                js = next((p.juridische_status for p in provisions if p.juridische_status), None)
                seq += 1
                day = max((p.toewijzingsdatum or p.start) for p in provisions)
                m = _Message(wet, "301", gemeente, agb, f"GP{seq:010d}", day)
                c = m.client(bsn, member, full_name=True)
                if js is not None:
                    m.sub(c, "JuridischeStatus", js.value)
                contact = m.sub(m.sub(c, "Contactgegevens"), "Contact")
                m.sub(contact, "Soort", "01")
                lst = m.sub(c, "ToegewezenProducten")
                for p in provisions:
                    _toewijzing_301(m, lst, p)
                yield f"{STANDARD[wet][2]}301_{seq:07d}.xml", m.bytes()
                for number, stop in (("305", False), ("307", True)):
                    chosen = [
                        p
                        for p in provisions
                        if (p.delivery_end is not None if stop else p.delivery_start is not None)
                    ]
                    if not chosen:
                        continue
                    seq += 1
                    days = [
                        (p.delivery_end if stop else p.delivery_start) or p.start for p in chosen
                    ]
                    m = _Message(wet, number, agb, gemeente, f"GP{seq:010d}", max(days))
                    c = m.client(bsn, member, full_name=False)
                    lst = m.sub(c, "StopProducten" if stop else "StartProducten")
                    for p in chosen:
                        _delivery(m, lst, p, stop)
                    yield f"{STANDARD[wet][2]}{number}_{seq:07d}.xml", m.bytes()


def _households(caseload: Path) -> Iterator[Household]:
    if caseload.is_dir():
        import pyarrow.parquet as pq

        from gezinsplan.caseload.documents import DOCUMENTS
        from gezinsplan.io import parse_household

        files = sorted((caseload / DOCUMENTS).glob("*.parquet"))
        if not files:
            raise InputError(f"{caseload}: no documents/ in this caseload folder")
        for f in files:
            table = pq.read_table(f, columns=["hkey", "document"]).sort_by("hkey")
            for doc in table.column("document").to_pylist():
                yield parse_household(json.loads(doc), source=str(f))
    else:
        from gezinsplan.io import iter_caseload

        yield from iter_caseload(caseload)


def export_caseload(caseload: Path, out: Path, *, replace: bool = False) -> ExportResult:
    """Write the messages of ``caseload`` (JSON Lines or a columnar folder) into ``out``."""
    if out.exists() and not replace:
        raise InputError(f"{out}: exists; remove it or pass --replace")
    if not out.parent.is_dir():
        raise InputError(f"{out.parent}: folder not found")
    part = out.parent / f".{out.name}.part-{os.getpid()}"
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(mode=0o700)
    result = ExportResult()
    try:
        for name, data in messages_for(_households(caseload), result):
            (part / name).write_bytes(data)
            result.messages += 1
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
            part.rename(out)
            shutil.rmtree(old)
        else:
            part.rename(out)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    return result
