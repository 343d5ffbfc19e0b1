"""The legal basis of a rule or an action, as data: law (with its BWB id), article, lid,
onderdeel, valid-from date, and the juriconnect reference that opens the article on
wetten.overheid.nl.

A rule file writes it as a list under ``basis``::

    basis:
      - {law: jeugdwet, article: "1.1", valid_from: 2015-01-01, note: "begrip jeugdige"}
      - {law: wgs, article: "4", lid: 2, valid_from: 2021-01-01}
      - {law: participatiewet, article: "19a", lid: 1, sub: d, valid_from: 2023-01-01}

``law`` is a key of :data:`LAWS` (the BWB identifiers of the Basiswettenbestand of
wetten.overheid.nl); ``article`` is written as the law writes it (``2.3.5``, ``22a``,
``4:13`` in the Awb, ``1a:11`` in the Wajong, ``246`` in Book 1 of the Burgerlijk Wetboek);
``lid`` is a number,
``sub`` the onderdeel (``a``, ``b``, ``1°``). The juriconnect reference follows the
Juriconnect standard for references to regulations (``jci1.3:c:BWBR…&artikel=…&lid=…``;
Books of the Burgerlijk Wetboek add ``&boek=``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["LAWS", "REFERENCE_TEXTS", "Law", "LegalBasis", "ReferenceText", "parse_basis"]


@dataclass(frozen=True)
class Law:
    """A law in the Basiswettenbestand."""

    key: str
    bwb_id: str
    title: str
    short: str
    """How a citation names it (``Jeugdwet``, ``Wgs``, ``BW``)."""
    book: str | None = None
    """The Book of a code (Burgerlijk Wetboek): articles are cited ``<book>:<article>``."""


_LAW_LIST = (
    Law("wmo2015", "BWBR0035362", "Wet maatschappelijke ondersteuning 2015", "Wmo 2015"),
    Law("jeugdwet", "BWBR0034925", "Jeugdwet", "Jeugdwet"),
    Law("participatiewet", "BWBR0015703", "Participatiewet", "Participatiewet"),
    Law("wgs", "BWBR0031331", "Wet gemeentelijke schuldhulpverlening", "Wgs"),
    Law("leerplichtwet", "BWBR0002628", "Leerplichtwet 1969", "Leerplichtwet 1969"),
    Law("wvggz", "BWBR0040635", "Wet verplichte geestelijke gezondheidszorg", "Wvggz"),
    Law("zvw", "BWBR0018450", "Zorgverzekeringswet", "Zvw"),
    Law("wlz", "BWBR0035917", "Wet langdurige zorg", "Wlz"),
    Law("akw", "BWBR0002368", "Algemene Kinderbijslagwet", "AKW"),
    Law("wkgb", "BWBR0022751", "Wet op het kindgebonden budget", "Wet op het kindgebonden budget"),
    Law(
        "wajong",
        "BWBR0008657",
        "Wet arbeidsongeschiktheidsvoorziening jonggehandicapten",
        "Wajong",
    ),
    Law("wi2021", "BWBR0044770", "Wet inburgering 2021", "Wet inburgering 2021"),
    Law("atw", "BWBR0002448", "Algemene termijnenwet", "Algemene termijnenwet"),
    Law("awb", "BWBR0005537", "Algemene wet bestuursrecht", "Awb"),
    Law("bw1", "BWBR0002656", "Burgerlijk Wetboek Boek 1", "BW", book="1"),
    Law("wth", "BWBR0024649", "Wet tijdelijk huisverbod", "Wet tijdelijk huisverbod"),
    Law("vw2000", "BWBR0011823", "Vreemdelingenwet 2000", "Vreemdelingenwet 2000"),
    Law("web", "BWBR0007625", "Wet educatie en beroepsonderwijs", "WEB"),
    Law("wsf2000", "BWBR0011453", "Wet studiefinanciering 2000", "Wsf 2000"),
    Law("wzt", "BWBR0018451", "Wet op de zorgtoeslag", "Wet op de zorgtoeslag"),
    Law("awir", "BWBR0018472", "Algemene wet inkomensafhankelijke regelingen", "Awir"),
    Law(
        "wzd",
        "BWBR0040632",
        "Wet zorg en dwang psychogeriatrische en verstandelijk gehandicapte cliënten",
        "Wzd",
    ),
    Law("gemeentewet", "BWBR0005416", "Gemeentewet", "Gemeentewet"),
)
LAWS: Mapping[str, Law] = {law.key: law for law in _LAW_LIST}
"""The laws a legal basis can cite, by key."""


@dataclass(frozen=True)
class ReferenceText:
    """The consolidated text of a law that the citations were read against: its version
    date on wetten.overheid.nl and, for a text held only in part, the articles it holds."""

    version: date
    articles: frozenset[str] | None = None
    """``None`` when the text holds the whole law; else the article numbers it holds."""

    def holds(self, article: str) -> bool:
        """True when the article is in the text."""
        return self.articles is None or article in self.articles


REFERENCE_TEXTS: Mapping[str, ReferenceText] = {
    "akw": ReferenceText(date(2025, 1, 1)),
    "atw": ReferenceText(date(2010, 10, 10)),
    "awb": ReferenceText(date(2024, 1, 1)),
    "bw1": ReferenceText(
        date(2025, 7, 5),
        frozenset(
            [
                "233",
                "234",
                "245",
                "246",
                "247",
                "254",
                "255",
                "263",
                "264",
                "265",
                "265a",
                "265b",
                "265c",
                "265d",
                "266",
                "431",
                "432",
                "449",
                "450",
                "451",
            ]
        ),
    ),
    "jeugdwet": ReferenceText(date(2026, 1, 1)),
    "leerplichtwet": ReferenceText(date(2026, 8, 1)),
    "participatiewet": ReferenceText(date(2026, 1, 1)),
    "vw2000": ReferenceText(date(2026, 9, 1), frozenset({"10", "11"})),
    "wajong": ReferenceText(date(2025, 1, 1)),
    "wgs": ReferenceText(date(2026, 7, 1)),
    "wi2021": ReferenceText(date(2025, 10, 21)),
    "wkgb": ReferenceText(date(2025, 1, 1)),
    "wlz": ReferenceText(date(2025, 7, 5)),
    "wmo2015": ReferenceText(date(2026, 7, 1)),
    "wth": ReferenceText(date(2020, 7, 1)),
    "wvggz": ReferenceText(
        date(2025, 7, 1),
        frozenset(["5:1", "5:2", "5:3", "5:4", "7:1", "7:2", "7:3", "7:4", "7:5", "7:6"]),
    ),
    "zvw": ReferenceText(date(2025, 7, 5)),
}
"""The consolidated law texts (from wetten.overheid.nl) the project's citations are checked
against, by law key; a law without an entry was checked on wetten.overheid.nl itself. The
project's tests compare this table with the texts."""


_ARTICLE_RE = re.compile(r"^[0-9]+[a-z]{0,3}(:[0-9]+[a-z]{0,3})?(\.[0-9]+[a-z]{0,3}){0,3}$")
_SUB_RE = re.compile(r"^([a-z]{1,2}|[0-9]{1,2}°)$")
_KEYS = {"law", "article", "lid", "sub", "valid_from", "note"}


@dataclass(frozen=True)
class LegalBasis:
    """One cited provision: law, article, lid, onderdeel, since when."""

    law: str
    article: str
    valid_from: date
    lid: int | None = None
    sub: str | None = None
    note: str = ""

    @property
    def bwb_id(self) -> str:
        """The BWB identifier of the law."""
        return LAWS[self.law].bwb_id

    @property
    def juriconnect(self) -> str:
        """``jci1.3:c:BWBR…&artikel=…[&lid=…]`` (Juriconnect standard)."""
        law = LAWS[self.law]
        ref = f"jci1.3:c:{law.bwb_id}"
        if law.book is not None:
            ref += f"&boek={law.book}"
        ref += f"&artikel={self.article}"
        if self.lid is not None:
            ref += f"&lid={self.lid}"
        return ref

    @property
    def url(self) -> str:
        """The article on wetten.overheid.nl."""
        return f"https://wetten.overheid.nl/{self.juriconnect}"

    def cite(self) -> str:
        """The citation in words: ``Jeugdwet art. 1.1``, ``Wgs art. 4 lid 2``,
        ``BW art. 1:246``, ``Participatiewet art. 19a lid 1 onder d``."""
        law = LAWS[self.law]
        article = f"{law.book}:{self.article}" if law.book else self.article
        text = f"{law.short} art. {article}"
        if self.lid is not None:
            text += f" lid {self.lid}"
        if self.sub is not None:
            text += f" onder {self.sub}"
        return text

    def checked_against(self) -> str:
        """Which text the citation was read against: ``referentietekst <version date>``, or
        ``wetten.overheid.nl (niet in de referentieteksten)``."""
        ref = REFERENCE_TEXTS.get(self.law)
        if ref is None or not ref.holds(self.article):
            return "wetten.overheid.nl (niet in de referentieteksten)"
        return f"referentietekst {ref.version.isoformat()}"

    def as_dict(self) -> dict[str, Any]:
        """Plain data (JSON): the fields plus BWB id, juriconnect reference and citation."""
        return {
            "law": self.law,
            "bwb_id": self.bwb_id,
            "article": self.article,
            "lid": self.lid,
            "sub": self.sub,
            "valid_from": self.valid_from.isoformat(),
            "juriconnect": self.juriconnect,
            "citation": self.cite(),
            "note": self.note,
        }


def parse_basis(raw: Any) -> tuple[list[LegalBasis], list[tuple[tuple[Any, ...], str]]]:
    """Parse a ``basis`` list; returns the entries and ``(path, message)`` problems (the
    path is relative to ``basis``)."""
    problems: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(raw, list) or not raw:
        return [], [((), "a non-empty list of {law, article, lid, sub, valid_from, note}")]
    out: list[LegalBasis] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(((i,), "an entry is a mapping with law, article, valid_from, …"))
            continue
        before = len(problems)
        for key in sorted(set(map(str, item)) - _KEYS):
            problems.append(((i, key), f"unknown key (allowed: {', '.join(sorted(_KEYS))})"))
        law = item.get("law")
        if not isinstance(law, str) or law not in LAWS:
            problems.append(((i, "law"), f"unknown law {law!r} (known: {', '.join(LAWS)})"))
        article = item.get("article")
        if isinstance(article, int) and not isinstance(article, bool):
            article = str(article)
        if not isinstance(article, str) or not _ARTICLE_RE.match(article):
            problems.append(
                (
                    (i, "article"),
                    "an article as the law writes it, quoted: '1.1', '22a', '4:13', '1a:1'",
                )
            )
        lid = item.get("lid")
        if lid is not None and (isinstance(lid, bool) or not isinstance(lid, int) or lid < 1):
            problems.append(((i, "lid"), "a lid is a whole number from 1"))
        sub = item.get("sub")
        if sub is not None:
            sub = str(sub)
            if not _SUB_RE.match(sub):
                problems.append(((i, "sub"), "an onderdeel such as a, b, 1°"))
        valid_from = item.get("valid_from")
        if type(valid_from) is not date:
            problems.append(
                ((i, "valid_from"), "the date the cited text applies from (YYYY-MM-DD)")
            )
        note = item.get("note", "")
        if not isinstance(note, str):
            problems.append(((i, "note"), "a note is text"))
        if len(problems) == before and isinstance(article, str) and type(valid_from) is date:
            out.append(LegalBasis(str(law), article, valid_from, lid, sub, str(note).strip()))
    return out, problems
