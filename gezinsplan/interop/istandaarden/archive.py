"""A municipality's message archive → one household per client, with its provisions.

The semantics of iWmo/iJw 3.2 that decide what holds (the order files arrive in does not
matter):

* A toewijzing is identified by law, gemeente and ToewijzingNummer. A 301 repeats every
  current toewijzing of the client at that aanbieder; the version with the latest
  Toewijzingsdatum and Toewijzingstijd holds. RedenWijziging 13 (verwijderd) removes it.
* A start (305) or stop (307) is identified by its toewijzing and Begindatum; a later
  message (Dagtekening, then Identificatie) with StatusAanlevering 2 corrects it, 3 deletes
  it. The latest delivery period gives ``delivery_start``; when it is stopped, its
  Einddatum gives ``delivery_end`` (and ends the provision, if the toewijzing runs
  longer) and its RedenBeeindiging ``reden_beeindiging``. Earlier periods are not kept.
* A request (315) is a planned provision (status ``aangevraagd``) until a 301 carries its
  ReferentieAanbieder: then the toewijzing replaces it.

One household per client: the messages carry no household, so each client is a
household of one member (``m1``; role ``kind`` for a client with Jeugdwet provisions
only, ``ouder`` otherwise) until a register says otherwise. The household id is a keyed
pseudonym of the BSN (the HMAC of :mod:`gezinsplan.store.pseudonymize`); the BSN and the
names are not kept. The gemeente is the CBS code of the client's latest message.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from gezinsplan.errors import Problem
from gezinsplan.interop.istandaarden.products import product_for
from gezinsplan.interop.istandaarden.reader import Delivery, Record, Request, Toewijzing
from gezinsplan.model.enums import ProductCategory, Wet
from gezinsplan.model.household import Household
from gezinsplan.store.pseudonymize import pseudonym

__all__ = [
    "VERBLIJF_CATEGORIES",
    "Archive",
    "client_household_id",
    "provision_id",
    "validate_document",
]

VERBLIJF_CATEGORIES = frozenset({"04", "15", "16", "17", "18", "35", "36", "37", "38", "43", "44"})
"""Categories with stay (verblijf): their provisions get kind ``verblijf``."""
_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def _opaque(hexdigest: str) -> str:
    """Hex digits as letters only: an id with no digits can never look like a date."""
    return hexdigest.translate(_LETTERS)


def client_household_id(key: bytes, bsn: str) -> str:
    """The household id of a client: a keyed pseudonym of the BSN."""
    return "h-" + _opaque(pseudonym(key, "bsn", bsn))


def provision_id(wet: Wet, gemeente: str, nummer: int) -> str:
    """``jw-0363-300.201``: law, gemeente and ToewijzingNummer in groups of three digits
    (so that no number reads as a date or a BSN)."""
    short = "wmo" if wet is Wet.WMO else "jw"
    return f"{short}-{gemeente}-{nummer:,}".replace(",", ".")


def _request_id(key: bytes, r: Request) -> str:
    ref = f"{r.header.wet.value}/{r.header.gemeente}/{r.header.agb}/{r.referentie}"
    return "aanvraag-" + _opaque(pseudonym(key, "referentie", ref))[:12]


@dataclass
class _Client:
    birth_date: date
    seen: tuple[date, str]
    gemeente: str


class Archive:
    """Collects the records of many files; :meth:`households` applies the semantics."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.toewijzingen: dict[tuple[Wet, str, int], Toewijzing] = {}
        self.deliveries: dict[tuple[Wet, str, int, bool, date], Delivery] = {}
        self.requests: dict[tuple[Wet, str, str, str], Request] = {}
        self.clients: dict[str, _Client] = {}
        self.messages = 0

    def add(self, records: Iterable[Record]) -> None:
        """Add the records of one accepted file."""
        self.messages += 1
        for r in records:
            h = r.header
            version = (h.dagtekening, h.identificatie)
            known = self.clients.get(h.bsn)
            if known is None or known.seen < version:
                self.clients[h.bsn] = _Client(h.birth_date, version, h.gemeente)
            if isinstance(r, Toewijzing):
                tkey = (h.wet, h.gemeente, r.nummer)
                old = self.toewijzingen.get(tkey)
                if old is None or _toewijzing_order(old) < _toewijzing_order(r):
                    self.toewijzingen[tkey] = r
            elif isinstance(r, Delivery):
                dkey = (h.wet, h.gemeente, r.nummer, r.stop, r.begindatum)
                old_d = self.deliveries.get(dkey)
                if old_d is None or _delivery_order(old_d) < _delivery_order(r):
                    self.deliveries[dkey] = r
            else:
                rkey = (h.wet, h.gemeente, h.agb, r.referentie)
                old_r = self.requests.get(rkey)
                if old_r is None or _delivery_order(old_r) < _delivery_order(r):
                    self.requests[rkey] = r

    def candidates(self) -> list[tuple[str, str, int, list[Any]]]:
        """Every client with provisions, sorted by household id: (household id, BSN, the
        client's place in the archive's own order, how to build each provision).

        Nothing is built yet: :meth:`document` builds one client's household document, so
        households can be built, validated and written a chunk at a time.
        """
        per_client: dict[str, list[Any]] = {}
        periods: dict[tuple[Wet, str, int], list[Delivery]] = {}
        for d in self.deliveries.values():
            if d.status != "3":
                periods.setdefault((d.header.wet, d.header.gemeente, d.nummer), []).append(d)
        granted: set[tuple[Wet, str, str, str]] = set()
        for tkey, t in self.toewijzingen.items():
            if t.referentie is not None:
                granted.add((t.header.wet, t.header.gemeente, t.header.agb, t.referentie))
            if t.reden_wijziging == "13":
                continue
            per_client.setdefault(t.header.bsn, []).append(
                (self._from_toewijzing, t, periods.pop(tkey, []))
            )
        for (wet, gemeente, nummer), ds in periods.items():
            first = min(ds, key=lambda d: d.begindatum)
            per_client.setdefault(first.header.bsn, []).append(
                (self._from_deliveries, wet, gemeente, nummer, ds)
            )
        for rkey, r in self.requests.items():
            if rkey not in granted:
                per_client.setdefault(r.header.bsn, []).append((self._from_request, r))
        out = [
            (client_household_id(self.key, bsn), bsn, order, builders)
            for order, (bsn, builders) in enumerate(per_client.items())
        ]
        out.sort(key=lambda c: c[0])
        return out

    def document(self, hid: str, bsn: str, builders: list[Any]) -> dict[str, Any]:
        """The household document of one client of :meth:`candidates` (not validated)."""
        provisions = [b[0](*b[1:]) for b in builders]
        client = self.clients[bsn]
        only_jeugd = all(p["wet"] == Wet.JEUGDWET.value for p in provisions)
        return {
            "id": hid,
            "gemeente": client.gemeente,
            "members": [
                {
                    "id": "m1",
                    "role": "kind" if only_jeugd else "ouder",
                    "birth_date": client.birth_date,
                }
            ],
            "provisions": sorted(provisions, key=lambda p: str(p["id"])),
        }

    def households(self) -> tuple[list[Household], list[Problem]]:
        """The households (sorted by id) and a problem per client that does not validate."""
        households: list[Household] = []
        found: list[tuple[int, list[Problem]]] = []
        for hid, bsn, order, builders in self.candidates():
            household, problems = validate_document(self.document(hid, bsn, builders))
            if household is not None:
                households.append(household)
            else:
                found.append((order, problems))
        found.sort(key=lambda f: f[0])
        return households, [p for _, ps in found for p in ps]

    # -- building provisions ---------------------------------------------------------
    def _base(
        self, wet: Wet, category: str | None, code: str | None, gemeente: str, agb: str
    ) -> dict[str, Any]:
        cat = ProductCategory(category) if category is not None else None
        out: dict[str, Any] = {
            "member": "m1",
            "wet": wet.value,
            "kind": "verblijf" if category in VERBLIJF_CATEGORIES else "maatwerkvoorziening",
            "product": product_for(cat, code).value,
            "gemeente_code": gemeente,
            "aanbieder_agb": agb,
        }
        if category is not None:
            out["category"] = category
        if code is not None:
            out["product_code"] = code
        return out

    def _from_toewijzing(self, t: Toewijzing, ds: list[Delivery]) -> dict[str, Any]:
        h = t.header
        out = self._base(h.wet, t.category, t.code, h.gemeente, h.agb)
        out.update(
            id=provision_id(h.wet, h.gemeente, t.nummer),
            start=t.ingangsdatum,
            toewijzingnummer=t.nummer,
            toewijzingsdatum=t.toewijzingsdatum,
        )
        if t.einddatum is not None:
            out["end"] = t.einddatum
        for name in ("volume", "unit", "frequency", "budget"):
            value = getattr(t, name)
            if value is not None:
                out[name] = value
        if h.juridische_status is not None:
            out["juridische_status"] = h.juridische_status
        _delivery(out, ds)
        return out

    def _from_deliveries(
        self, wet: Wet, gemeente: str, nummer: int, ds: list[Delivery]
    ) -> dict[str, Any]:
        latest = max(ds, key=_delivery_order)
        out = self._base(wet, latest.category, latest.code, gemeente, latest.header.agb)
        ingang = next((d.toewijzing_ingang for d in ds if d.toewijzing_ingang is not None), None)
        out.update(
            id=provision_id(wet, gemeente, nummer),
            start=ingang if ingang is not None else min(d.begindatum for d in ds),
            toewijzingnummer=nummer,
        )
        _delivery(out, ds)
        return out

    def _from_request(self, r: Request) -> dict[str, Any]:
        h = r.header
        out = self._base(h.wet, r.category, r.code, h.gemeente, h.agb)
        out.update(id=_request_id(self.key, r), start=r.ingangsdatum, status="aangevraagd")
        if r.einddatum is not None:
            out["end"] = r.einddatum
        for name in ("volume", "unit", "frequency", "budget"):
            value = getattr(r, name)
            if value is not None:
                out[name] = value
        return out


def validate_document(data: dict[str, Any]) -> tuple[Household | None, list[Problem]]:
    """The household of a document of :meth:`Archive.document`, or the problems that
    keep it out (one per validation error)."""
    try:
        return Household.model_validate(data), []
    except ValidationError as e:
        where = f"client {data['id']}"
        return None, [
            Problem(where, ".".join(str(x) for x in err["loc"]), err["msg"]) for err in e.errors()
        ]


def _toewijzing_order(t: Toewijzing) -> tuple[Any, ...]:
    h = t.header
    return (t.toewijzingsdatum, t.toewijzingstijd, h.dagtekening, h.identificatie, repr(t))


def _delivery_order(d: Delivery | Request) -> tuple[Any, ...]:
    h = d.header
    return (h.dagtekening, h.identificatie, repr(d))


def _delivery(out: dict[str, Any], ds: list[Delivery]) -> None:
    """The latest delivery period: its start, and its stop when there is one."""
    if not ds:
        return
    begin = max(d.begindatum for d in ds)
    out["delivery_start"] = begin
    stop = next((d for d in ds if d.stop and d.begindatum == begin), None)
    if stop is None or stop.einddatum is None:
        return
    out["delivery_end"] = stop.einddatum
    out["reden_beeindiging"] = stop.reden
    end = out.get("end")
    if (end is None or stop.einddatum < end) and stop.einddatum >= out["start"]:
        out["end"] = stop.einddatum
