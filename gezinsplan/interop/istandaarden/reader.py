"""Read one iWmo/iJw 3.2 message file (301, 305, 307, 315) into plain records.

A file larger than 64 KB is read incrementally with lxml's pull parser (the feed
interface under ``iterparse``, fed in chunks of 64 KB): only the header, the client's own
fields and the product elements reach Python, and each is cleared once read, so memory
stays bounded whatever the file's size. A smaller file (nearly every message) is parsed
whole and walked for the same elements in the same order, which costs about half as much
in lxml; a file that is not well-formed goes through the pull parser, so its problems are
the same either way. A file is all or nothing: every problem found is
returned as one line (file, line, element path, what is wrong) and no record is.

What is checked is what the library needs: a known message of release 3.2 with its own
BerichtCode, the required elements, codes in the message's own code lists, dates. Values
of the client (BSN, birth date, names) never appear in a problem. ``xsd`` additionally
validates the whole file against the user's copy of the official schemas.
"""

from __future__ import annotations

import io
import os
import re
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from lxml import etree

from gezinsplan.errors import Problem
from gezinsplan.interop.istandaarden.messages import (
    BERICHT_CODES,
    PRODUCT_ELEMENT,
    READ,
    RELEASE,
    RETOUR,
    STANDARD,
    MessageType,
    parse_namespace,
)
from gezinsplan.model.codelists import codes
from gezinsplan.model.enums import Wet

__all__ = [
    "Delivery",
    "FileResult",
    "Header",
    "Request",
    "Source",
    "Toewijzing",
    "iter_sources",
    "read_bytes",
    "read_source",
]

Version = tuple[date, str]
"""(Dagtekening, Identificatie) of a message: orders corrections of starts and stops."""


@dataclass(frozen=True, slots=True)
class Header:
    """The header and client of a message (the client's values never leave the import)."""

    wet: Wet
    number: str
    gemeente: str
    """The municipality's code (the 301's Afzender, the Ontvanger of the others)."""
    agb: str
    """The aanbieder's AGB code."""
    dagtekening: date
    identificatie: str
    bsn: str = field(repr=False)
    birth_date: date = field(repr=False)
    juridische_status: str | None


@dataclass(frozen=True, slots=True)
class Toewijzing:
    """One ToegewezenProduct of a 301."""

    header: Header
    nummer: int
    referentie: str | None
    category: str | None
    code: str | None
    toewijzingsdatum: date
    toewijzingstijd: str
    ingangsdatum: date
    einddatum: date | None
    reden_wijziging: str | None
    volume: int | None
    unit: str | None
    frequency: str | None
    budget: int | None


@dataclass(frozen=True, slots=True)
class Delivery:
    """One StartProduct (305) or StopProduct (307)."""

    header: Header
    stop: bool
    nummer: int
    category: str | None
    code: str | None
    toewijzing_ingang: date | None
    begindatum: date
    einddatum: date | None
    reden: str | None
    status: str


@dataclass(frozen=True, slots=True)
class Request:
    """One AangevraagdProduct of a 315 (a requested, planned provision)."""

    header: Header
    referentie: str
    category: str | None
    code: str | None
    ingangsdatum: date
    einddatum: date | None
    volume: int | None
    unit: str | None
    frequency: str | None
    budget: int | None


Record = Toewijzing | Delivery | Request


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one file gave: its records, or the problems that refused it."""

    name: str
    message: str
    records: tuple[Record, ...]
    problems: tuple[Problem, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """A message file: a path, or a member of a zip archive."""

    path: str
    member: str | None = None

    @property
    def name(self) -> str:
        return self.path if self.member is None else f"{self.path}!{self.member}"


def iter_sources(inputs: list[Path]) -> Iterator[Source]:
    """The message files of ``inputs``: files, folders (searched recursively, sorted) and
    the ``.xml`` members of ``.zip`` archives."""
    for item in inputs:
        if item.is_dir():
            files = sorted(
                os.path.join(top, name)
                for top, _dirs, names in os.walk(item)
                for name in names
                if name.lower().endswith((".xml", ".zip"))
            )
        else:
            files = [str(item)]
        for f in files:
            if f.lower().endswith(".zip"):
                with zipfile.ZipFile(f) as zf:
                    for info in sorted(zf.infolist(), key=lambda i: i.filename):
                        if not info.is_dir() and info.filename.lower().endswith(".xml"):
                            yield Source(f, info.filename)
            else:
                yield Source(f)


class _RefusedError(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _path(elem: Any) -> str:
    """``Bericht/Client/ToegewezenProducten/ToegewezenProduct[2]/Einddatum``."""
    parts: list[str] = []
    node = elem
    while node is not None:
        name = _local(node.tag)
        parent = node.getparent()
        if parent is not None:
            same = [c for c in parent if c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/".join(reversed(parts))


_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME = re.compile(r"^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?$")
_AGB = re.compile(r"^[0-9]{8}$")
_GEMEENTE = re.compile(r"^[0-9]{4}$")
_BSN = re.compile(r"^[0-9]{9}$")
_FIRST_DAY = date(1900, 1, 1)
_LAST_DAY = date(2199, 12, 31)
_DATES: dict[str, date] = {}
"""Dates read before (valid ones only): one object per day, looked up, not parsed."""


class _File:
    """Reads one message; collects problems instead of stopping at the first."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self._parent: Any = None
        self._kids: dict[str, Any] = {}

    def child(self, parent: Any, name: str, ns: str) -> Any:
        """The child ``{ns}name`` of ``parent`` (children indexed once per parent)."""
        if parent is not self._parent:
            self._parent = parent
            self._kids = {c.tag: c for c in parent}
        return self._kids.get(f"{{{ns}}}{name}")

    def problem(self, elem: Any, message: str, path: str | None = None) -> None:
        self.problems.append(
            Problem(self.name, path if path is not None else _path(elem), message, elem.sourceline)
        )

    def text(self, parent: Any, name: str, ns: str, *, required: bool = True) -> str | None:
        child = self.child(parent, name, ns)
        raw = child.text if child is not None else None
        # interned: codes, AGB codes, gemeenten and BSNs recur in many messages, and the
        # archive keeps them until every file is read
        value: str = sys.intern(raw.strip()) if raw is not None else ""
        if not value:
            if required:
                self.problem(parent, f"{name} is missing", f"{_path(parent)}/{name}")
            return None
        return value

    def day(
        self, parent: Any, name: str, ns: str, *, required: bool = True, personal: bool = False
    ) -> date | None:
        value = self.text(parent, name, ns, required=required)
        if value is None:
            return None
        day = _DATES.get(value)
        if day is not None:
            return day
        try:
            if not _DAY.match(value):
                raise ValueError
            day = date.fromisoformat(value)
        except ValueError:
            shown = "" if personal else f" {value!r}"
            self.problem(
                self.child(parent, name, ns), f"the value{shown} is not a date (YYYY-MM-DD)"
            )
            return None
        if not _FIRST_DAY <= day <= _LAST_DAY:
            shown = "" if personal else f" {value}"
            self.problem(
                self.child(parent, name, ns),
                f"the date{shown} lies outside 1900-01-01 to 2199-12-31",
            )
            return None
        if len(_DATES) < 120_000:  # every day from 1900 to 2199 fits
            _DATES[value] = day
        return day

    def number(
        self, parent: Any, name: str, ns: str, high: int, *, required: bool = True
    ) -> int | None:
        value = self.text(parent, name, ns, required=required)
        if value is None:
            return None
        if not value.isdigit() or int(value) > high:
            self.problem(
                self.child(parent, name, ns),
                f"{value!r} is not a whole number from 0 to {high}",
            )
            return None
        return int(value)

    def code(
        self, parent: Any, name: str, ns: str, wet: Wet, code_list: str, *, required: bool = True
    ) -> str | None:
        value = self.text(parent, name, ns, required=required)
        if value is None:
            return None
        if value not in codes(wet, code_list):
            std = "iWmo" if wet is Wet.WMO else "iJw"
            self.problem(
                self.child(parent, name, ns),
                f"{value!r} is not in the {std} 3.2 code list ({code_list})",
            )
            return None
        return value


def _omvang(
    f: _File, item: Any, ns: str, basis: str, wet: Wet
) -> tuple[int | None, str | None, str | None]:
    omvang = f.child(item, "Omvang", ns)
    if omvang is None:
        return None, None, None
    return (
        f.number(omvang, "Volume", basis, 99_999_999),
        f.code(omvang, "Eenheid", basis, wet, "eenheid"),
        f.code(omvang, "Frequentie", basis, wet, "frequentie"),
    )


def _product(f: _File, item: Any, ns: str, basis: str, wet: Wet) -> tuple[str | None, str | None]:
    product = f.child(item, "Product", ns)
    if product is None:
        return None, None
    category = f.code(product, "Categorie", basis, wet, "product_category")
    code = f.text(product, "Code", basis, required=False)
    if code is not None and len(code) > 5:
        f.problem(f.child(product, "Code", basis), "a product code has one to five characters")
        code = None
    return category, code


_CHUNK = 1 << 16
_TAGS = [
    "{*}Header",
    "{*}Bsn",
    "{*}Geboortedatum",
    "{*}JuridischeStatus",
    "{*}Relaties",
    "{*}Contactgegevens",
    *(f"{{*}}{item}" for _, item in PRODUCT_ELEMENT.values()),
]


_LOCAL = threading.local()


def _whole(data: bytes) -> Any:
    """A file that fits in one chunk, parsed whole (cheaper than the pull parser for the
    many small files of an archive), or None when it is not well-formed."""
    parser = getattr(_LOCAL, "parser", None)
    if parser is None:
        parser = _LOCAL.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True
        )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None  # read again by the pull parser, for the same problems


def _read(stream: IO[bytes], name: str) -> FileResult:
    first = stream.read(_CHUNK)
    # A file shorter than one chunk is walked whole: the same elements in the same order
    # (end events of _TAGS) as the pull parser gives once that one chunk is fed.
    whole = _whole(first) if len(first) < _CHUNK else None
    f = _File(name)
    records: list[Record] = []
    mtype: MessageType | None = None
    ns = basis = item_tag = client_tag = ""
    header: dict[str, Any] = {}
    client: dict[str, Any] = {"juridische_status": None}
    head: Header | None = None

    def handle(elem: Any) -> None:
        nonlocal mtype, ns, basis, item_tag, client_tag, head, header
        if mtype is None:
            mtype, ns, basis, item_tag = _root(f, elem.getroottree().getroot())
            client_tag = f"{{{ns}}}Client"
        tag = elem.tag
        if tag == item_tag:
            if head is None:
                head = _make_header(f, header, client, mtype)
            rec = _item(f, elem, ns, basis, mtype, head) if head is not None else None
            if rec is not None:
                records.append(rec)
            elem.clear()
            return
        parent = elem.getparent()
        if parent is None or not tag.startswith(ns, 1):
            return
        if parent.tag == client_tag:
            local = tag[len(ns) + 2 :]
            if local == "Bsn":
                if "bsn" in client:
                    f.problem(elem, "a message holds one Client")
                value = (elem.text or "").strip()
                if not _BSN.match(value):
                    f.problem(elem, "a BSN has nine digits")
                client["bsn"] = value
            elif local == "Geboortedatum":
                client["birth_date"] = f.day(elem, "Datum", basis, personal=True)
            elif local == "JuridischeStatus":
                client["juridische_status"] = f.code(
                    parent, "JuridischeStatus", ns, mtype.wet, "juridische_status"
                )
            else:
                elem.clear()
        elif parent.getparent() is None and tag == f"{{{ns}}}Header":
            header = _header(f, elem, ns, basis, mtype)
            elem.clear()

    try:
        if whole is not None:
            for _event, elem in etree.iterwalk(whole, events=("end",), tag=_TAGS):
                handle(elem)
            root = whole
        else:
            # fed in chunks, events handled between them: memory stays bounded
            parser = etree.XMLPullParser(
                events=("end",),
                tag=_TAGS,
                resolve_entities=False,
                no_network=True,
                remove_comments=True,
            )
            chunk = first
            while chunk:
                parser.feed(chunk)
                for _event, elem in parser.read_events():
                    handle(elem)
                chunk = stream.read(_CHUNK)
            root = parser.close()
            for _event, elem in parser.read_events():
                handle(elem)
        if mtype is None and root is not None:
            _root(f, root)
    except etree.XMLSyntaxError as e:
        line = e.lineno if e.lineno else None
        msg = re.sub(r",? line [0-9]+, column [0-9]+.*$", "", str(e.msg))
        f.problems.append(Problem(name, "", f"not well-formed XML: {msg}", line))
    except _RefusedError as e:
        f.problems.append(e.problem)
    message = mtype.name if mtype is not None else "?"
    if mtype is not None and not f.problems and not records:
        if head is None:
            _make_header(f, header, client, mtype)
        if not f.problems:
            f.problems.append(Problem(name, "Bericht/Client", f"{message} holds no products"))
    if f.problems:
        return FileResult(name, message, (), tuple(f.problems))
    return FileResult(name, message, tuple(records), ())


_ROOTS: dict[str, tuple[MessageType, str, str, str]] = {}
"""Root tags of messages that are read → what :func:`_root` gives for them."""


def _root(f: _File, elem: Any) -> tuple[MessageType, str, str, str]:
    tag = str(elem.tag)
    known = _ROOTS.get(tag)
    if known is not None:
        return known
    ns = tag[1:].split("}", 1)[0] if tag.startswith("{") else ""
    mtype = parse_namespace(ns)
    where = _local(tag)
    if mtype is None or _local(tag) != "Bericht":
        raise _RefusedError(
            Problem(
                f.name,
                where,
                "not an iWmo or iJw message (the root is no iStandaarden Bericht)",
                elem.sourceline,
            )
        )
    if mtype.release != RELEASE:
        std = "iWmo" if mtype.wet is Wet.WMO else "iJw"
        raise _RefusedError(
            Problem(
                f.name,
                where,
                f"{mtype.name} of release {mtype.release_text} is not read: import reads "
                f"{std} release 3.2",
                elem.sourceline,
            )
        )
    if mtype.number in RETOUR:
        raise _RefusedError(
            Problem(
                f.name,
                where,
                f"{mtype.name} is a retour message (the answer to a "
                f"{STANDARD[mtype.wet][2]}{int(mtype.number) - 1}); import reads 301, 305, 307 "
                "and 315",
                elem.sourceline,
            )
        )
    if mtype.number not in READ:
        raise _RefusedError(
            Problem(
                f.name,
                where,
                f"{mtype.name} is not read: import reads 301, 305, 307 and 315",
                elem.sourceline,
            )
        )
    std, _prefix, _ = STANDARD[mtype.wet]
    basis = f"http://www.istandaarden.nl/{std}/{RELEASE}/basisschema/schema"
    item_tag = f"{{{ns}}}{PRODUCT_ELEMENT[mtype.number][1]}"
    _ROOTS[tag] = (mtype, ns, basis, item_tag)
    return mtype, ns, basis, item_tag


def _header(f: _File, elem: Any, ns: str, basis: str, mtype: MessageType | None) -> dict[str, Any]:
    assert mtype is not None
    out: dict[str, Any] = {}
    code = f.text(elem, "BerichtCode", ns)
    expected = BERICHT_CODES[(mtype.wet, mtype.number)]
    if code is not None and code != expected:
        f.problem(
            elem.find(f"{{{ns}}}BerichtCode"),
            f"BerichtCode {code!r}: a {mtype.name} has {expected}",
        )
    version = f.text(elem, "BerichtVersie", ns)
    sub = f.text(elem, "BerichtSubversie", ns)
    if version is not None and sub is not None and (version, sub) != ("3", "2"):
        f.problem(
            elem.find(f"{{{ns}}}BerichtVersie"),
            f"BerichtVersie {version}.{sub} is not read: import reads release 3.2",
        )
    gemeente_first = mtype.number == "301"
    sender = f.text(elem, "Afzender", ns)
    receiver = f.text(elem, "Ontvanger", ns)
    for name, value, is_gemeente in (
        ("Afzender", sender, gemeente_first),
        ("Ontvanger", receiver, not gemeente_first),
    ):
        if value is None:
            continue
        pattern, what = (
            (_GEMEENTE, "a gemeentecode has four digits")
            if is_gemeente
            else (
                _AGB,
                "an AGB code has eight digits",
            )
        )
        if not pattern.match(value):
            f.problem(elem.find(f"{{{ns}}}{name}"), what)
    ident = elem.find(f"{{{ns}}}BerichtIdentificatie")
    if ident is None:
        f.problem(elem, "BerichtIdentificatie is missing", f"{_path(elem)}/BerichtIdentificatie")
    else:
        out["identificatie"] = f.text(ident, "Identificatie", basis)
        out["dagtekening"] = f.day(ident, "Dagtekening", basis)
    gemeente, agb = (sender, receiver) if gemeente_first else (receiver, sender)
    out["gemeente"], out["agb"] = gemeente, agb
    return out


def _make_header(
    f: _File, header: dict[str, Any], client: dict[str, Any], mtype: MessageType | None
) -> Header | None:
    assert mtype is not None
    if "bsn" not in client or "birth_date" not in client:
        if not f.problems:
            missing = "Bsn" if "bsn" not in client else "Geboortedatum"
            f.problems.append(
                Problem(f.name, f"Bericht/Client/{missing}", f"{missing} is missing", None)
            )
        return None
    needed = ("gemeente", "agb", "identificatie", "dagtekening")
    if any(header.get(k) is None for k in needed) or client["birth_date"] is None:
        return None
    return Header(
        mtype.wet,
        mtype.number,
        header["gemeente"],
        header["agb"],
        header["dagtekening"],
        header["identificatie"],
        client["bsn"],
        client["birth_date"],
        client["juridische_status"],
    )


def _item(
    f: _File, item: Any, ns: str, basis: str, mtype: MessageType | None, head: Header
) -> Record | None:
    assert mtype is not None
    wet = mtype.wet
    before = len(f.problems)
    category, code = _product(f, item, ns, basis, wet)
    if mtype.number == "301":
        nummer = f.number(item, "ToewijzingNummer", ns, 999_999_999)
        toewijzingsdatum = f.day(item, "Toewijzingsdatum", ns)
        tijd = f.text(item, "Toewijzingstijd", ns)
        if tijd is not None and not _TIME.match(tijd):
            f.problem(item.find(f"{{{ns}}}Toewijzingstijd"), f"{tijd!r} is not a time (hh:mm:ss)")
        ingang = f.day(item, "Ingangsdatum", ns)
        eind = f.day(item, "Einddatum", ns, required=False)
        reden = f.code(item, "RedenWijziging", ns, wet, "reden_wijziging", required=False)
        volume, unit, frequency = _omvang(f, item, ns, basis, wet)
        budget = f.number(item, "Budget", ns, 99_999_999, required=False)
        referentie = f.text(item, "ReferentieAanbieder", ns, required=False)
        if ingang is not None and eind is not None and eind < ingang:
            f.problem(item.find(f"{{{ns}}}Einddatum"), "Einddatum lies before Ingangsdatum")
        if len(f.problems) > before:
            return None
        assert nummer is not None
        assert toewijzingsdatum is not None
        assert tijd is not None
        assert ingang is not None
        return Toewijzing(
            head,
            nummer,
            referentie,
            category,
            code,
            toewijzingsdatum,
            tijd,
            ingang,
            eind,
            reden,
            volume,
            unit,
            frequency,
            budget,
        )
    if mtype.number in ("305", "307"):
        stop = mtype.number == "307"
        nummer = f.number(item, "ToewijzingNummer", ns, 999_999_999, required=False)
        if nummer is None and len(f.problems) == before:
            f.problem(
                item,
                "ToewijzingNummer is missing: a start or stop without toewijzing cannot be "
                "linked to a provision",
                f"{_path(item)}/ToewijzingNummer",
            )
        ingang = f.day(item, "ToewijzingIngangsdatum", ns, required=False)
        begin = f.day(item, "Begindatum", ns)
        eind = f.day(item, "Einddatum", ns) if stop else None
        reden = f.code(item, "RedenBeeindiging", ns, wet, "reden_beeindiging") if stop else None
        status = f.code(item, "StatusAanlevering", ns, wet, "status_aanlevering")
        if begin is not None and eind is not None and eind < begin:
            f.problem(item.find(f"{{{ns}}}Einddatum"), "Einddatum lies before Begindatum")
        if len(f.problems) > before:
            return None
        assert nummer is not None
        assert begin is not None
        assert status is not None
        return Delivery(head, stop, nummer, category, code, ingang, begin, eind, reden, status)
    referentie = f.text(item, "ReferentieAanbieder", ns)
    ingang = f.day(item, "ToewijzingIngangsdatum", ns)
    eind = f.day(item, "ToewijzingEinddatum", ns, required=False)
    volume, unit, frequency = _omvang(f, item, ns, basis, wet)
    budget = f.number(item, "Budget", ns, 99_999_999, required=False)
    if ingang is not None and eind is not None and eind < ingang:
        f.problem(
            item.find(f"{{{ns}}}ToewijzingEinddatum"),
            "ToewijzingEinddatum lies before ToewijzingIngangsdatum",
        )
    if len(f.problems) > before:
        return None
    assert referentie is not None
    assert ingang is not None
    return Request(head, referentie, category, code, ingang, eind, volume, unit, frequency, budget)


SchemaCheck = Callable[[IO[bytes], str], list[Problem]]
"""Validates a whole file against the official schemas: problems, or an empty list."""


def read_bytes(data: bytes, name: str, schema: SchemaCheck | None = None) -> FileResult:
    """Read one message held in memory (``name`` is used in problems)."""
    result = _read(io.BytesIO(data), name)
    if schema is not None and not result.problems:
        problems = schema(io.BytesIO(data), name)
        if problems:
            return FileResult(name, result.message, (), tuple(problems))
    return result


def _open(source: Source) -> IO[bytes]:
    if source.member is None:
        return open(source.path, "rb")
    zf = zipfile.ZipFile(source.path)
    return zf.open(source.member)


def read_source(source: Source, schema: SchemaCheck | None = None) -> FileResult:
    """Read one message file or zip member (``schema``: also validate it)."""
    with _open(source) as fh:
        result = _read(fh, source.name)
    if schema is not None and not result.problems:
        with _open(source) as fh:
            problems = schema(fh, source.name)
        if problems:
            return FileResult(source.name, result.message, (), tuple(problems))
    return result
